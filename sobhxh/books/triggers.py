"""Database triggers that make the event table append-only (DESIGN.md invariant 2).

Python code never updates or deletes an event; these make sure nothing else does either,
whatever client writes to the database.
"""

from sobhxh.db import append_only

MESSAGE = "book events are append-only: record a new event instead"
TABLE = {"table": "books_bookevent", "refused": ("UPDATE", "DELETE"), "message": MESSAGE}


def install(connection) -> None:
    append_only.run(connection, **TABLE, create=True)


def remove(connection) -> None:
    append_only.run(connection, **TABLE, create=False)
