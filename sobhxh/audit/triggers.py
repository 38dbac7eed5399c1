"""A database trigger that refuses to change a row of the access log, whatever client
writes to the database. Deleting stays possible: the retention period is kept by deleting
old rows (`services.prune_access_log`)."""

from sobhxh.db import append_only

MESSAGE = "the access log is append-only: its rows are never changed"
TABLE = {"table": "audit_access", "refused": ("UPDATE",), "message": MESSAGE}


def install(connection) -> None:
    append_only.run(connection, **TABLE, create=True)


def remove(connection) -> None:
    append_only.run(connection, **TABLE, create=False)
