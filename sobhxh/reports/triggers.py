"""Database triggers that make submitted reports and the decisions on them append-only, as
the book events are: whatever client writes to the database, a sent report stays as it was
sent (a correction is a new version) and a decision is never changed."""

from sobhxh.db import append_only

TABLES = [
    {
        "table": "reports_report",
        "refused": ("UPDATE", "DELETE"),
        "message": "submitted reports are append-only: submit a new version instead",
    },
    {
        "table": "reports_decision",
        "refused": ("UPDATE", "DELETE"),
        "message": "decisions on reports are append-only",
    },
]


def install(connection) -> None:
    for table in TABLES:
        append_only.run(connection, **table, create=True)


def remove(connection) -> None:
    for table in TABLES:
        append_only.run(connection, **table, create=False)
