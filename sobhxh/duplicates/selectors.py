"""Reads of probable duplicates, always through `accounts.scope`: a user sees a pair when
one of its books is in their scope; employers' staff review none."""

import heapq
from dataclasses import dataclass
from itertools import groupby, islice

from django.db.models import Q, QuerySet
from django.http import Http404

from sobhxh import formatting
from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.books.models import Book, Period

from .models import DuplicatePair, PlantedPair, RefundMonth, Status

REVIEWERS = (Role.CENTRAL, Role.PROVINCE, Role.DISTRICT)


def may_review(user) -> bool:
    return scope.role(user) in REVIEWERS


STRONGEST_FIRST = ("-score", "id")


def pair_ids(user, *, status: str = Status.OPEN):
    """The ids of the pairs of `status` the user may review, strongest first, read by index
    from the places the finder stored on each pair: a province's or a district's pairs are
    those with a book managed there. A sequence for a paginator (`count_up_to` and
    slices). At 15 M books there are millions of pairs, half of them in one province; the
    plain twin, `pairs`, asks each pair's books for their office and took seconds a page."""
    if not may_review(user):
        return _Sides([])
    found = DuplicatePair.objects.filter(status=status).order_by(*STRONGEST_FIRST)
    role, office = scope.role(user), scope.place(user).office_id
    if role == Role.CENTRAL:
        return _Sides([found])
    side = "province" if role == Role.PROVINCE else "office"
    # A pair with both books here is on both sides: the merge drops the second.
    low = found.filter(**{f"{side}_low_id": office})
    high = found.filter(**{f"{side}_high_id": office})
    return _Sides([low, high])


class _Sides:
    """Pairs in score order from one or two querysets, each read in that order by its own
    index and merged here, a pair on both once: a page is the first `stop` of each,
    merged, then sliced (each of the first `stop` pairs of the whole is among the first
    `stop` of its side). The database sorted a province's million pairs to merge the two
    lists, and an index of one side cannot skip the pairs the other has."""

    def __init__(self, sides: list[QuerySet]):
        self.sides = [side.values_list("score", "pk") for side in sides]

    def __getitem__(self, wanted: slice) -> list[int]:
        start, stop = wanted.start or 0, wanted.stop
        merged = heapq.merge(*(side[:stop] for side in self.sides), key=_strongest)
        once = (row for row, _same in groupby(merged))
        return [pk for _score, pk in islice(once, start, stop)]

    def count_up_to(self, limit: int) -> int:
        return len(self[0:limit])


def _strongest(row: tuple[int, int]) -> tuple[int, int]:
    score, pk = row
    return (-score, pk)


def pairs_in_order(ids) -> list[DuplicatePair]:
    """The pairs of `ids`, in that order, with their books."""
    found = _with_books(DuplicatePair.objects.filter(pk__in=ids)).in_bulk()
    return [found[pk] for pk in ids]


def _with_books(found: QuerySet[DuplicatePair]) -> QuerySet[DuplicatePair]:
    return found.select_related(
        "book_low__employer", "book_high__employer", "book_low__office", "book_high__office"
    )


def pairs(user, *, status: str = Status.OPEN) -> QuerySet[DuplicatePair]:
    """The pairs of `status` the user may review, strongest first, asking each pair's books
    where they are managed now: plainly right, and the twin of `pair_ids`."""
    if not may_review(user):
        return DuplicatePair.objects.none()
    found = DuplicatePair.objects.filter(status=status)
    if scope.role(user) != Role.CENTRAL:
        books = scope.books(user).values("pk")
        found = found.filter(Q(book_low__in=books) | Q(book_high__in=books))
    return _with_books(found).order_by(*STRONGEST_FIRST)


def pair_or_404(user, pk) -> DuplicatePair:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not may_review(user):
        raise Http404
    found = DuplicatePair.objects.select_related("kept", "decided_by").filter(pk=pk).first()
    if found is None:
        raise Http404
    visible = scope.books(user).filter(pk__in=[found.book_low_id, found.book_high_id])
    if not visible.exists():
        raise Http404
    return found


@dataclass
class Side:
    """One book of a pair as its page shows it."""

    book: Book
    birth: str
    periods: list[Period]


def sides(pair: DuplicatePair) -> list[Side]:
    books = Book.objects.select_related("employer", "office").in_bulk(
        [pair.book_low_id, pair.book_high_id]
    )
    periods: dict[int, list[Period]] = {pk: [] for pk in books}
    for period in Period.objects.filter(book_id__in=books).order_by("book", "fund", "from_month"):
        periods[period.book_id].append(period)
    return [
        Side(book, formatting.birth_date(book.birth_date, book.birth_precision), periods[pk])
        for pk, book in sorted(books.items())
    ]


def refunds(pair: DuplicatePair) -> QuerySet[RefundMonth]:
    return pair.refunds.order_by("fund", "from_month")


def planted_numbers() -> QuerySet:
    """The numbers of the second books the demo planted (`demo.plant`): demo data, though
    registered through the service at the moment of planting."""
    return PlantedPair.objects.values("planted")
