"""A real interruption: `import_books` killed with SIGKILL in the middle of a file, in its
own process and database, then run again."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BOOKS, PERIODS_PER_BOOK = 15_000, 5


def _manage(database: Path, *args, **options):
    environment = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "IMPORT_COMMIT_EVERY": "5000",
    }
    command = [sys.executable, str(ROOT / "manage.py"), *args]
    return subprocess.Popen(command, cwd=ROOT, env=environment, **options)


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=30) as db:
        return db.execute(sql).fetchone()[0]


def test_an_import_killed_midway_keeps_whole_books_and_a_second_run_finishes_it(tmp_path):
    files = tmp_path / "files"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/intake_files.py"), str(files), "--books", str(BOOKS)],
        check=True,
        capture_output=True,
    )
    database = tmp_path / "db.sqlite3"
    assert _manage(database, "migrate", "-v0").wait() == 0
    paths = [str(files / "books.csv"), str(files / "periods.csv")]

    importing = _manage(database, "import_books", *paths, "--quiet", stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _books(database) == 0 and importing.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    importing.send_signal(signal.SIGKILL)
    importing.wait()
    # The parsing process it had forked finds nobody to send to, and ends too.
    deadline = time.monotonic() + 30
    while _processes_reading(files) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _processes_reading(files)

    landed = _books(database)
    assert 0 < landed < BOOKS, "the kill should come after a chunk and before the end"
    # Every book that landed has all its periods and its register event.
    assert _count(database, "SELECT COUNT(*) FROM books_period") == landed * PERIODS_PER_BOOK
    assert _count(database, "SELECT COUNT(*) FROM books_bookevent") == landed

    assert _manage(database, "import_books", *paths, "--quiet").wait() == 0
    assert _books(database) == BOOKS
    assert _count(database, "SELECT COUNT(*) FROM books_period") == BOOKS * PERIODS_PER_BOOK
    assert _count(database, "SELECT COUNT(*) FROM books_bookevent") == BOOKS
    assert _manage(database, "verify", stdout=subprocess.DEVNULL).wait() == 0


def _processes_reading(files: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if entry.name.isdigit() and str(files).encode() in command:
            found.append(int(entry.name))
    return found


def _books(database: Path) -> int:
    return _count(database, "SELECT COUNT(*) FROM books_book")
