"""Database triggers that keep the history of decisions append-only: a change of state is
recorded by a new row, never by editing or deleting one."""

from sobhxh.db import append_only

MESSAGE = "the history of decisions is append-only: record a new change instead"
TABLE = {
    "table": "organisation_decisionchange",
    "refused": ("UPDATE", "DELETE"),
    "message": MESSAGE,
}


def install(connection) -> None:
    append_only.run(connection, **TABLE, create=True)


def remove(connection) -> None:
    append_only.run(connection, **TABLE, create=False)
