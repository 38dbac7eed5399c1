"""The counters recomputed from the books and events, in set-based SQL portable between
SQLite and PostgreSQL. `verify` compares them with the stored counters; `rebuild_counters`
writes them, for bulk loads into an empty registry (the demo generator) and for repair.
"""

from django.db import connection, transaction

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

EMPLOYER_COUNTS_SQL = """SELECT employer_id, state, COUNT(*) FROM books_book
GROUP BY employer_id, state"""

OFFICE_COUNTS_SQL = """SELECT t.office_id, b.state, COUNT(*) FROM books_book b
JOIN verify_tree t ON t.unit_id = b.unit_id GROUP BY t.office_id, b.state"""

EMPLOYER_DELTAS_SQL = """SELECT employer_id, day, state, SUM(change) FROM verify_moves
GROUP BY employer_id, day, state HAVING SUM(change) <> 0"""

OFFICE_DELTAS_SQL = """SELECT t.office_id, m.day, m.state, SUM(m.change) FROM verify_moves m
JOIN verify_tree t ON t.unit_id = m.unit_id
GROUP BY t.office_id, m.day, m.state HAVING SUM(m.change) <> 0"""

REBUILDS = (
    ("progress_employercount", "employer_id, state, total", EMPLOYER_COUNTS_SQL),
    ("progress_unitcount", "unit_id, state, total", OFFICE_COUNTS_SQL),
    ("progress_employerdelta", "employer_id, day, state, change", EMPLOYER_DELTAS_SQL),
    ("progress_unitdelta", "unit_id, day, state, change", OFFICE_DELTAS_SQL),
)


def create_work_tables(cursor) -> None:
    cursor.execute(MOVES_SQL)
    cursor.execute(OFFICE_TREE_SQL)


def drop_work_tables(cursor) -> None:
    for table in ("verify_moves", "verify_tree"):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")


# Office figures as the sum of their employers' (see roll_up_employer_counters).
OFFICE_COUNTS_FROM_EMPLOYERS_SQL = """SELECT t.office_id, c.state, SUM(c.total)
FROM progress_employercount c
JOIN units_employer e ON e.id = c.employer_id
JOIN verify_tree t ON t.unit_id = e.unit_id
GROUP BY t.office_id, c.state HAVING SUM(c.total) <> 0"""

OFFICE_DELTAS_FROM_EMPLOYERS_SQL = """SELECT t.office_id, d.day, d.state, SUM(d.change)
FROM progress_employerdelta d
JOIN units_employer e ON e.id = d.employer_id
JOIN verify_tree t ON t.unit_id = e.unit_id
GROUP BY t.office_id, d.day, d.state HAVING SUM(d.change) <> 0"""


def roll_up_employer_counters() -> None:
    """Write every office's counters and daily deltas as the sums of its employers'.

    Only right when every book has always been managed by its employer's office, as in a
    bulk load where nobody changed employer: the demo generator writes the employers'
    figures as it plans the events, and this adds them up the office tree, which costs a
    pass over the employers' figures instead of one over every event. `verify` checks the
    result against the books and events like any other counter.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(OFFICE_TREE_SQL)
        try:
            for table, columns, select in (
                ("progress_unitcount", "unit_id, state, total", OFFICE_COUNTS_FROM_EMPLOYERS_SQL),
                (
                    "progress_unitdelta",
                    "unit_id, day, state, change",
                    OFFICE_DELTAS_FROM_EMPLOYERS_SQL,
                ),
            ):
                cursor.execute(f"DELETE FROM {table}")
                cursor.execute(f"INSERT INTO {table} ({columns}) {select}")
        finally:
            cursor.execute("DROP TABLE IF EXISTS verify_tree")


def rebuild_counters() -> None:
    """Replace every counter and daily delta with what the books and events say."""
    with transaction.atomic(), connection.cursor() as cursor:
        create_work_tables(cursor)
        try:
            for table, columns, select in REBUILDS:
                cursor.execute(f"DELETE FROM {table}")
                cursor.execute(f"INSERT INTO {table} ({columns}) {select}")
        finally:
            drop_work_tables(cursor)
