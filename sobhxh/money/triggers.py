"""Database triggers that keep the money's records as they were written, whatever client
writes to the database:

- a unit cost is never changed nor deleted (work was priced with it: a new rate applies
  from a new date);
- an approved settlement's figures and lines are never changed nor deleted;
- a settlement, once approved, is never changed nor deleted.
"""

from sobhxh.db import append_only

TABLES = [
    {
        "table": "money_unitcost",
        "refused": ("UPDATE", "DELETE"),
        "message": "unit costs are never changed: enter a new rate from a new date",
    },
    {
        "table": "money_approvedsettlement",
        "refused": ("UPDATE", "DELETE"),
        "message": "an approved settlement is frozen",
    },
    {
        "table": "money_approvedline",
        "refused": ("UPDATE", "DELETE"),
        "message": "an approved settlement is frozen",
    },
]
SETTLEMENT_MESSAGE = "an approved settlement is frozen"


def _settlement_statements(vendor: str, *, create: bool) -> list[str]:
    """Refuse UPDATE and DELETE of a settlement row whose state is approved."""
    table, name = "money_settlement", "money_settlement_frozen"
    if vendor == "sqlite":
        if not create:
            return [f"DROP TRIGGER IF EXISTS {name}_{op}" for op in ("update", "delete")]
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {name}_{op.lower()}
                BEFORE {op} ON {table} WHEN OLD.state = 'approved'
                BEGIN SELECT RAISE(ABORT, '{SETTLEMENT_MESSAGE}'); END"""
            for op in ("UPDATE", "DELETE")
        ]
    if vendor == "postgresql":
        if not create:
            return [
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"DROP FUNCTION IF EXISTS {name}()",
            ]
        return [
            f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger
                LANGUAGE plpgsql AS $$
                BEGIN
                    IF OLD.state = 'approved' THEN
                        RAISE EXCEPTION '{SETTLEMENT_MESSAGE}' USING ERRCODE = 'restrict_violation';
                    END IF;
                    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                    RETURN NEW;
                END $$""",
            f"""CREATE TRIGGER {name} BEFORE UPDATE OR DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {name}()""",
        ]
    raise NotImplementedError(f"no settlement trigger for the {vendor} backend")


def install(connection) -> None:
    for table in TABLES:
        append_only.run(connection, **table, create=True)
    with connection.cursor() as cursor:
        for sql in _settlement_statements(connection.vendor, create=True):
            cursor.execute(sql)


def remove(connection) -> None:
    for table in TABLES:
        append_only.run(connection, **table, create=False)
    with connection.cursor() as cursor:
        for sql in _settlement_statements(connection.vendor, create=False):
            cursor.execute(sql)
