"""An office's employers in the order of a column of its page (`exports.COLUMNS`), read a
page at a time: a district of the national registry manages tens of thousands of
employers, and the page shows 50.

`employers_in_order` gives a sequence of (id, code, name) that a `Paginator` slices; the
page's figures are then read for its rows alone (`selectors.managed_employer_figures`).

- In code order the database pages them (`selectors.managed_employers`).
- By a count or the percentage, on PostgreSQL, one query sums each employer's counters
  (or, for a past date, its daily deltas) and sorts and slices them (`_FigureOrder`).
  Its plain twin, `plainly_sorted`, builds every employer's figures and sorts them with
  `exports.sort_rows`; SQLite (the small demo) runs that, and the tests hold the two
  equal (`progress/tests/test_employer_pages.py`).
- By name: the names are folded in Python, as `exports.sort_rows` does (the database has
  no folded copy of an employer's name); reading a district's names is cheap, reading
  their figures was not.
- By the target: the same for every employer of an office, so code order.
"""

from datetime import date

from django.db import connection

from sobhxh.books.lifecycle import State
from sobhxh.books.text import fold
from sobhxh.units.models import Employer, Office

from . import exports
from .models import EmployerCount, EmployerDelta
from .selectors import is_current, managed_employers, office_figures

Row = tuple[int, str, str]  # an employer's id, code and name

# Each count column as SQL over `totals` (one row per employer: its books in each state).
_STATE_COLUMNS = {state: f"s_{index}" for index, state in enumerate(State.values)}
_VALUES = {
    "books": "t.books",
    "excluded": f"t.{_STATE_COLUMNS[State.EXCLUDED]}",
    "due": f"t.books - t.{_STATE_COLUMNS[State.EXCLUDED]}",
    **{state: f"t.{column}" for state, column in _STATE_COLUMNS.items()},
    # `Figures.percent`: ROUND on numeric rounds half away from zero, as ROUND_HALF_UP.
    "percent": (
        f"CASE WHEN t.books = t.{_STATE_COLUMNS[State.EXCLUDED]} THEN NULL ELSE "
        f"ROUND(100 * t.{_STATE_COLUMNS[State.HANDED_OVER]}::numeric / "
        f"(t.books - t.{_STATE_COLUMNS[State.EXCLUDED]}), 2) END"
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
        with connection.cursor() as cursor:
            cursor.execute(*self._sql(start, None if stop is None else stop - start))
            return list(cursor.fetchall())

    def _sql(self, offset: int, limit: int | None) -> tuple[str, list]:
        if is_current(self.as_of):
            source = f"SELECT employer_id, state, total FROM {EmployerCount._meta.db_table}"
            params = []
        else:
            source = (
                f"SELECT employer_id, state, change AS total FROM {EmployerDelta._meta.db_table} "
                "WHERE day <= %s"
            )
            params = [self.as_of]
        states = ", ".join(["%s"] * len(_STATE_COLUMNS))
        sums = ", ".join(
            f"COALESCE(SUM(c.total) FILTER (WHERE c.state = %s), 0) AS {column}"
            for column in _STATE_COLUMNS.values()
        )
        value = _VALUES[self.key]
        direction = "DESC" if self.descending else "ASC"
        sql = (
            f"WITH t AS (SELECT e.id, e.code, e.name, COALESCE(SUM(c.total), 0) AS books, {sums} "
            f"FROM {Employer._meta.db_table} e LEFT JOIN ({source}) c "
            f"ON c.employer_id = e.id AND c.state IN ({states}) "
            "WHERE e.office_id = %s GROUP BY e.id) "
            f"SELECT t.id, t.code, t.name FROM t "
            f'ORDER BY ({value}) IS NULL, {value} {direction}, t.code COLLATE "C" '
            "LIMIT %s OFFSET %s"
        )
        params = [*_STATE_COLUMNS, *params, *_STATE_COLUMNS, self.office.pk]
        return sql, [*params, limit, offset]
