"""Write planned demo rows in bulk: `executemany` on SQLite, COPY on PostgreSQL.

Rows carry explicit primary keys (the planner numbers them), so books, their periods and
their events are linked without reading anything back.
"""

from datetime import UTC, datetime

from django.core.management.color import no_style
from django.db import connection

from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.units.models import Employer

from .generator import Chunk

EMPLOYER_COLUMNS = ("id", "code", "name", "tax_code", "address", "unit_id")
BOOK_COLUMNS = (
    "id", "number", "full_name", "search_name", "birth_date", "birth_precision", "sex",
    "identity_number", "employer_id", "unit_id", "issued_on", "state", "state_on",
)  # fmt: skip
PERIOD_COLUMNS = ("id", "book_id", "fund", "from_month", "to_month", "job", "wage", "rate")
EVENT_COLUMNS = (
    "id", "book_id", "action", "from_state", "to_state", "happened_on", "recorded_at",
    "via", "details", "unit_id", "employer_id",
)  # fmt: skip
# Registration of the campaign's books: 31/12/2016, 08:00 in Hà Nội.
CREATED_AT = datetime(2016, 12, 31, 1, 0)


def write_chunk(chunk: Chunk) -> None:
    """Write one chunk; call inside a transaction."""
    postgres = connection.vendor == "postgresql"
    created_at = CREATED_AT.replace(tzinfo=UTC) if postgres else CREATED_AT
    books = [(*row, created_at) for row in chunk.books]
    events = chunk.events
    if postgres:
        events = [(*row[:6], row[6].replace(tzinfo=UTC), *row[7:]) for row in events]
    write = _copy if postgres else _insert
    write("units_employer", EMPLOYER_COLUMNS, chunk.employers)
    write("books_book", (*BOOK_COLUMNS, "created_at"), books)
    write("books_period", PERIOD_COLUMNS, chunk.periods)
    write("books_bookevent", EVENT_COLUMNS, events)


def reset_sequences() -> None:
    """After writing explicit ids, let PostgreSQL's identity columns continue past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Employer, Book, Period, BookEvent])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _insert(table: str, columns: tuple[str, ...], rows: list) -> None:
    if not rows:
        return
    connection.ensure_connection()
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    # The raw sqlite3 connection: Django's cursor wrapper would rewrite every row's
    # placeholders, which costs more than the insert itself at this scale.
    connection.connection.executemany(sql, rows)


def _copy(table: str, columns: tuple[str, ...], rows: list) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
