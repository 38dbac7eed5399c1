"""What the worker's pages read: the book a lookup matches, and where that book is.

`matching_book` answers "no match" the same way, in the same work, whether the number is
unknown or the second proof is wrong: one indexed query on the number (its unique index),
then the same comparison against the stored row or a stand-in row, so that neither the
answer nor its time tells whether a number exists (DOMAIN.md, "Workers and the public").
"""

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from sobhxh.books.lifecycle import Action, DisputeReason, ExclusionReason, State
from sobhxh.books.models import Book, BookEvent, Precision
from sobhxh.handover.models import HandoverLine
from sobhxh.handover.selectors import PeriodLine, statement_pages

# A stored row for an unknown number: nothing in it can match (its proofs are empty).
_NOBODY = (0, "", date(1, 1, 1), "")


def _key(text: str) -> bytes:
    # Fixed-length values, so that the comparison takes the same time whatever was typed.
    return hashlib.sha256(text.encode()).digest()


def matching_book(
    number: str, *, identity_number: str = "", birth_date: date | None = None
) -> int | None:
    """The id of the book `number` whose identity number (or date of birth, when known to
    the day) is the one given; None otherwise, by the same path whichever part failed."""
    rows = list(
        Book.objects.filter(number=number).values_list(
            "pk", "identity_number", "birth_date", "birth_precision"
        )[:1]
    )
    found = bool(rows)
    pk, stored_identity, stored_birth, precision = rows[0] if found else _NOBODY
    stored_day = stored_birth.isoformat()
    if identity_number:
        given, stored = f"identity:{identity_number}", f"identity:{stored_identity}"
        known = stored_identity != ""
    else:
        given = f"birth:{birth_date.isoformat() if birth_date else ''}"
        stored = f"birth:{stored_day}"
        known = precision == Precision.DAY
    same = hmac.compare_digest(_key(given), _key(stored))
    # Bitwise, not `and`: every part is computed on every path.
    return pk if (found & known & same) else None


@dataclass(frozen=True)
class Handover:
    received_on: date
    batch: str
    employer: str


@dataclass(frozen=True)
class WorkerBook:
    """What the worker's page shows of their book."""

    book: Book
    periods: tuple[PeriodLine, ...]
    latest: BookEvent | None
    handover: Handover | None

    @property
    def number(self) -> str:
        return self.book.number

    @property
    def in_review(self) -> bool:
        return self.book.state == State.IN_REVIEW

    @property
    def dispute_reasons(self) -> list[str]:
        if not self.latest or self.latest.action != Action.DISPUTE:
            return []
        reasons = self.latest.details.get("reasons") or []
        return [str(DisputeReason(r).label) for r in reasons if r in DisputeReason.values]

    @property
    def dispute_words(self) -> str:
        if not self.latest or self.latest.action != Action.DISPUTE:
            return ""
        return self.latest.details.get("worker_words", "")

    @property
    def exclusion_reason(self) -> str:
        if not self.latest or self.latest.action != Action.EXCLUDE:
            return ""
        reason = self.latest.details.get("reason", "")
        return str(ExclusionReason(reason).label) if reason in ExclusionReason.values else ""

    @property
    def period_choices(self) -> list[tuple[str, str]]:
        return [(label, label) for label in (period_label(p) for p in self.periods)]


def period_label(period: PeriodLine) -> str:
    return f"{period.fund} {period.from_month} – {period.to_month}"


def worker_book(book_id: int) -> WorkerBook | None:
    """The worker's book and what its page shows: four queries (five once handed over)."""
    book = Book.objects.select_related("employer", "office").filter(pk=book_id).first()
    if book is None:
        return None
    pages = statement_pages([book.pk])
    latest = BookEvent.objects.filter(book_id=book.pk).order_by("-id").first()
    handover = None
    if book.state == State.HANDED_OVER:
        line = (
            HandoverLine.objects.filter(book_id=book.pk, received_on__isnull=False)
            .select_related("batch__employer")
            .order_by("-received_on", "-id")
            .first()
        )
        if line:
            handover = Handover(
                received_on=line.received_on,
                batch=line.batch.number,
                employer=line.batch.employer.name,
            )
    return WorkerBook(
        book=book,
        periods=pages[0].periods if pages else (),
        latest=latest,
        handover=handover,
    )
