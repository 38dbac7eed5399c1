"""When two books look like one worker's, and how strongly: the rules both the finder and
its plain reference (`reference_pairs`) apply, so that the two can be held equal.

Two books make a pair when they share an identity number, or when they belong to the
same sex in the same province (their managing offices') with names at most one letter
apart (folded: lower case, no diacritics) and dates of birth that fit: the same day, or,
when one is known only to the month, the same month (`birth_fits`); unless both carry
identity numbers of the same kind that differ by more than a slip (`identities_conflict`),
which says they are two people. An identity
number that more than `CROWDED_IDENTITY` books carry is a placeholder typed by habit, not
evidence, and is ignored.
"""

from collections.abc import Iterable
from datetime import date
from itertools import combinations
from typing import NamedTuple

from .models import Reason

CROWDED_IDENTITY = 20

WEIGHTS = {
    Reason.IDENTITY: 50,
    Reason.NAME: 20,
    Reason.NAME_VARIANT: 12,
    Reason.BIRTH: 15,
    Reason.BIRTH_PARTIAL: 8,
    Reason.SEX: 5,
    Reason.EMPLOYER: 10,
    Reason.OFFICE: 6,
    Reason.PROVINCE: 3,
}
DAY, MONTH, YEAR = "day", "month", "year"


class Row(NamedTuple):
    """A book as the finder compares it (FINDER_COLUMNS order)."""

    id: int
    name: str  # folded (Book.search_name)
    birth: date
    precision: str
    sex: str
    province: int | None
    office: int
    employer: int
    identity: str


def one_letter_apart(s: str, t: str) -> bool:
    """Whether two different texts are one letter swapped with its neighbour, changed,
    missing or extra apart."""
    if s == t or abs(len(s) - len(t)) > 1:
        return False
    if len(s) > len(t):
        s, t = t, s
    i = 0
    while i < len(s) and s[i] == t[i]:
        i += 1
    if len(s) < len(t):
        return s[i:] == t[i + 1 :]
    if s[i + 1 :] == t[i + 1 :]:
        return True
    return i + 1 < len(s) and s[i] == t[i + 1] and s[i + 1] == t[i] and s[i + 2 :] == t[i + 2 :]


def deletions(name: str) -> set[str]:
    """The name and the name less any one letter: two names one letter apart always share
    one of these (a changed letter: both less it; a missing one: the longer less it; two
    swapped: each less one of them)."""
    return {name, *(name[:i] + name[i + 1 :] for i in range(len(name)))}


def birth_fits(a: Row, b: Row) -> str | None:
    """The same day; or the same month when one of them lacks its day. A birth known only
    to the year fits nothing: on the demo it made 909 of 920 pairs that were not one worker
    (docs/decisions.md, issue 16), so such a book is paired only by its identity number."""
    if YEAR in (a.precision, b.precision):
        return None
    if a.precision == DAY and b.precision == DAY:
        return Reason.BIRTH if a.birth == b.birth else None
    same = (a.birth.year, a.birth.month) == (b.birth.year, b.birth.month)
    return Reason.BIRTH_PARTIAL if same else None


def identities_conflict(first: str, second: str) -> bool:
    """Two numbers of the same kind (both CMND, or both CCCD) that differ in more than one
    digit: two people. One digit apart is a typing slip; a CMND beside a CCCD is one person
    who changed papers."""
    if not first or not second or len(first) != len(second):
        return False
    return sum(x != y for x, y in zip(first, second, strict=True)) > 1


def explain(a: Row, b: Row, crowded: frozenset[str] = frozenset()) -> list[str] | None:
    """The reasons (Reason values) two books are one worker's, or None if they are not a
    pair by the rules."""
    if identities_conflict(a.identity, b.identity):
        return None
    reasons = []
    if a.identity and a.identity == b.identity and a.identity not in crowded:
        reasons.append(Reason.IDENTITY)
    name = Reason.NAME if a.name == b.name else None
    if name is None and one_letter_apart(a.name, b.name):
        name = Reason.NAME_VARIANT
    birth = birth_fits(a, b)
    person = name and birth and a.sex == b.sex and a.province == b.province
    if not reasons and not person:
        return None
    reasons += [reason for reason in (name, birth) if reason]
    if a.sex == b.sex:
        reasons.append(Reason.SEX)
    if a.employer == b.employer:
        reasons.append(Reason.EMPLOYER)
    elif a.office == b.office:
        reasons.append(Reason.OFFICE)
    elif a.province == b.province:
        reasons.append(Reason.PROVINCE)
    return [str(reason) for reason in reasons]


def score(reasons: Iterable[str]) -> int:
    return min(100, sum(WEIGHTS[Reason(reason)] for reason in reasons))


def crowded_identities(rows: Iterable[Row]) -> frozenset[str]:
    counts: dict[str, int] = {}
    for row in rows:
        if row.identity:
            counts[row.identity] = counts.get(row.identity, 0) + 1
    return frozenset(number for number, count in counts.items() if count > CROWDED_IDENTITY)


def reference_pairs(rows: list[Row]) -> dict[tuple[int, int], list[str]]:
    """Every pair by the rules, comparing each book with every other: the plain and
    obviously right twin of `finder.find`, for small sets (the tests hold them equal)."""
    crowded = crowded_identities(rows)
    found = {}
    for a, b in combinations(sorted(rows), 2):
        reasons = explain(a, b, crowded)
        if reasons is not None:
            found[(a.id, b.id)] = reasons
    return found
