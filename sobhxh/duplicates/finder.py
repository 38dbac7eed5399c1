"""Find probable duplicate books across the country without comparing every pair.

Two passes, each streaming its rows in order so that memory holds one block at a time:

- identity numbers: one GROUP BY finds the numbers that more than one book carries; the
  books carrying them come sorted by number, each group paired within itself;
- people: a province at a time (the books of its offices, through the office index),
  sorted by sex and date of birth, in blocks of one sex and one year of birth. In a block,
  books of the same name are paired when their births fit, and names one letter apart are
  found through their shared deletions (`rules.deletions`), never by comparing all names.

Each pair is explained and scored by `rules.explain`, the same function the plain
reference applies, and upserted: an open pair gets its new score and reasons, a decided
one is left as it is. Open pairs that the run no longer finds are withdrawn.
"""

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import combinations, groupby
from time import monotonic

from django.db import connection, transaction

from . import services
from .rules import CROWDED_IDENTITY, DAY, MONTH, Row, deletions, explain, one_letter_apart

FINDER_COLUMNS = (
    "b.id, b.search_name, b.birth_date, b.birth_precision, b.sex, o.province_id, b.office_id, "
    "b.employer_id, b.identity_number"
)
FROM = "FROM books_book b JOIN units_office o ON o.id = b.office_id"
# An excluded book is closed: it is nobody's duplicate any more.
LIVE = "b.state <> 'excluded'"
# Pairs written to the database per statement.
WRITE_CHUNK = 1000


@dataclass
class Found:
    books: int = 0
    blocks: int = 0
    pairs: int = 0  # open after the run
    withdrawn: int = 0
    seconds: float = 0.0


def find(*, progress: Callable[[int], None] | None = None, fetch: int = 2000) -> Found:
    """Find and store every probable pair. `progress(n)` is told of each n provinces
    done; `fetch` is how many rows a round trip brings (the tests vary it)."""
    started = monotonic()
    found = Found()
    run = services.next_run()
    crowded = _crowded_identities()
    with transaction.atomic():
        writer = services.PairWriter(run=run, chunk=WRITE_CHUNK)
        for pair in _identity_pairs(crowded, fetch):
            writer.add(*pair)
        for province in _provinces():
            for block in _blocks(province, fetch):
                found.books += len(block)
                found.blocks += 1
                for a, b in block_pairs(block):
                    reasons = explain(a, b, crowded)
                    if reasons is not None:  # always, in a block: the rules let it through
                        writer.add(a, b, reasons)
            if progress:
                progress(1)
        writer.flush()
        found.withdrawn = services.withdraw_unfound(run=run)
        found.pairs = services.open_pairs()
    found.seconds = monotonic() - started
    return found


def province_count() -> int:
    return len(_provinces())


# -- identity numbers ----------------------------------------------------------------------


def _crowded_identities() -> frozenset[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT b.identity_number FROM books_book b WHERE b.identity_number <> '' "
            f"AND {LIVE} GROUP BY b.identity_number HAVING COUNT(*) > %s",
            [CROWDED_IDENTITY],
        )
        return frozenset(number for (number,) in cursor.fetchall())


def _identity_pairs(crowded: frozenset[str], fetch: int) -> Iterator[tuple[Row, Row, list]]:
    shared = (
        f"SELECT b.identity_number FROM books_book b WHERE b.identity_number <> '' AND {LIVE} "
        f"GROUP BY b.identity_number HAVING COUNT(*) BETWEEN 2 AND {CROWDED_IDENTITY}"
    )
    sql = (
        f"SELECT {FINDER_COLUMNS} {FROM} WHERE {LIVE} AND b.identity_number IN ({shared}) "
        "ORDER BY b.identity_number, b.id"
    )
    for _number, group in groupby(_stream(sql, [], fetch), key=lambda row: row.identity):
        for a, b in combinations(list(group), 2):
            reasons = explain(a, b, crowded)
            if reasons is not None:
                yield a, b, reasons


# -- people --------------------------------------------------------------------------------


def _provinces() -> list[int | None]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT province_id FROM units_office")
        found = [province for (province,) in cursor.fetchall()]
    return sorted(found, key=lambda province: (province is None, province or 0))


def _blocks(province: int | None, fetch: int) -> Iterator[list[Row]]:
    """The live books of a province's offices in blocks of one sex and birth year."""
    where = "province_id IS NULL" if province is None else "province_id = %s"
    sql = (
        f"SELECT {FINDER_COLUMNS} {FROM} WHERE {LIVE} AND b.office_id IN "
        f"(SELECT id FROM units_office WHERE {where}) ORDER BY b.sex, b.birth_date, b.id"
    )
    params = [] if province is None else [province]
    rows = _stream(sql, params, fetch)
    for _key, block in groupby(rows, key=lambda row: (row.sex, row.birth.year)):
        yield list(block)


def block_pairs(block: list[Row]) -> Iterator[tuple[Row, Row]]:
    """The pairs of one block (one sex, province and birth year) whose names are equal or
    one letter apart and whose births fit, each once, the lower id first."""
    by_name: dict[str, list[Row]] = defaultdict(list)
    for row in block:
        by_name[row.name].append(row)
    for rows in by_name.values():
        if len(rows) > 1:
            yield from _fitting(rows, rows)
    names_by_key: dict[str, list[str]] = defaultdict(list)
    for name in by_name:
        for key in deletions(name):
            names_by_key[key].append(name)
    compared: set[tuple[str, str]] = set()
    for names in names_by_key.values():
        if len(names) < 2:  # most keys: a name's own deletions, shared with no other name
            continue
        for first, second in combinations(sorted(names), 2):
            if (first, second) not in compared:
                compared.add((first, second))
                if one_letter_apart(first, second):
                    yield from _fitting(by_name[first], by_name[second])


def _fitting(left: list[Row], right: list[Row]) -> Iterator[tuple[Row, Row]]:
    """Pairs of a row of `left` and a row of `right` whose births fit (`rules.birth_fits`),
    found through indexes of `right` by day and month; when both are the same list, each
    pair once. A birth known only to the year fits nothing."""
    day, month_known, month_only = defaultdict(list), defaultdict(list), defaultdict(list)
    for row in right:
        ym = (row.birth.year, row.birth.month)
        if row.precision == DAY:
            day[row.birth].append(row)
            month_known[ym].append(row)
        elif row.precision == MONTH:
            month_known[ym].append(row)
            month_only[ym].append(row)
    same = left is right
    for a in left:
        ym = (a.birth.year, a.birth.month)
        if a.precision == DAY:
            candidates = day[a.birth] + month_only[ym]
        elif a.precision == MONTH:
            candidates = month_known[ym]
        else:
            continue
        for b in candidates:
            if a.id == b.id or (same and b.id < a.id):
                continue
            yield (a, b) if a.id < b.id else (b, a)


def _stream(sql: str, params: list, fetch: int) -> Iterator[Row]:
    """Rows of a query as Rows, `fetch` at a time; a server-side cursor on PostgreSQL, so
    that a province of millions never sits in memory."""
    as_date = _as_date if connection.vendor == "sqlite" else None
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(fetch):
            for values in batch:
                row = Row(*values)
                yield row._replace(birth=as_date(row.birth)) if as_date else row


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value
