"""Demo only: plant realistic duplicate books into a freshly generated registry, and keep
the truth (`PlantedPair`) so that the finder's precision and recall can be measured.

A share of the workers get a second book, registered through `books.services` like any
new book: the name typed with a letter swapped, missing, doubled or without its
diacritics, the day of birth sometimes missing, the employer sometimes another of the same
province, the identity number the same, missing or different, and often months of
contributions paid on both books. A few "near misses" are other workers of the same
province and sex whose names are one letter from someone's: most were born in another
year (the finder must not pair them); some share the birthday too, and the finder pairs
them, as an office would want to look at them. Seeded and deterministic.
"""

import random
from collections import defaultdict
from datetime import date

from django.db import connection

from sobhxh.books.lifecycle import Via
from sobhxh.books.services import NewBook, add_periods_of_new_books, register_books
from sobhxh.books.text import fold
from sobhxh.db import bulk

from .models import PlantedPair
from .rules import one_letter_apart

REGISTERED_ON = date(2016, 12, 31)
SHARE = 0.005
NEAR_MISS_SHARE = 0.1  # of the planted books
# Of the near misses, those born on the very same day (the finder pairs these).
SAME_BIRTHDAY_SHARE = 0.2
IN = 1000

_ORIGINAL_SQL = (
    "SELECT b.id, b.number, b.full_name, b.birth_date, b.birth_precision, b.sex, "
    "b.identity_number, b.employer_id, b.office_id, o.province_id FROM books_book b "
    "JOIN units_office o ON o.id = b.office_id WHERE b.state <> 'excluded' AND {condition}"
)


def plant(*, seed: int, share: float = SHARE) -> dict[str, int]:
    """Plant duplicates and near misses among the books already written; call inside the
    demo's transaction, after its sequences are reset. Returns how many of each."""
    rng = random.Random(f"{seed}-duplicates")
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(id), MAX(id), COUNT(*) FROM books_book")
        low, high, count = cursor.fetchone()
    wanted = round(count * share) if count else 0
    if not wanted:
        return {"duplicates": 0, "near_misses": 0}
    picked = sorted(rng.sample(range(low, high + 1), min(high - low + 1, wanted * 2)))
    originals = _originals(picked)[:wanted]
    rng.shuffle(originals)
    employers = _employers_by_province()
    periods = _periods_of([row[0] for row in originals])
    near = round(len(originals) * NEAR_MISS_SHARE)
    new_books, new_periods, truth = [], [], []
    for index, original in enumerate(originals):
        number = f"{original[1][:2]}9{index:07d}"
        if index < near:
            book = _near_miss(rng, original, number, same_day=index < near * SAME_BIRTHDAY_SHARE)
            kind = PlantedPair.Kind.NEAR_MISS
            rows = []
        else:
            book, rows = _second_book(rng, original, number, employers, periods[original[0]])
            kind = PlantedPair.Kind.DUPLICATE
        new_books.append(book._replace(periods_added=len(rows)))
        new_periods.append(rows)
        truth.append(PlantedPair(original=original[1], planted=number, kind=kind))
    ids = register_books(new_books, on=REGISTERED_ON, via=Via.COMMAND)
    add_periods_of_new_books(
        (ids[book.number], *row)
        for book, rows in zip(new_books, new_periods, strict=True)
        for row in rows
    )
    PlantedPair.objects.bulk_create(truth, batch_size=1000)
    return {"duplicates": len(originals) - near, "near_misses": near}


def _originals(ids: list[int]) -> list[tuple]:
    found = []
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IN):
            condition, params = bulk.one_of("b.id", ids[start : start + IN])
            cursor.execute(_ORIGINAL_SQL.format(condition=condition), params)
            found += [_with_date(row, 3) for row in cursor.fetchall()]
    return sorted(found)


def _employers_by_province() -> dict[int, list[tuple[int, int]]]:
    by_province = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e.id, e.office_id, o.province_id FROM units_employer e "
            "JOIN units_office o ON o.id = e.office_id ORDER BY e.id"
        )
        for employer, office, province in cursor.fetchall():
            by_province[province].append((employer, office))
    return by_province


def _periods_of(ids: list[int]) -> dict[int, list[tuple]]:
    by_book = defaultdict(list)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), IN):
            condition, params = bulk.one_of("book_id", ids[start : start + IN])
            cursor.execute(
                "SELECT book_id, fund, from_month, to_month, wage, rate FROM books_period "
                f"WHERE {condition} AND fund = 'BHXH' ORDER BY book_id, from_month",
                params,
            )
            for row in cursor.fetchall():
                row = _with_date(_with_date(row, 2), 3)
                by_book[row[0]].append(row[1:])
    return by_book


def _second_book(rng, original, number, employers, periods) -> tuple[NewBook, list[tuple]]:
    """The same worker registered again, as a second employer or office did it."""
    _pk, _number, name, birth, precision, sex, identity, employer, office, province = original
    if rng.random() < 0.7:
        name = typo(rng, name)
    if precision == "day" and rng.random() < 0.3:
        birth, precision = birth.replace(day=1), "month"
    if rng.random() < 0.5 and employers[province]:
        employer, office = rng.choice(employers[province])
    # Often registered again without the identity number, or with the new 12-digit card
    # (CCCD) where the first book has the old 9-digit one (CMND); otherwise the same number.
    draw = rng.random()
    if draw < 0.3:
        identity = ""
    elif draw < 0.6 and len(identity) != 12:
        identity = f"0{rng.randrange(10**11):011d}"
    book = NewBook(number, name, birth, sex, employer, office, precision, identity)
    return book, _second_periods(rng, periods)


def _second_periods(rng, periods: list[tuple]) -> list[tuple]:
    """A period of the second book: often the last months of the first book's latest
    period paid again (to be refunded), otherwise a few months before its first."""
    if not periods:
        return []
    months = rng.randint(3, 12)
    if rng.random() < 0.5:
        _fund, first, last, wage, rate = periods[-1]
        start = max(_index(first), _index(last) - months + 1)
        return [("BHXH", _month(start), last, "Công nhân, đơn vị thứ hai", wage, rate)]
    _fund, first, _last, wage, rate = periods[0]
    end = _index(first) - 1
    if end - months + 1 < 1995 * 12:
        return []
    return [("BHXH", _month(end - months + 1), _month(end), "Học việc", wage, rate)]


def _near_miss(rng, original, number, *, same_day: bool) -> NewBook:
    """Another worker of the same province and sex whose name is one letter away."""
    _pk, _number, name, birth, precision, sex, _identity, employer, office, _province = original
    name = typo(rng, name, keep_letters=True)
    if not same_day:
        birth = birth.replace(year=birth.year + rng.choice((-3, -2, -1, 1, 2, 3)), day=1)
        precision = "day"
    return NewBook(number, name, birth, sex, employer, office, precision, "")


def typo(rng: random.Random, name: str, *, keep_letters: bool = False) -> str:
    """`name` as someone typed it once: two neighbouring letters swapped, one missing or
    doubled, or (unless `keep_letters`) its diacritics lost. Folded, the result is at most
    one letter away from the name's."""
    kinds = ["swap", "drop", "double"] if keep_letters else ["swap", "drop", "double", "bare"]
    for _attempt in range(10):
        kind = rng.choice(kinds)
        if kind == "bare":
            return fold(name).title()
        position = rng.randrange(len(name))
        if not name[position].isalpha():
            continue
        if kind == "double":
            changed = name[: position + 1] + name[position] + name[position + 1 :]
        elif kind == "drop":
            changed = name[:position] + name[position + 1 :]
        else:
            changed = name[:position] + name[position + 1 : position + 2] + name[position]
            changed += name[position + 2 :]
        tidy = " ".join(changed.split()) == changed and len(changed.split()) == len(name.split())
        if tidy and one_letter_apart(fold(changed), fold(name)):
            return changed
    return fold(name).title()


def _index(month: date) -> int:
    return month.year * 12 + month.month - 1


def _month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _with_date(row: tuple, position: int) -> tuple:
    value = row[position]
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return (*row[:position], value, *row[position + 1 :])
