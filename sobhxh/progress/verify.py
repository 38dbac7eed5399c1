"""Recompute every counter and history figure from the books and events, replay every
book's events, hold every book's periods against the events that recorded them, and list
whatever disagrees (DESIGN.md invariants 2 and 4).

All of it is set-based SQL over temporary tables (see `recompute`), portable between
SQLite and PostgreSQL, so that it runs in bounded memory on a national database.
"""

from django.db import connection

from sobhxh.books.lifecycle import allowed_triples

from .recompute import EXPECTED, work_tables

SAMPLE = 5

# (what is wrong, the query listing (book id, event id or number) of each case)
REPLAY_CHECKS = (
    (
        "events that do not start where the previous event of the book ended",
        """SELECT book_id, id FROM verify_events
           WHERE from_state <> COALESCE(prev_state, '')""",
    ),
    (
        "events dated before the previous event of the book",
        "SELECT book_id, id FROM verify_events WHERE happened_on < prev_day",
    ),
    (
        "books whose first event is not their registration",
        "SELECT book_id, id FROM verify_events WHERE prev_state IS NULL AND action <> 'register'",
    ),
    (
        "events recording a move the lifecycle does not allow",
        """SELECT e.book_id, e.id FROM verify_events e
           LEFT JOIN verify_allowed a ON a.action = e.action AND a.from_state = e.from_state
                AND a.to_state = e.to_state
           WHERE a.action IS NULL""",
    ),
    (
        "events that set or keep a waiting reason they may not (only set_waiting sets one, "
        "an edit keeps it, every other event clears it)",
        """SELECT book_id, id FROM verify_events
           WHERE (action = 'set_waiting' AND waiting_reason = '')
              OR (action = 'edit' AND waiting_reason <> COALESCE(prev_waiting, ''))
              OR (action NOT IN ('set_waiting', 'edit') AND waiting_reason <> '')""",
    ),
    (
        "books whose state, waiting reason, date, office or employer differ from the replay "
        "of their events",
        """SELECT b.id, b.number FROM books_book b
           LEFT JOIN verify_events last ON last.book_id = b.id AND last.next_id IS NULL
           WHERE last.book_id IS NULL OR last.to_state <> b.state
              OR last.waiting_reason <> b.waiting_reason
              OR last.happened_on <> b.state_on OR last.office_id <> b.office_id
              OR last.employer_id <> b.employer_id""",
    ),
)


# (what is wrong, the query listing (book id, period id or number) of each case)
PERIOD_CHECKS = (
    (
        "periods whose book does not exist",
        """SELECT p.book_id, p.id FROM books_period p
           LEFT JOIN books_book b ON b.id = p.book_id WHERE b.id IS NULL""",
    ),
    (
        "books whose periods are not as many as their events recorded adding",
        """SELECT b.id, b.number FROM books_book b
           LEFT JOIN (SELECT book_id, COUNT(*) AS n FROM books_period GROUP BY book_id) p
                ON p.book_id = b.id
           LEFT JOIN (SELECT book_id, SUM({added}) AS n FROM books_bookevent
                      GROUP BY book_id) e ON e.book_id = b.id
           WHERE COALESCE(p.n, 0) <> COALESCE(e.n, 0)""",
    ),
)


def _periods_added() -> str:
    """The periods an event recorded adding (its details' `periods_added`), as SQL."""
    if connection.vendor == "postgresql":
        return "COALESCE((details ->> 'periods_added')::bigint, 0)"
    return "COALESCE(json_extract(details, '$.periods_added'), 0)"


def verify() -> list[str]:
    """Return a description of every disagreement found; an empty list means all agree."""
    problems: list[str] = []
    with work_tables() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE verify_allowed (action varchar(16), from_state varchar(12), "
            "to_state varchar(12))"
        )
        try:
            cursor.executemany("INSERT INTO verify_allowed VALUES (%s, %s, %s)", allowed_triples())
            for expected, columns, stored, _select in EXPECTED:
                actual = f"SELECT {columns} FROM {stored} WHERE {columns.split(', ')[-1]} <> 0"
                problems += _compare(cursor, stored, f"SELECT * FROM {expected}", actual)
            for what, sql in REPLAY_CHECKS:
                problems += _listed(cursor, what, sql)
            for what, sql in PERIOD_CHECKS:
                problems += _listed(cursor, what, sql.format(added=_periods_added()))
        finally:
            cursor.execute("DROP TABLE IF EXISTS verify_allowed")
    return problems


def _compare(cursor, stored: str, expected: str, actual: str) -> list[str]:
    problems = []
    for label, left, right in (
        ("missing from or different in", expected, actual),
        ("in, but not borne out by the books and events:", actual, expected),
    ):
        problems += _listed(
            cursor, f"rows {label} {stored}", f"{left} EXCEPT SELECT * FROM ({right}) r"
        )
    return problems


def _listed(cursor, what: str, sql: str) -> list[str]:
    cursor.execute(f"SELECT * FROM ({sql}) x LIMIT {SAMPLE}")
    sample = cursor.fetchall()
    if not sample:
        return []
    cursor.execute(f"SELECT COUNT(*) FROM ({sql}) x")
    return [f"{cursor.fetchone()[0]} {what}, e.g. {sample}"]
