"""Recompute every counter and history figure from the books and events, replay every
book's events, and list whatever disagrees (DESIGN.md invariants 2 and 4).

All of it is set-based SQL over temporary tables, portable between SQLite and PostgreSQL,
so that it runs in bounded memory on a national database.
"""

from django.db import connection, transaction

from sobhxh.books.lifecycle import allowed_triples

SAMPLE = 5

# Each event as the two signed moves it makes: -1 where the book was, +1 where it is.
MOVES_SQL = """
CREATE TEMP TABLE verify_moves AS
WITH e AS (
    SELECT unit_id, employer_id, to_state, happened_on,
           LAG(unit_id) OVER w AS prev_unit_id,
           LAG(employer_id) OVER w AS prev_employer_id,
           LAG(to_state) OVER w AS prev_state
    FROM books_bookevent
    WINDOW w AS (PARTITION BY book_id ORDER BY id)
)
SELECT unit_id, employer_id, happened_on AS day, to_state AS state, 1 AS change FROM e
UNION ALL
SELECT prev_unit_id, prev_employer_id, happened_on, prev_state, -1 FROM e
WHERE prev_state IS NOT NULL
"""

# Each office paired with itself and every office above it.
OFFICE_TREE_SQL = """
CREATE TEMP TABLE verify_tree AS
SELECT id AS unit_id, id AS office_id FROM units_unit
UNION ALL
SELECT id, parent_id FROM units_unit WHERE parent_id IS NOT NULL
UNION ALL
SELECT u.id, p.parent_id FROM units_unit u JOIN units_unit p ON u.parent_id = p.id
WHERE p.parent_id IS NOT NULL
"""

# (what is compared, recomputed rows, stored rows); each query yields key columns + value.
COMPARISONS = [
    (
        "employer counts",
        """SELECT employer_id, state, COUNT(*) FROM books_book
           GROUP BY employer_id, state""",
        "SELECT employer_id, state, total FROM progress_employercount WHERE total <> 0",
    ),
    (
        "office counts",
        """SELECT t.office_id, b.state, COUNT(*) FROM books_book b
           JOIN verify_tree t ON t.unit_id = b.unit_id GROUP BY t.office_id, b.state""",
        "SELECT unit_id, state, total FROM progress_unitcount WHERE total <> 0",
    ),
    (
        "employer daily history",
        """SELECT employer_id, day, state, SUM(change) FROM verify_moves
           GROUP BY employer_id, day, state HAVING SUM(change) <> 0""",
        "SELECT employer_id, day, state, change FROM progress_employerdelta WHERE change <> 0",
    ),
    (
        "office daily history",
        """SELECT t.office_id, m.day, m.state, SUM(m.change) FROM verify_moves m
           JOIN verify_tree t ON t.unit_id = m.unit_id
           GROUP BY t.office_id, m.day, m.state HAVING SUM(m.change) <> 0""",
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
            for table in ("verify_moves", "verify_tree", "verify_allowed"):
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
    return problems


def _create_temp_tables(cursor) -> None:
    cursor.execute(MOVES_SQL)
    cursor.execute(OFFICE_TREE_SQL)
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
