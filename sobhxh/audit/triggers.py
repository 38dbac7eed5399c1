"""A database trigger that refuses to change a row of the access log, whatever client
writes to the database. Deleting stays possible: the retention period is kept by deleting
old rows (`services.prune_access_log`)."""

MESSAGE = "the access log is append-only: its rows are never changed"

SQLITE_CREATE = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_access_no_update
        BEFORE UPDATE ON audit_access
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_access_no_update"]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_access_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'restrict_violation';
        END $$""",
    """CREATE TRIGGER audit_access_no_update
        BEFORE UPDATE ON audit_access
        FOR EACH ROW EXECUTE FUNCTION audit_access_append_only()""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_access_no_update ON audit_access",
    "DROP FUNCTION IF EXISTS audit_access_append_only()",
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
