"""Write many rows at once: the raw `executemany` on SQLite, COPY on PostgreSQL.

At a million rows, Django's ORM costs more than the database: `bulk_create` builds a model
instance and prepares every value of every row, and the SQLite cursor wrapper rewrites each
row's placeholders. The paths that load books in bulk (the importer, the demo generator,
`register_books`) write through here instead. Call inside a transaction.
"""

import functools
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime

from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import Field
from django.db.models.lookups import In


def write_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    if connection.vendor == "postgresql":
        _copy(table, columns, rows)
    else:
        _insert(table, columns, rows)


def db_datetime(moment: datetime) -> datetime:
    """A timestamp as the raw driver must be given it: aware on PostgreSQL, naive UTC on
    SQLite (what Django itself stores there)."""
    if connection.vendor == "postgresql":
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def db_dates() -> Callable[[date | None], date | str | None]:
    """How to give the raw driver a date or (naive) timestamp: as is on PostgreSQL; on
    SQLite the ISO text Django stores, which spares the driver's adapter (a Python call for
    each value of each row). Ask once for many values: `connection.vendor` is a look-up of
    the thread's connection, which a million rows would pay twice each."""
    return _as_given if connection.vendor == "postgresql" else _iso


def _as_given(value):
    return value


def _iso(value: date | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(" ") if isinstance(value, datetime) else value.isoformat()


# Values looked up by one `IN (...)` query when a caller splits a long list of ids or
# numbers: well below SQLite's limit on a statement's variables (32,766).
VALUES_PER_QUERY = 2000


def one_of(column: str, values: Sequence) -> tuple[str, list]:
    """SQL and parameters for `column` being one of `values`: one array parameter on
    PostgreSQL (thousands of placeholders cost more to send and plan than the query)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(values)]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)


@Field.register_lookup
class OneOf(In):
    """`field__one_of=[...]`: `__in` for thousands of values, sent on PostgreSQL as one
    array parameter (`= ANY(%s)`), as `one_of` does for raw SQL."""

    lookup_name = "one_of"

    def as_postgresql(self, compiler, connection):
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        _sqls, params = self.batch_process_rhs(compiler, connection, values)
        return f"{lhs} = ANY(%s)", (*lhs_params, list(params))


def upsert_sums(
    table: str, keys: Sequence[str], value: str, rows: list[tuple], *, also: Sequence[str] = ()
) -> None:
    """Add each row's amount to `value` of the row with the same keys, creating the row
    when missing: one statement on PostgreSQL (the rows sent as arrays), `executemany` on
    SQLite, where a statement costs no round trip. A row is (*keys, *also, amount): the
    columns `also` are written when the row is created and left as they are after."""
    columns = ", ".join((*keys, *also, value))
    update = (
        f"ON CONFLICT ({', '.join(keys)}) "
        f"DO UPDATE SET {value} = {table}.{value} + excluded.{value}"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = _column_types(table, (*keys, *also, value))
            arrays = ", ".join(f"%s::{kind}[]" for kind in types)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}) {update}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            marks = ", ".join(["%s"] * (len(keys) + len(also) + 1))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks}) {update}", rows)


@functools.cache
def _column_types(table: str, columns: tuple[str, ...]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = ANY(%s)",
            [table, list(columns)],
        )
        types = dict(cursor.fetchall())
    return [types[column] for column in columns]


def _insert(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    connection.ensure_connection()
    marks = ", ".join("?" * len(columns))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    connection.connection.executemany(sql, rows)


def _copy(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def refresh_statistics(
    tables: Sequence[str] = ("books_book", "books_period", "books_bookevent"),
) -> None:
    """Let the query planner see what a bulk load changed: without statistics, a province's
    name search on a fresh registry sorts the whole province instead of reading an index.
    PostgreSQL analyzes `tables` (every table when empty); SQLite samples every index."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {', '.join(tables)}" if tables else "ANALYZE")
        else:
            # A sample of each index is enough for the planner, and takes milliseconds.
            cursor.execute("PRAGMA analysis_limit = 1000")
            cursor.execute("ANALYZE")


def secondary_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """(name, definition) of the indexes of `tables` that back no primary key or unique
    constraint: those a bulk load may drop and build again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                "AND tablename = ANY(%s) AND indexdef NOT LIKE 'CREATE UNIQUE%%' "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname",
                [list(tables)],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({', '.join(['%s'] * len(tables))}) "
                "AND sql NOT LIKE 'CREATE UNIQUE%%' ORDER BY name",
                list(tables),
            )
        return cursor.fetchall()


def foreign_keys(tables: Sequence[str]) -> list[tuple[str, str, str]]:
    """(name, table, statement that adds it) of the foreign keys of `tables` on PostgreSQL;
    none on SQLite, which cannot drop a constraint without copying the table."""
    if connection.vendor != "postgresql" or not tables:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, conrelid::regclass::text, format('ALTER TABLE %%s ADD CONSTRAINT "
            "%%I %%s', conrelid::regclass, conname, pg_get_constraintdef(oid)) "
            "FROM pg_constraint WHERE contype = 'f' "
            "AND connamespace = current_schema()::regnamespace "
            "AND conrelid::regclass::text = ANY(%s) ORDER BY conname",
            [list(tables)],
        )
        return cursor.fetchall()


@contextmanager
def dropped_while_loading(
    indexes_of: Sequence[str], foreign_keys_of: Sequence[str] = ()
) -> Iterator[None]:
    """Drop the secondary indexes of `indexes_of` (and, on PostgreSQL, the foreign keys of
    `foreign_keys_of`) for a bulk load that commits as it goes, and build each again once at
    the end. Far faster than keeping indexes up to date and checking each row's references
    one by one over a million rows; every primary key and unique constraint stays in place,
    and adding a foreign key back checks every row the load wrote, in one join.

    If the load is interrupted, `rebuild_dropped_indexes` (which every import calls first)
    builds them again. Queries still work meanwhile, only slower.
    """
    drop_for_loading(indexes_of, foreign_keys_of)
    try:
        yield
    finally:  # not after a kill -9: then the next load builds them
        rebuild_dropped_indexes()


def drop_for_loading(indexes_of: Sequence[str], foreign_keys_of: Sequence[str] = ()) -> None:
    """The first half of `dropped_while_loading`: the definitions are remembered
    (`DroppedIndex`) in the transaction that drops them."""
    from sobhxh.books.models import DroppedIndex  # the table lives in an app: books

    rebuild_dropped_indexes()
    drops = [(f'DROP INDEX "{name}"', name, sql) for name, sql in secondary_indexes(indexes_of)]
    drops += [
        (f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"', name, sql)
        for name, table, sql in foreign_keys(foreign_keys_of)
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        DroppedIndex.objects.bulk_create(DroppedIndex(name=n, definition=d) for _, n, d in drops)
        _run_pending_checks(cursor)
        for drop, _name, _definition in drops:
            cursor.execute(drop)


def rebuild_dropped_indexes() -> None:
    """Build every index, and add every foreign key, that a bulk load dropped (and has not
    built again yet)."""
    from sobhxh.books.models import DroppedIndex  # the table lives in an app: books

    for item in DroppedIndex.objects.order_by("name"):
        with transaction.atomic(), connection.cursor() as cursor:
            _run_pending_checks(cursor)
            cursor.execute(item.definition)
            item.delete()


def _run_pending_checks(cursor) -> None:
    # PostgreSQL alters no table with foreign-key checks pending (Django defers them to the
    # commit), and building or dropping an index is altering: run them first.
    if connection.vendor == "postgresql":
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
