"""Database triggers that make a problem's history append-only, as the book events are:
whatever client writes to the database, an event is never changed or deleted."""

from sobhxh.db import append_only

MESSAGE = "problem events are append-only: record a new event instead"
TABLE = {"table": "problems_problemevent", "refused": ("UPDATE", "DELETE"), "message": MESSAGE}


def install(connection) -> None:
    append_only.run(connection, **TABLE, create=True)


def remove(connection) -> None:
    append_only.run(connection, **TABLE, create=False)
