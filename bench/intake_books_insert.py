"""The least that writing N books costs, whatever the importer: N ready-made book tuples
inserted into books_book in one transaction (`executemany` on SQLite, COPY on PostgreSQL),
its secondary indexes dropped as for a load into an empty registry; nothing parsed, no
event, no counter. Rolled back at the end.

    DATABASE_URL=... python bench/intake_books_insert.py 100000

Run on a freshly migrated database. The goal of issue #3 "30× faster than
django-import-export" asks for 100,000 books in about 1.1 s end to end: compare.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from sobhxh.books.services import _NEW_BOOK_COLUMNS  # noqa: E402
from sobhxh.db.bulk import secondary_indexes, write_rows  # noqa: E402
from sobhxh.units.models import Employer, Office  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with transaction.atomic():
        office = Office.objects.filter(level="district").first()
        employer = Employer.objects.create(code="BENCH", name="Bench", office=office)
        with connection.cursor() as cursor:
            for name, _sql in secondary_indexes(["books_book"]):
                cursor.execute(f'DROP INDEX "{name}"')
        rows = [
            (f"{n:010d}", "Nguyễn Văn An", "nguyen van an", "1985-02-01", "day", "male",
             "001085000123", employer.pk, office.pk, "2010-03-15", "not_reviewed", "2026-12-05",
             "2026-12-05 01:00:00+00:00")
            for n in range(count)
        ]  # fmt: skip
        started = time.perf_counter()
        write_rows("books_book", _NEW_BOOK_COLUMNS, rows)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(
        f"{count} books written in {seconds:.2f} s ({count / seconds:,.0f} rows/s), "
        f"{connection.vendor}, secondary indexes dropped, nothing else"
    )


if __name__ == "__main__":
    main()
