"""The importer's scratch tables: temporary, per connection, gone when the import ends.

- `intake_period` parks every period row of the file until its book is written, so that a
  book and its periods land in the same transaction whatever order the files come in.
  Rows are appended without an index (COPY on PostgreSQL), and indexed once at the end of
  the file: building one index over millions of rows is far faster than keeping it up to
  date row by row.
- `intake_seen` holds the numbers of the book rows read so far (the first row of a
  number wins), `intake_done` those whose book was written with its periods; periods whose
  number is not done when the books are all in belong to books stored earlier.
"""

from collections.abc import Iterator
from datetime import date

from django.db import connection

from sobhxh.db.bulk import one_of, write_rows

# The row number orders the rows as the file does: the periods are one table of one file.
PERIOD_COLUMNS = ("number", "fund", "from_month", "to_month", "job", "wage", "rate", "row_number")
TABLES = ("intake_period", "intake_seen", "intake_done")


def create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE intake_period (number varchar(10), fund varchar(10), "
            "from_month date, to_month date, job text, wage bigint, rate decimal(5, 2), "
            "row_number integer)"
        )
        cursor.execute("CREATE TEMP TABLE intake_seen (number varchar(10) PRIMARY KEY)")
        cursor.execute("CREATE TEMP TABLE intake_done (number varchar(10) PRIMARY KEY)")


def drop() -> None:
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        # SQLite keeps temporary tables in a file of the connection's own: closing the
        # connection deletes it at once, where DROP TABLE frees millions of rows' pages one
        # by one (4 s for a million books). Django opens a new connection when next asked.
        connection.close()
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")


def park_periods(rows: list[tuple]) -> None:
    """Append parsed period rows (in PERIOD_COLUMNS order)."""
    if rows:
        write_rows("intake_period", PERIOD_COLUMNS, rows)


def index_periods() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE INDEX intake_period_key ON intake_period (number, fund, from_month, row_number)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE intake_period")


def repeated_periods() -> list[tuple]:
    """(row number, from month) of every period whose key (number, fund, from month)
    came earlier in the file; the first of each key is kept."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.row_number, p.from_month FROM intake_period p JOIN ("
            "  SELECT number, fund, from_month, MIN(row_number) AS first FROM intake_period"
            "  GROUP BY number, fund, from_month HAVING COUNT(*) > 1"
            ") repeated ON p.number = repeated.number AND p.fund = repeated.fund"
            " AND p.from_month = repeated.from_month AND p.row_number > repeated.first "
            "ORDER BY p.row_number"
        )
        return cursor.fetchall()


def forget_periods(row_numbers: list[int]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(row_numbers), 5000):
            part = row_numbers[start : start + 5000]
            condition, params = one_of("row_number", part)
            cursor.execute(f"DELETE FROM intake_period WHERE {condition}", params)


def already_seen(numbers: list[str]) -> set[str]:
    if not numbers:
        return set()
    condition, params = one_of("number", numbers)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number FROM intake_seen WHERE {condition}", params)
        return {number for (number,) in cursor.fetchall()}


def mark(table: str, numbers) -> None:
    rows = [(number,) for number in numbers]
    if rows:
        write_rows(table, ("number",), rows)


def periods_of(numbers: list[str]) -> list[tuple]:
    """(number, fund, from, to, job, wage, rate, row number) parked for these books."""
    condition, params = one_of("number", numbers)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT number, fund, from_month, to_month, job, wage, rate, row_number "
            f"FROM intake_period WHERE {condition} ORDER BY row_number",
            params,
        )
        return cursor.fetchall()


def period_counts(numbers: list[str]) -> dict[str, int]:
    """How many periods are parked for each of these numbers (those with any)."""
    if not numbers:
        return {}
    condition, params = one_of("number", numbers)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT number, COUNT(*) FROM intake_period WHERE {condition} GROUP BY number",
            params,
        )
        return dict(cursor.fetchall())


def periods_of_new_books(book_ids: dict[str, int]) -> tuple[str, list]:
    """The SELECT (and its parameters) of the parked periods of books just registered
    (their ids by number), in `books.services.PERIOD_COLUMNS` order, for the books' door
    to insert in one statement."""
    numbers = sorted(book_ids)
    if connection.vendor == "postgresql":
        # One index probe per book: left to itself the planner hashes the whole parked
        # table for each chunk of books (OFFSET 0 keeps the subquery from being flattened).
        return (
            "SELECT chunk.id, p.fund, p.from_month, p.to_month, p.job, p.wage, p.rate "
            "FROM unnest(%s::varchar[], %s::bigint[]) AS chunk(number, id) "
            "CROSS JOIN LATERAL (SELECT * FROM intake_period WHERE number = chunk.number "
            "OFFSET 0) p",
            [numbers, [book_ids[number] for number in numbers]],
        )
    condition, params = one_of("p.number", numbers)
    return (
        "SELECT b.id, p.fund, p.from_month, p.to_month, p.job, p.wage, p.rate "
        f"FROM intake_period p JOIN books_book b ON b.number = p.number WHERE {condition}",
        params,
    )


def overlapping_periods() -> Iterator[tuple[int, date]]:
    """(row number, from month) of each parked period that starts inside an earlier one of
    the same book, fund and workplace: one row for each such pair, in one pass over the
    whole table (per chunk of books, PostgreSQL would scan it again each time)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT later.row_number, later.from_month FROM intake_period earlier "
            "JOIN intake_period later ON later.number = earlier.number "
            "AND later.fund = earlier.fund AND later.job = earlier.job "
            "AND later.from_month > earlier.from_month AND later.from_month <= earlier.to_month "
            "ORDER BY later.row_number"
        )
        while rows := cursor.fetchmany(5000):
            yield from rows


def leftover_numbers(*, after: str, limit: int) -> list[str]:
    """Numbers with parked periods whose book was not in the file, in order, after `after`."""
    with connection.cursor() as cursor:
        # NOT EXISTS, not NOT IN: PostgreSQL cannot hash a million numbers within work_mem
        # and would compare every parked row with every book written.
        cursor.execute(
            "SELECT DISTINCT p.number FROM intake_period p WHERE p.number > %s "
            "AND NOT EXISTS (SELECT 1 FROM intake_done d WHERE d.number = p.number) "
            f"ORDER BY p.number LIMIT {int(limit)}",
            [after],
        )
        return [number for (number,) in cursor.fetchall()]
