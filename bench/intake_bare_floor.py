"""The bare floor: the rows an import writes, already parsed (as `intake_floor.py` parses
them), inserted with `executemany` into minimal SQLite tables that have a primary key and
nothing else (no other index, no constraint, no foreign key), in one transaction.

    python bench/intake_bare_floor.py books.csv periods.csv

Needs no database of the project's: it makes a scratch SQLite file beside the inputs and
deletes it. Prints the seconds of the inserts alone, with the same journal settings as
sobhxh's SQLite (WAL, synchronous NORMAL).
"""

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# intake_floor sets Django up: the office ids of the files.
from intake_floor import parse

TABLES = {
    "employer": "id INTEGER PRIMARY KEY, code, name, tax_code, address, office_id",
    "book": "id INTEGER PRIMARY KEY, number, full_name, search_name, birth_date, "
    "birth_precision, sex, identity_number, employer_id, office_id, issued_on, state, state_on, "
    "created_at",
    "period": "id INTEGER PRIMARY KEY, book_id, fund, from_month, to_month, job, wage, rate",
}


def main() -> None:
    books_path, periods_path = Path(sys.argv[1]), Path(sys.argv[2])
    employers, books, periods = parse(books_path, periods_path)
    # Values as sobhxh hands them to SQLite: dates and decimals as text.
    books = [
        tuple(v if v is None or isinstance(v, int | str) else str(v) for v in row) for row in books
    ]
    periods = [
        tuple(v if v is None or isinstance(v, int | str) else str(v) for v in row)
        for row in periods
    ]
    with tempfile.TemporaryDirectory(dir=books_path.parent) as folder:
        connection = sqlite3.connect(Path(folder) / "bare.sqlite3", isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        for table, columns in TABLES.items():
            connection.execute(f"CREATE TABLE {table} ({columns})")
        started = time.perf_counter()
        connection.execute("BEGIN")
        for table, rows in (("employer", employers), ("book", books), ("period", periods)):
            marks = ", ".join(["?"] * len(rows[0]))
            connection.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        connection.execute("COMMIT")
        seconds = time.perf_counter() - started
        connection.close()
    total = len(books) + len(periods)
    print(f"bare floor: {total} rows in {seconds:.2f} s ({total / seconds:,.0f} rows/s)")


if __name__ == "__main__":
    main()
