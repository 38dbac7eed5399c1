"""Peak memory and time of checking a problem's attachment that is a zip of empty members
(just under the 10 MB attachment limit): the directory alone is the bomb.

    .venv/bin/python bench/attachment_zip.py

Prints, under tracemalloc, what `zipfile` alone takes to list the members and what
`problems.files.check` takes (it measures the directory from the zip's end record first).
"""

import io
import os
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from sobhxh.problems import files  # noqa: E402


def bomb() -> tuple[bytes, int]:
    buffer = io.BytesIO()
    members = 0
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", b"")
        while buffer.tell() < 4_000_000:  # the directory doubles it, near the limit
            archive.writestr(str(members), b"")
            members += 1
    return buffer.getvalue(), members


def measure(name: str, work) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        work()
        outcome = "accepted"
    except files.ProblemRefused:
        outcome = "refused"
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"  {name}: {outcome}, peak {peak / 1e6:.1f} MB, {time.perf_counter() - started:.2f} s")


def main() -> None:
    data, members = bomb()
    print(f"{len(data):,} bytes, {members:,} members")
    measure("zipfile.ZipFile(...).namelist()", lambda: zipfile.ZipFile(io.BytesIO(data)).namelist())
    measure("files.check", lambda: files.check(SimpleUploadedFile("danh-sach.xlsx", data)))


if __name__ == "__main__":
    main()
