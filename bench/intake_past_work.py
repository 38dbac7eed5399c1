"""Import BOOKS books whose earlier work is in the file: the books.csv of
`bench/intake_files.py` with review, confirmation and handover dates filled in (every book
handed over between 2017 and 2018, most with their review and confirmation days before,
some to an authorised person), into a freshly migrated registry; then the same files again
(every step already taken); then `verify`. Prints the seconds of each.

    .venv/bin/python bench/intake_past_work.py --books 200000            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sobhxh_bench_pastwork \\
        .venv/bin/python bench/intake_past_work.py --books 200000
"""

import argparse
import csv
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable


def with_dates(source: Path, target: Path, seed: int) -> None:
    rng = random.Random(seed)
    with (
        source.open(encoding="utf-8-sig", newline="") as read,
        target.open("w", encoding="utf-8-sig", newline="") as write,
    ):
        rows, out = csv.reader(read), csv.writer(write)
        header = next(rows)
        handed_at = header.index("Ngày bàn giao")
        out.writerow([*header[:handed_at], "Ngày rà soát", "Ngày xác nhận", "Ngày bàn giao",
                      "Người nhận sổ"])  # fmt: skip
        for row in rows:
            handed = date(2017, 1, 10) + timedelta(days=rng.randint(0, 720))
            confirmed = handed - timedelta(days=rng.randint(0, 20))
            reviewed = confirmed - timedelta(days=rng.randint(0, 10))
            if reviewed.year < 2017 or rng.random() < 0.3:
                reviewed = confirmed = None  # a handover date alone: both implied
            person = "Nguyễn Thị Mẹ" if rng.random() < 0.1 else ""
            out.writerow([*row[:handed_at], _day(reviewed), _day(confirmed), _day(handed), person])


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def seconds(*command: str, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=200_000)
    args = parser.parse_args()
    files = OUT / f"files-csv-{args.books}"
    if not (files / ".done").exists():
        subprocess.run([PYTHON, "bench/intake_files.py", str(files), "--books", str(args.books)],
                       check=True, cwd=ROOT, stdout=subprocess.DEVNULL)  # fmt: skip
        (files / ".done").touch()
    dated = OUT / f"files-past-work-{args.books}"
    dated.mkdir(parents=True, exist_ok=True)
    if not (dated / "books.csv").exists():
        with_dates(files / "books.csv", dated / "books.csv", seed=112)
    env = dict(os.environ)
    database = env.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as scratch:
        if not database:
            env["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
        elif "postgres" in database:
            name = database.rsplit("/", 1)[1]
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name],
                           check=True)  # fmt: skip
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], check=True, env=env, cwd=ROOT)
        command = (PYTHON, "manage.py", "import_books", str(dated / "books.csv"),
                   str(files / "periods.csv"), "--json")  # fmt: skip
        first = seconds(*command, env=env)
        again = seconds(*command, env=env)
        checked = seconds(PYTHON, "manage.py", "verify", env=env)
    where = "PostgreSQL" if "postgres" in env["DATABASE_URL"] else "SQLite"
    print(
        f"{where}: {args.books} books with handover dates ({args.books * 5} periods): "
        f"import {first:.1f} s, again {again:.1f} s, verify {checked:.1f} s"
    )


if __name__ == "__main__":
    main()
