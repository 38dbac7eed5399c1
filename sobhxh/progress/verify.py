"""Recompute every counter and history figure from the books and events, replay every
book's events, and list whatever disagrees (DESIGN.md invariants 2 and 4).

All of it is set-based SQL over temporary tables, portable between SQLite and PostgreSQL,
so that it runs in bounded memory on a national database.
"""

from django.db import connection, transaction

from sobhxh.books.lifecycle import allowed_triples

from .recompute import (
    EMPLOYER_COUNTS_SQL,
    EMPLOYER_DELTAS_SQL,
    OFFICE_COUNTS_SQL,
    OFFICE_DELTAS_SQL,
    create_work_tables,
    drop_work_tables,
)

SAMPLE = 5

# (what is compared, recomputed rows, stored rows); each query yields key columns + value.
COMPARISONS = [
    (
        "employer counts",
        EMPLOYER_COUNTS_SQL,
        "SELECT employer_id, state, total FROM progress_employercount WHERE total <> 0",
    ),
    (
        "office counts",
        OFFICE_COUNTS_SQL,
        "SELECT unit_id, state, total FROM progress_unitcount WHERE total <> 0",
    ),
    (
        "employer daily history",
        EMPLOYER_DELTAS_SQL,
        "SELECT employer_id, day, state, change FROM progress_employerdelta WHERE change <> 0",
    ),
    (
        "office daily history",
        OFFICE_DELTAS_SQL,
        "SELECT unit_id, day, state, change FROM progress_unitdelta WHERE change <> 0",
    ),
]

REPLAY_CHECKS = [
    (
        "events that do not start where the previous event of the book ended",
        """SELECT book_id, id FROM (
               SELECT book_id, id, from_state,
                      COALESCE(LAG(to_state) OVER (PARTITION BY book_id ORDER BY id), '') AS prev
               FROM books_bookevent) e
           WHERE from_state <> prev""",
    ),
    (
        "events dated before the previous event of the book",
        """SELECT book_id, id FROM (
               SELECT book_id, id, happened_on,
                      LAG(happened_on) OVER (PARTITION BY book_id ORDER BY id) AS prev
               FROM books_bookevent) e
           WHERE happened_on < prev""",
    ),
    (
        "events recording a move the lifecycle does not allow",
        """SELECT e.book_id, e.id FROM books_bookevent e
           LEFT JOIN verify_allowed a ON a.action = e.action AND a.from_state = e.from_state
                AND a.to_state = e.to_state
           WHERE a.action IS NULL""",
    ),
    (
        "books whose state, date, office or employer differ from the replay of their events",
        """SELECT b.id, b.number FROM books_book b
           LEFT JOIN (
               SELECT book_id, to_state, happened_on, unit_id, employer_id,
                      ROW_NUMBER() OVER (PARTITION BY book_id ORDER BY id DESC) AS rn
               FROM books_bookevent) last ON last.book_id = b.id AND last.rn = 1
           WHERE last.book_id IS NULL OR last.to_state <> b.state
              OR last.happened_on <> b.state_on OR last.unit_id <> b.unit_id
              OR last.employer_id <> b.employer_id""",
    ),
    (
        "books whose first event is not their registration",
        """SELECT e.book_id, e.id FROM (
               SELECT book_id, id, action,
                      ROW_NUMBER() OVER (PARTITION BY book_id ORDER BY id) AS rn
               FROM books_bookevent) e
           WHERE e.rn = 1 AND e.action <> 'register'""",
    ),
]


def verify() -> list[str]:
    """Return a description of every disagreement found; an empty list means all agree."""
    problems: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        _create_temp_tables(cursor)
        try:
            for what, recomputed, stored in COMPARISONS:
                problems += _compare(cursor, what, recomputed, stored)
            for what, sql in REPLAY_CHECKS:
                cursor.execute(f"SELECT COUNT(*) FROM ({sql}) x")
                count = cursor.fetchone()[0]
                if count:
                    cursor.execute(f"{sql} LIMIT {SAMPLE}")
                    problems.append(f"{count} {what}, e.g. {cursor.fetchall()}")
        finally:
            drop_work_tables(cursor)
            cursor.execute("DROP TABLE IF EXISTS verify_allowed")
    return problems


def _create_temp_tables(cursor) -> None:
    create_work_tables(cursor)
    cursor.execute(
        "CREATE TEMP TABLE verify_allowed (action varchar(16), from_state varchar(12), "
        "to_state varchar(12))"
    )
    cursor.executemany("INSERT INTO verify_allowed VALUES (%s, %s, %s)", allowed_triples())


def _compare(cursor, what: str, recomputed: str, stored: str) -> list[str]:
    problems = []
    for label, left, right in (
        ("missing from or different in the stored", recomputed, stored),
        ("stored but not borne out by the books and events", stored, recomputed),
    ):
        sql = f"SELECT * FROM ({left}) l EXCEPT SELECT * FROM ({right}) r"
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) x")
        count = cursor.fetchone()[0]
        if count:
            cursor.execute(f"{sql} LIMIT {SAMPLE}")
            problems.append(f"{what}: {count} rows {label} figures, e.g. {cursor.fetchall()}")
    return problems
