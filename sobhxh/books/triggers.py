"""Database triggers that make the event table append-only (DESIGN.md invariant 2).

Python code never updates or deletes an event; these make sure nothing else does either,
whatever client writes to the database.
"""

MESSAGE = "book events are append-only: record a new event instead"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS books_bookevent_no_update
        BEFORE UPDATE ON books_bookevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER IF NOT EXISTS books_bookevent_no_delete
        BEFORE DELETE ON books_bookevent
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS books_bookevent_no_update",
    "DROP TRIGGER IF EXISTS books_bookevent_no_delete",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION books_bookevent_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
        END $$""",
    """CREATE TRIGGER books_bookevent_no_change
        BEFORE UPDATE OR DELETE ON books_bookevent
        FOR EACH ROW EXECUTE FUNCTION books_bookevent_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS books_bookevent_no_change ON books_bookevent",
    "DROP FUNCTION IF EXISTS books_bookevent_append_only()",
]


def statements(vendor: str, *, create: bool) -> list[str]:
    if vendor == "postgresql":
        return POSTGRES_CREATE if create else POSTGRES_DROP
    if vendor == "sqlite":
        return SQLITE_CREATE if create else SQLITE_DROP
    raise NotImplementedError(f"no append-only trigger for the {vendor} backend")


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, create=False):
            cursor.execute(sql)
