"""The floor for issue #3: the same rows an import writes, already parsed, inserted with
`executemany` (SQLite) or COPY (PostgreSQL) in one transaction, nothing else.

    DATABASE_URL=... python bench/intake_floor.py books.csv periods.csv

Run on a freshly migrated database; prints the seconds of the inserts alone.
"""

import csv
import os
import sys
import time
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from sobhxh.books.text import fold  # noqa: E402
from sobhxh.units.models import Office  # noqa: E402


def day(text: str) -> date | None:
    if not text:
        return None
    parts = [int(p) for p in text.split("/")]
    if len(parts) == 3:
        return date(parts[2], parts[1], parts[0])
    if len(parts) == 2:
        return date(parts[1], parts[0], 1)
    return date(parts[0], 1, 1)


def parse(books_path: Path, periods_path: Path):
    offices = dict(Office.objects.values_list("code", "pk"))
    employers, books, ids = {}, [], {}
    now = datetime(2026, 1, 1)
    with books_path.open(encoding="utf-8-sig") as handle:
        rows = csv.reader(handle)
        next(rows)
        for pk, row in enumerate(rows, start=1):
            number, name, birth, sex, identity, code, employer_name, office, issued, _h = row
            if code not in employers:
                employers[code] = (len(employers) + 1, code, employer_name, "", "", offices[office])
            ids[number] = pk
            books.append(
                (
                    pk,
                    number,
                    name,
                    fold(name),
                    day(birth),
                    "day",
                    "male" if sex == "Nam" else "female",
                    identity,
                    employers[code][0],
                    offices[office],
                    day(issued),
                    "not_reviewed",
                    date.today(),
                    now,
                )
            )
    periods = []
    with periods_path.open(encoding="utf-8-sig") as handle:
        rows = csv.reader(handle)
        next(rows)
        for pk, (number, start, end, job, wage, rate, fund) in enumerate(rows, start=1):
            periods.append(
                (
                    pk,
                    ids[number],
                    fund.replace("Đ", "D"),
                    day(start),
                    day(end),
                    job,
                    int(wage),
                    Decimal(rate) if rate else None,
                )
            )
    return list(employers.values()), books, periods


def main() -> None:
    employers, books, periods = parse(Path(sys.argv[1]), Path(sys.argv[2]))
    tables = (
        ("units_employer", "id, code, name, tax_code, address, office_id", employers),
        (
            "books_book",
            "id, number, full_name, search_name, birth_date, birth_precision, sex, "
            "identity_number, employer_id, office_id, issued_on, state, state_on, created_at",
            books,
        ),
        ("books_period", "id, book_id, fund, from_month, to_month, job, wage, rate", periods),
    )
    started = time.perf_counter()
    split = []
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in tables:
            split.append(f"{table} {time.perf_counter() - started:.1f} s")
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["?"] * len(rows[0]))
                connection.connection.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows
                )
    seconds = time.perf_counter() - started
    total = len(books) + len(periods)
    print(f"floor: {total} rows in {seconds:.1f} s ({total / seconds:,.0f} rows/s)")
    print("  started at: " + ", ".join(split), file=sys.stderr)


if __name__ == "__main__":
    main()
