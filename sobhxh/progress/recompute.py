"""The counters recomputed from the books and events, in set-based SQL portable between
SQLite and PostgreSQL.

`work_tables()` makes one pass over the events (each with its book's previous event
beside it) and writes what the counters should be into temporary tables, which `verify`
compares with the stored counters. Temporary tables live on disk, not in memory, so a
national registry fits.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction

from .buckets import ACTION, COUNTED_ACTIONS, WAITING

# Every event with what its book's previous event says, in one window pass.
EVENTS_SQL = """
CREATE TEMP TABLE verify_events AS
SELECT id, book_id, action, from_state, to_state, happened_on, office_id, employer_id,
       waiting_reason,
       LAG(to_state) OVER w AS prev_state,
       LAG(waiting_reason) OVER w AS prev_waiting,
       LAG(happened_on) OVER w AS prev_day,
       LAG(office_id) OVER w AS prev_office_id,
       LAG(employer_id) OVER w AS prev_employer_id,
       LEAD(id) OVER w AS next_id
FROM books_bookevent
WINDOW w AS (PARTITION BY book_id ORDER BY id)
"""

# Each office (office_id) paired with itself and every office above it (ancestor_id).
TREE_SQL = """
CREATE TEMP TABLE verify_tree AS
SELECT id AS office_id, id AS ancestor_id FROM units_office
UNION ALL
SELECT id, parent_id FROM units_office WHERE parent_id IS NOT NULL
UNION ALL
SELECT u.id, p.parent_id FROM units_office u JOIN units_office p ON u.parent_id = p.id
WHERE p.parent_id IS NOT NULL
"""

_COUNTED = ", ".join(f"'{action}'" for action in COUNTED_ACTIONS)

# Each event as the signed moves it makes (`buckets`): -1 where the book was, +1 where it
# is, by state and by waiting reason, and +1 for the action when it is a counted one.
MOVES = f"""(
SELECT office_id, employer_id, happened_on AS day, to_state AS state, 1 AS change
FROM verify_events
UNION ALL
SELECT prev_office_id, prev_employer_id, happened_on, prev_state, -1
FROM verify_events WHERE prev_state IS NOT NULL
UNION ALL
SELECT office_id, employer_id, happened_on, '{WAITING}' || waiting_reason, 1
FROM verify_events WHERE waiting_reason <> ''
UNION ALL
SELECT prev_office_id, prev_employer_id, happened_on, '{WAITING}' || prev_waiting, -1
FROM verify_events WHERE prev_waiting <> ''
UNION ALL
SELECT office_id, employer_id, happened_on, '{ACTION}' || action, 1
FROM verify_events WHERE action IN ({_COUNTED})
)"""

# What each book (and each counted event) adds to the counters now, by its employer and
# its managing office.
COUNTED = f"""(
SELECT office_id, employer_id, state AS bucket FROM books_book
UNION ALL
SELECT office_id, employer_id, '{WAITING}' || waiting_reason FROM books_book
WHERE waiting_reason <> ''
UNION ALL
SELECT office_id, employer_id, '{ACTION}' || action FROM verify_events
WHERE action IN ({_COUNTED})
)"""

# (temporary table, its columns, the stored table it should equal, how it is computed)
EXPECTED = (
    (
        "expected_employercount",
        "employer_id, office_id, state, total",
        "progress_employercount",
        f"""SELECT employer_id, office_id, bucket, COUNT(*) FROM {COUNTED} c
            GROUP BY employer_id, office_id, bucket""",
    ),
    (
        "expected_officecount",
        "office_id, state, total",
        "progress_officecount",
        f"""SELECT t.ancestor_id, c.bucket, COUNT(*) FROM {COUNTED} c
           JOIN verify_tree t ON t.office_id = c.office_id GROUP BY t.ancestor_id, c.bucket""",
    ),
    (
        "expected_employerdelta",
        "employer_id, office_id, day, state, change",
        "progress_employerdelta",
        f"""SELECT employer_id, office_id, day, state, SUM(change) FROM {MOVES} m
            GROUP BY employer_id, office_id, day, state HAVING SUM(change) <> 0""",
    ),
    (
        "expected_officedelta",
        "office_id, day, state, change",
        "progress_officedelta",
        f"""SELECT t.ancestor_id AS office_id, m.day AS day, m.state AS state,
                   SUM(m.change) AS change FROM {MOVES} m
            JOIN verify_tree t ON t.office_id = m.office_id
            GROUP BY t.ancestor_id, m.day, m.state HAVING SUM(m.change) <> 0""",
    ),
    (
        # After expected_officedelta, which it sums by month.
        "expected_officemonthdelta",
        "office_id, month, state, change",
        "progress_officemonthdelta",
        """SELECT office_id, {month_of_day} AS month, state, SUM(change) AS change
            FROM expected_officedelta
            GROUP BY 1, 2, 3 HAVING SUM(change) <> 0""",
    ),
)
TEMP_TABLES = ("verify_events", "verify_tree", *(table for table, *_rest in EXPECTED))


@contextmanager
def work_tables() -> Iterator:
    """Inside a transaction: a cursor, with the events and expected counters in temporary
    tables that are dropped on the way out."""
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            cursor.execute(EVENTS_SQL)
            cursor.execute(TREE_SQL)
            _analyze(cursor, "verify_events", "verify_tree")
            for table, _columns, _stored, select in EXPECTED:
                cursor.execute(f"CREATE TEMP TABLE {table} AS {sql(select)}")
                _analyze(cursor, table)
            yield cursor
        finally:
            for table in TEMP_TABLES:
                cursor.execute(f"DROP TABLE IF EXISTS {table}")


def month_of(column: str) -> str:
    """SQL for the first day of the month of a date column: the two databases share no
    function for it, and Django's TruncMonth calls back into Python for every row on
    SQLite."""
    if connection.vendor == "postgresql":
        return f"date_trunc('month', {column})::date"
    return f"strftime('%Y-%m-01', {column})"


def sql(select: str) -> str:
    """A query of this module with its month truncation written for the database."""
    return select.format(month_of_day=month_of("day"))


def _analyze(cursor, *tables: str) -> None:
    # PostgreSQL never gathers statistics on temporary tables by itself; without them it
    # plans joins over millions of rows as nested loops.
    if connection.vendor == "postgresql":
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


# Office figures as the sums of their employers' (see roll_up_employer_counters).
ROLL_UPS = (
    (
        "progress_officecount",
        "office_id, state, total",
        """SELECT t.ancestor_id, c.state, SUM(c.total) FROM progress_employercount c
           JOIN verify_tree t ON t.office_id = c.office_id
           GROUP BY t.ancestor_id, c.state HAVING SUM(c.total) <> 0""",
    ),
    (
        "progress_officedelta",
        "office_id, day, state, change",
        """SELECT t.ancestor_id, d.day, d.state, SUM(d.change) FROM progress_employerdelta d
           JOIN verify_tree t ON t.office_id = d.office_id
           GROUP BY t.ancestor_id, d.day, d.state HAVING SUM(d.change) <> 0""",
    ),
    (
        # After progress_officedelta, which it sums by month.
        "progress_officemonthdelta",
        "office_id, month, state, change",
        """SELECT office_id, {month_of_day}, state, SUM(change) FROM progress_officedelta
           GROUP BY 1, 2, 3 HAVING SUM(change) <> 0""",
    ),
)


def roll_up_employer_counters() -> None:
    """Write every office's counters and daily deltas as the sums of its employers', and
    its monthly deltas as the sums of its daily ones.

    Only right when every book has always been managed by its employer's office, as in a
    bulk load where nobody changed employer: the demo generator writes the employers'
    figures as it plans the events, and this adds them up the office tree, which costs a
    pass over the employers' figures instead of one over every event. `verify` checks the
    result against the books and events like any other counter.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(TREE_SQL)
        try:
            for table, columns, select in ROLL_UPS:
                cursor.execute(f"DELETE FROM {table}")
                cursor.execute(f"INSERT INTO {table} ({columns}) {sql(select)}")
        finally:
            cursor.execute("DROP TABLE IF EXISTS verify_tree")
