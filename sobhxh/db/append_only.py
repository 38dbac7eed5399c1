"""Database triggers that refuse to change the rows of a table, whatever client writes to
the database: for the tables whose rows are a record (book events, the access log)."""


def statements(
    vendor: str, *, table: str, refused: tuple[str, ...], message: str, create: bool
) -> list[str]:
    """The statements that create (or drop) triggers refusing each of `refused` ("UPDATE",
    "DELETE") on `table` with `message`."""
    names = {operation: f"{table}_no_{operation.lower()}" for operation in refused}
    if vendor == "sqlite":
        if not create:
            return [f"DROP TRIGGER IF EXISTS {name}" for name in names.values()]
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {name}
                BEFORE {operation} ON {table}
                BEGIN SELECT RAISE(ABORT, '{message}'); END"""
            for operation, name in names.items()
        ]
    if vendor == "postgresql":
        trigger = f"{table}_no_change" if len(refused) > 1 else names[refused[0]]
        function = f"{table}_append_only"
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS {trigger} ON {table}",
                f"DROP FUNCTION IF EXISTS {function}()",
            ]
        return [
            f"""CREATE OR REPLACE FUNCTION {function}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation';
                END $$""",
            f"""CREATE TRIGGER {trigger}
                BEFORE {" OR ".join(refused)} ON {table}
                FOR EACH ROW EXECUTE FUNCTION {function}()""",
        ]
    raise NotImplementedError(f"no append-only trigger for the {vendor} backend")


def run(connection, **table) -> None:
    """Execute `statements(connection.vendor, **table)`."""
    with connection.cursor() as cursor:
        for sql in statements(connection.vendor, **table):
            cursor.execute(sql)
