"""An office's employers in the order of a column of its page (`exports.COLUMNS`), read a
page at a time: a district of the national registry manages tens of thousands of
employers, and the page shows 50.

`employers_in_order` gives a sequence of (id, code, name) that a `Paginator` slices; the
page's figures are then read for its rows alone (`selectors.managed_employer_figures`).

- In code order the database pages them (`selectors.managed_employers`).
- By a count or the percentage, on PostgreSQL, one query sums each employer's counters
  (or, for a past date, its daily deltas) and sorts and slices them (`_FigureOrder`),
  reading the office's rows from one range of a covering index in employer order (the
  counters carry the office that manages the employer: 34,000 employers' rows scattered
  over the table took most of the time at 15 M books).
  Its plain twin, `plainly_sorted`, builds every employer's figures and sorts them with
  `exports.sort_rows`; SQLite (the small demo) runs that, and the tests hold the two
  equal (`progress/tests/test_employer_pages.py`).
- By name: the names are folded in Python, as `exports.sort_rows` does (the database has
  no folded copy of an employer's name); reading a district's names is cheap, reading
  their figures was not.
- By the target: the same for every employer of an office, so code order.
"""

from datetime import date

from django.db import connection, transaction

from sobhxh.books.lifecycle import State
from sobhxh.books.text import fold
from sobhxh.units.models import Employer, Office

from . import exports
from .models import EmployerCount, EmployerDelta
from .selectors import is_current, managed_employers, office_figures

Row = tuple[int, str, str]  # an employer's id, code and name

# Each count column as SQL over `t` (one row per employer: its books in each state), in
# integers: sums of integers and integer division are several times faster than numeric.
_STATE_COLUMNS = {state: f"s_{index}" for index, state in enumerate(State.values)}
_DUE = f"(t.books - t.{_STATE_COLUMNS[State.EXCLUDED]})"
_VALUES = {
    "books": "t.books",
    "excluded": f"t.{_STATE_COLUMNS[State.EXCLUDED]}",
    "due": _DUE,
    **{state: f"t.{column}" for state, column in _STATE_COLUMNS.items()},
    # `Figures.percent` in hundredths: 100 × handed over ÷ due rounded half up to two
    # decimals is floor((20000 × handed over + due) ÷ (2 × due)) for counts that are never
    # negative, exactly, where NUMERIC would take a division per employer.
    "percent": (
        f"CASE WHEN {_DUE} = 0 THEN NULL ELSE "
        f"(20000 * t.{_STATE_COLUMNS[State.HANDED_OVER]} + {_DUE}) / (2 * {_DUE}) END"
    ),
}


def employers_in_order(office: Office, key: str, *, descending: bool, as_of: date):
    """The employers `office` manages itself, as (id, code, name), in the order of column
    `key` as `exports.sort_rows` gives it (ties and rows without a value in code order)."""
    if key == "code":
        return managed_employers(office, descending=descending).values_list("pk", "code", "name")
    if key == "target":
        return managed_employers(office).values_list("pk", "code", "name")
    if key == "name":
        rows = Employer.objects.filter(office=office).values_list("pk", "code", "name")
        rows = sorted(rows, key=lambda row: row[1])
        return sorted(rows, key=lambda row: fold(row[2]), reverse=descending)
    if connection.vendor == "postgresql":
        return _FigureOrder(office, key, descending=descending, as_of=as_of)
    return plainly_sorted(office, key, descending=descending, as_of=as_of)


def plainly_sorted(office: Office, key: str, *, descending: bool, as_of: date) -> list[Row]:
    """Every employer's figures, sorted by `exports.sort_rows`: plainly right, and a row of
    figures per employer. The slow twin of `_FigureOrder`."""
    rows = {
        code: (pk, code, name)
        for pk, code, name in Employer.objects.filter(office=office).values_list(
            "pk", "code", "name"
        )
    }
    children = office_figures(office, as_of).children
    ordered = exports.sort_rows(
        [f for f in children if f.kind == "employer"], key=key, descending=descending
    )
    return [rows[f.code] for f in ordered]


class _FigureOrder:
    """The employers of an office sorted by a figure in one query, sliced by the database:
    what a `Paginator` needs (`count()` and slices)."""

    def __init__(self, office: Office, key: str, *, descending: bool, as_of: date):
        self.office, self.key, self.descending, self.as_of = office, key, descending, as_of

    def count(self) -> int:
        return Employer.objects.filter(office=self.office).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, wanted: slice) -> list[Row]:
        start, stop = wanted.start or 0, wanted.stop
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner offers parallel workers for a district's employers; starting
            # and merging them costs more than they save (district 765 at 15 M books,
            # today: 47 ms with two, 34 without).
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            cursor.execute(*self._sql(start, None if stop is None else stop - start))
            return list(cursor.fetchall())

    def _sql(self, offset: int, limit: int | None) -> tuple[str, list]:
        # The office's counters come from one range of a covering index (office,
        # employer, state[, day]), in employer order, so that each employer's rows are
        # summed as they come (hashing 216,000 deltas took as long as reading them); its
        # employers' codes come from (office, code); the names of the page's rows only
        # are read from the table.
        if is_current(self.as_of):
            source = (
                f"SELECT employer_id, state, total::int AS total "
                f"FROM {EmployerCount._meta.db_table} WHERE office_id = %s"
            )
            params = [self.office.pk]
        else:
            source = (
                f"SELECT employer_id, state, change::int AS total "
                f"FROM {EmployerDelta._meta.db_table} WHERE office_id = %s AND day <= %s"
            )
            params = [self.office.pk, self.as_of]
        value = _VALUES[self.key]
        # Only the states the value reads: every sum costs a pass over the counters.
        summed = {s: column for s, column in _STATE_COLUMNS.items() if f"t.{column}" in value}
        states = ", ".join(["%s"] * len(_STATE_COLUMNS))
        sums = "".join(
            f", SUM(c.total) FILTER (WHERE c.state = %s) AS {column}" for column in summed.values()
        )
        totals = (
            f"SELECT c.employer_id, SUM(c.total) AS books{sums} FROM ({source}) c "
            f"WHERE c.state IN ({states}) GROUP BY c.employer_id"
        )
        columns = "".join(f", COALESCE(c.{column}, 0) AS {column}" for column in summed.values())
        direction = "DESC" if self.descending else "ASC"
        sql = (
            f"WITH c AS ({totals}), "
            f"t AS (SELECT e.id, e.code, COALESCE(c.books, 0) AS books{columns} "
            f"FROM {Employer._meta.db_table} e LEFT JOIN c ON c.employer_id = e.id "
            "WHERE e.office_id = %s), "
            f"page AS (SELECT t.id, t.code, {value} AS v, ({value}) IS NULL AS none FROM t "
            f'ORDER BY none, v {direction}, t.code COLLATE "C" LIMIT %s OFFSET %s) '
            f"SELECT e.id, e.code, e.name FROM page JOIN {Employer._meta.db_table} e "
            f'ON e.id = page.id ORDER BY page.none, page.v {direction}, page.code COLLATE "C"'
        )
        params = [*summed, *params, *_STATE_COLUMNS, self.office.pk]
        return sql, [*params, limit, offset]
