"""Everything that writes in the review and handover work at an employer.

Books move only through `books.services` (`transition_many` for sets, `transition` for a
book with details of its own), so the lifecycle's rules, events and counters hold; these
functions add the rounds, batches and receipts around those moves. Each runs in one
transaction and works on sets: a few queries per 2,000 books, never one per book, except
disputes whose details are the book's own.

A book that cannot be taken is left as it was and reported as (book number, why), the
way `transition_many` reports it; nothing at all to do is a `NothingToDo` error.
"""

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from sobhxh.bilingual import in_active_language
from sobhxh.books.details import clean_details
from sobhxh.books.errors import LifecycleError, TransitionNotAllowed
from sobhxh.books.lifecycle import Action, Receiver, Via, check_move
from sobhxh.books.models import Book
from sobhxh.books.services import BulkResult, transition, transition_many
from sobhxh.db.bulk import VALUES_PER_QUERY
from sobhxh.units.models import Employer, Office

from .errors import NothingToDo
from .models import HandoverBatch, HandoverLine, ReviewRound, ReviewRoundBook

Refusal = tuple[str, str]


@dataclass
class AnswersResult:
    confirmed: int = 0
    disputed: int = 0
    refused: list[Refusal] = field(default_factory=list)


@dataclass(frozen=True)
class Receipt:
    """Who received one book of a batch: the worker, or an authorised person by name."""

    book_id: int
    receiver: str = Receiver.WORKER
    receiver_name: str = ""


def start_review_round(
    *, employer: Employer, book_ids: Iterable[int], on: date, actor=None, via: str = Via.WEB
) -> tuple[ReviewRound, BulkResult]:
    """Put the employer's chosen books in review and open a round holding those that moved."""
    ids = list(dict.fromkeys(book_ids))
    with transaction.atomic():
        rows, refused = _employer_books(employer, ids)
        moved = transition_many(
            book_ids=list(rows), action=Action.START_REVIEW, on=on, actor=actor, via=via
        )
        if not moved.moved:
            raise NothingToDo(
                _("None of the chosen books can be put in review."),
                refused=refused + moved.refused,
            )
        refused_numbers = {number for number, _why in moved.refused}
        round_ = ReviewRound.objects.create(
            employer=employer,
            office_id=employer.office_id,
            year=on.year,
            serial=_next_serial(ReviewRound, employer.office_id, on.year),
            started_on=on,
            created_by=actor,
        )
        ReviewRoundBook.objects.bulk_create(
            [
                ReviewRoundBook(round=round_, book_id=pk)
                for pk, row in rows.items()
                if row["number"] not in refused_numbers
            ],
            batch_size=1000,
        )
    return round_, BulkResult(moved=moved.moved, refused=refused + moved.refused)


def record_answers(
    *,
    confirmed_ids: Iterable[int],
    disputed: Mapping[int, dict],
    on: date,
    actor=None,
    via: str = Via.WEB,
) -> AnswersResult:
    """Record the workers' answers: the statements they confirmed and those they dispute.

    `disputed` maps a book id to its details: `reasons` (DisputeReason values) and
    `worker_words`, both required by the lifecycle (`books.details.clean_details`). Disputes
    with equal details move together.
    """
    confirmed = list(dict.fromkeys(confirmed_ids))
    result = AnswersResult()
    with transaction.atomic():
        numbers = _numbers([*confirmed, *disputed])
        both = set(confirmed) & set(disputed)
        result.refused += [
            _unknown(pk) for pk in dict.fromkeys([*confirmed, *disputed]) if pk not in numbers
        ]
        result.refused += [_both_ways(numbers[pk]) for pk in sorted(both & numbers.keys())]
        moved = transition_many(
            book_ids=[pk for pk in confirmed if pk in numbers and pk not in both],
            action=Action.CONFIRM,
            on=on,
            actor=actor,
            via=via,
        )
        result.confirmed = moved.moved
        result.refused += moved.refused
        wanted = {
            pk: details for pk, details in disputed.items() if pk in numbers and pk not in both
        }
        for details, ids in _dispute_groups(wanted, numbers, result.refused).items():
            move = {
                "action": Action.DISPUTE,
                "on": on,
                "actor": actor,
                "via": via,
                "details": json.loads(details),
            }
            if len(ids) > 1:
                moved = transition_many(book_ids=ids, **move)
                result.disputed += moved.moved
                result.refused += moved.refused
                continue
            book = Book(pk=ids[0], number=numbers[ids[0]])
            try:
                transition(book=book, **move)
            except LifecycleError as refusal:
                result.refused.append((book.number, refusal.message))
            else:
                result.disputed += 1
    return result


def create_handover_batch(
    *, employer: Employer, book_ids: Iterable[int], on: date, actor=None
) -> tuple[HandoverBatch, BulkResult]:
    """List the employer's chosen confirmed books for the handover session of `on`.

    The books stay confirmed until `record_receipts`; `BulkResult.moved` counts the lines
    of the batch, in the order the ids were given.
    """
    ids = list(dict.fromkeys(book_ids))
    with transaction.atomic():
        rows, refused = _employer_books(employer, ids)
        listed = []
        for pk, row in rows.items():
            # Listed now, handed over at `record_receipts`: ask the lifecycle already.
            try:
                check_move(Action.HAND_OVER, row["state"], number=row["number"])
            except TransitionNotAllowed as refusal:
                refused.append((row["number"], refusal.message))
            else:
                listed.append(pk)
        if not listed:
            raise NothingToDo(
                _("None of the chosen books is confirmed and ready to hand over."),
                refused=refused,
            )
        batch = HandoverBatch.objects.create(
            employer=employer,
            office_id=employer.office_id,
            year=on.year,
            serial=_next_serial(HandoverBatch, employer.office_id, on.year),
            handed_on=on,
            created_by=actor,
        )
        HandoverLine.objects.bulk_create(
            [
                HandoverLine(batch=batch, book_id=pk, order=order)
                for order, pk in enumerate(listed, start=1)
            ],
            batch_size=1000,
        )
    return batch, BulkResult(moved=len(listed), refused=refused)


def record_receipts(
    *,
    batch: HandoverBatch,
    receipts: Iterable[Receipt],
    on: date,
    actor=None,
    via: str = Via.WEB,
) -> BulkResult:
    """Hand over the books of the batch that were received on `on` and mark their lines.

    Books received by their workers move together; those received by authorised persons
    move in one group per name.
    """
    wanted = {receipt.book_id: receipt for receipt in receipts}
    result = BulkResult()
    with transaction.atomic():
        lines = {
            book_id: (number, received_on)
            for book_id, number, received_on in HandoverLine.objects.filter(
                batch=batch
            ).values_list("book_id", "book__number", "received_on")
        }
        outside = _numbers([pk for pk in wanted if pk not in lines])
        groups: dict[tuple[str, str], list[int]] = defaultdict(list)
        for pk, receipt in wanted.items():
            if pk not in lines:
                result.refused.append(_not_in_batch(pk, outside, batch))
                continue
            number, received_on = lines[pk]
            if received_on:
                result.refused.append(_already_received(number, received_on))
                continue
            try:
                details = clean_details(
                    Action.HAND_OVER,
                    {"receiver": receipt.receiver, "receiver_name": receipt.receiver_name},
                    number=number,
                )
            except LifecycleError as refusal:
                result.refused.append((number, refusal.message))
                continue
            groups[details["receiver"], details.get("receiver_name", "")].append(pk)
        for (receiver, name), ids in groups.items():
            details = {"receiver": receiver, **({"receiver_name": name} if name else {})}
            moved = transition_many(
                book_ids=ids,
                action=Action.HAND_OVER,
                on=on,
                actor=actor,
                via=via,
                details=details,
            )
            result.moved += moved.moved
            result.refused += moved.refused
            refused_numbers = {number for number, _why in moved.refused}
            received = [pk for pk in ids if lines[pk][0] not in refused_numbers]
            for start in range(0, len(received), VALUES_PER_QUERY):
                HandoverLine.objects.filter(
                    batch=batch, book_id__in=received[start : start + VALUES_PER_QUERY]
                ).update(received_on=on, receiver=receiver, receiver_name=name)
    return result


def _employer_books(employer: Employer, ids: list[int]) -> tuple[dict[int, dict], list[Refusal]]:
    """The employer's books among `ids` ({id: row}, in the order given), and refusals for
    the others."""
    found: dict[int, dict] = {}
    for start in range(0, len(ids), VALUES_PER_QUERY):
        rows = Book.objects.filter(pk__in=ids[start : start + VALUES_PER_QUERY])
        rows = rows.values("pk", "number", "state", "employer_id")
        found.update((row["pk"], row) for row in rows)
    mine: dict[int, dict] = {}
    refused: list[Refusal] = []
    for pk in ids:
        row = found.get(pk)
        if row is None:
            refused.append(_unknown(pk))
        elif row["employer_id"] != employer.pk:
            refused.append(
                (
                    row["number"],
                    _refusal(
                        _("Book %(number)s is not a book of %(employer)s."),
                        number=row["number"],
                        employer=employer.name,
                    ),
                )
            )
        else:
            mine[pk] = row
    return mine, refused


def _numbers(ids: list[int]) -> dict[int, str]:
    ids = list(dict.fromkeys(ids))
    numbers: dict[int, str] = {}
    for start in range(0, len(ids), VALUES_PER_QUERY):
        rows = Book.objects.filter(pk__in=ids[start : start + VALUES_PER_QUERY])
        numbers.update(rows.values_list("pk", "number"))
    return numbers


def _dispute_groups(
    disputed: Mapping[int, dict], numbers: dict[int, str], refused: list[Refusal]
) -> dict[str, list[int]]:
    """Group the disputes by their cleaned details (as sorted JSON); refuse those the
    lifecycle refuses (a dispute records what is wrong and the worker's words)."""
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, details in disputed.items():
        number = numbers[pk]
        try:
            cleaned = clean_details(Action.DISPUTE, details, number=number)
        except LifecycleError as refusal:
            refused.append((number, refusal.message))
            continue
        groups[json.dumps(cleaned, sort_keys=True, ensure_ascii=False)].append(pk)
    return groups


def _next_serial(model, office_id: int, year: int) -> int:
    # Locking the office row makes two sessions numbering documents of the same office
    # take turns (on SQLite the IMMEDIATE transaction already does).
    list(Office.objects.select_for_update().filter(pk=office_id).values_list("pk"))
    latest = model.objects.filter(office_id=office_id, year=year).aggregate(Max("serial"))
    return (latest["serial__max"] or 0) + 1


def _refusal(template, **params) -> str:
    return in_active_language(template, params)


def _both_ways(number: str) -> Refusal:
    return (
        number,
        _refusal(
            _("Book %(number)s is given as both right and wrong; record it once."), number=number
        ),
    )


def _unknown(pk: int) -> Refusal:
    return (f"#{pk}", _refusal(_("There is no book with the id %(id)s."), id=pk))


def _not_in_batch(pk: int, numbers: dict[int, str], batch: HandoverBatch) -> Refusal:
    if pk not in numbers:
        return _unknown(pk)
    return (
        numbers[pk],
        _refusal(
            _("Book %(number)s is not on the handover list %(batch)s."),
            number=numbers[pk],
            batch=batch.number,
        ),
    )


def _already_received(number: str, received_on: date) -> Refusal:
    return (
        number,
        _refusal(
            _("Book %(number)s was already received on %(on)s."),
            number=number,
            on=f"{received_on:%d/%m/%Y}",
        ),
    )
