"""Write planned demo rows in bulk: `executemany` on SQLite, COPY on PostgreSQL.

Rows carry explicit primary keys (the planner numbers them), so books, their periods and
their events are linked without reading anything back.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from django.core.management.color import no_style
from django.db import connection

from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.db.bulk import (
    db_datetime,
    foreign_keys,
    rebuild_dropped_indexes,
    secondary_indexes,
    write_rows,
)
from sobhxh.progress.models import EmployerCount, EmployerDelta
from sobhxh.units.models import Employer, Office

from .generator import Chunk, Ids, OfficeRow

EMPLOYER_COLUMNS = ("id", "code", "name", "tax_code", "address", "office_id")
BOOK_COLUMNS = (
    "id", "number", "full_name", "search_name", "birth_date", "birth_precision", "sex",
    "identity_number", "employer_id", "office_id", "issued_on", "state", "state_on",
    "waiting_reason",
)  # fmt: skip
PERIOD_COLUMNS = ("id", "book_id", "fund", "from_month", "to_month", "job", "wage", "rate")
EVENT_COLUMNS = (
    "id", "book_id", "action", "from_state", "to_state", "happened_on", "recorded_at",
    "via", "details", "office_id", "employer_id", "waiting_reason",
)  # fmt: skip
# The tables the demo loads in bulk.
LOADED = (Employer, Book, Period, BookEvent, EmployerCount, EmployerDelta)
# Registration of the campaign's books: 31/12/2016, 08:00 in Hà Nội.
CREATED_AT = datetime(2016, 12, 31, 1, 0)


def write_chunk(chunk: Chunk) -> None:
    """Write one chunk; call inside a transaction."""
    created_at = db_datetime(CREATED_AT)
    books = [(*row, created_at) for row in chunk.books]
    events = chunk.events
    if connection.vendor != "postgresql":  # planned aware: SQLite stores naive UTC
        events = [(*row[:6], db_datetime(row[6]), *row[7:]) for row in events]
    write_rows("units_employer", EMPLOYER_COLUMNS, chunk.employers)
    write_rows("books_book", (*BOOK_COLUMNS, "created_at"), books)
    write_rows("books_period", PERIOD_COLUMNS, chunk.periods)
    write_rows("books_bookevent", EVENT_COLUMNS, events)
    # An employer is planned in the chunk of its books: its office is among the chunk's.
    office_of = {row[0]: row[EMPLOYER_COLUMNS.index("office_id")] for row in chunk.employers}
    write_rows(
        "progress_employercount",
        ("employer_id", "office_id", "state", "total"),
        [(key[0], office_of[key[0]], *key[1:], n) for key, n in chunk.employer_counts.items() if n],
    )
    write_rows(
        "progress_employerdelta",
        ("employer_id", "office_id", "day", "state", "change"),
        # In key order, so that the unique index grows at its end.
        [
            (key[0], office_of[key[0]], *key[1:], n)
            for key, n in sorted(chunk.employer_deltas.items())
            if n
        ],
    )


def reset_sequences() -> None:
    """After writing explicit ids, let PostgreSQL's identity columns continue past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), [Employer, Book, Period, BookEvent])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


@contextmanager
def indexes_deferred() -> Iterator[None]:
    """Drop the secondary indexes of the tables being loaded (and, on PostgreSQL, their
    foreign keys) and build them again after.

    Building an index once over a million rows is several times faster than updating it
    row by row, and adding a foreign key back checks every row in one join, where a kept
    one queues a check per row until the end (150 million of them at 15 million books).
    Indexes that back a primary key or a unique constraint stay in place. Use inside a
    transaction: an interrupted load leaves nothing dropped.
    """
    rebuild_dropped_indexes()  # an interrupted import may have left some dropped
    tables = [model._meta.db_table for model in LOADED]
    indexes = secondary_indexes(tables)
    keys = foreign_keys(tables)
    with connection.cursor() as cursor:
        if keys:
            # PostgreSQL alters no table with foreign-key checks pending (Django defers
            # them to the commit): run those of anything written before the load now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        for name, table, _sql in keys:
            cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL will not build an index on a table with foreign-key checks still
            # pending (Django's are deferred to the commit): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            # Sorting in memory rather than on disk: the national registry's indexes build
            # in minutes instead of tens of minutes. For this transaction only.
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _name, sql in indexes:
            cursor.execute(sql)
        for _name, _table, sql in keys:
            cursor.execute(sql)


def offices() -> list[OfficeRow]:
    """Every provincial and district office, as the planner needs them."""
    rows = Office.objects.exclude(level=Office.Level.CENTRE).values_list(
        "pk", "code", "name", "level", "province__code"
    )
    return [OfficeRow(*row) for row in rows.order_by("code")]


def next_ids() -> Ids:
    """The first free primary key of each table the demo writes."""

    def after(model) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    return Ids(after(Employer), after(Book), after(Period), after(BookEvent))
