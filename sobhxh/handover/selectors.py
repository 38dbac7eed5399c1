"""What the documents print, read in a constant number of queries per 2,000 books and
returned as plain values, already formatted, so that the document builders are pure
functions of them.

The lists the pages show (an employer's rounds and batches, their lines) are querysets
the pages paginate.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import pgettext_lazy

from sobhxh import formatting
from sobhxh.books.lifecycle import Receiver
from sobhxh.books.models import Book, Period, Sex
from sobhxh.db.bulk import VALUES_PER_QUERY
from sobhxh.units.models import Employer, Office

from .models import HandoverBatch, HandoverLine, ReturnedListUpload, ReviewRound, ReviewRoundBook

FUND_SHORT = {"BHXH": "BHXH", "BHTN": "BHTN", "BHTNLD-BNN": "BHTNLĐ-BNN"}


@dataclass(frozen=True)
class OfficeHeading:
    """The issuing office as a document's heading names it: the office above it, the
    office itself, and the place the document is made."""

    parent: str
    name: str
    place: str


@dataclass(frozen=True)
class PeriodLine:
    fund: str
    from_month: str
    to_month: str
    job: str
    wage: str
    rate: str


@dataclass(frozen=True)
class StatementPage:
    number: str
    full_name: str
    birth_date: str
    sex: str
    identity_number: str
    employer_code: str
    employer_name: str
    periods: tuple[PeriodLine, ...]


@dataclass(frozen=True)
class HandoverRow:
    order: int
    number: str
    full_name: str
    birth_date: str
    sex: str
    receiver: str
    received_on: str


@dataclass(frozen=True)
class HandoverDocument:
    number: str
    handed_on: date
    office: OfficeHeading
    employer_code: str
    employer_name: str
    employer_address: str
    rows: tuple[HandoverRow, ...]

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def place_and_date(self) -> str:
        return f"{self.office.place}, {formatting.long_date(self.handed_on)}"


def office_heading(office: Office) -> OfficeHeading:
    office = Office.objects.select_related("parent", "province").get(pk=office.pk)
    return _heading(office)


def statement_pages(book_ids: Iterable[int]) -> list[StatementPage]:
    """One page per book, in the order of `book_ids` (unknown ids are skipped)."""
    ids = list(dict.fromkeys(book_ids))
    books: dict[int, dict] = {}
    periods: dict[int, list[PeriodLine]] = {}
    for start in range(0, len(ids), VALUES_PER_QUERY):
        chunk = ids[start : start + VALUES_PER_QUERY]
        rows = Book.objects.filter(pk__in=chunk).values(
            "pk",
            "number",
            "full_name",
            "birth_date",
            "birth_precision",
            "sex",
            "identity_number",
            "employer__code",
            "employer__name",
        )
        books.update((row["pk"], row) for row in rows)
        lines = (
            Period.objects.filter(book_id__in=chunk)
            .order_by("book_id", "fund", "from_month")
            .values_list("book_id", "fund", "from_month", "to_month", "job", "wage", "rate")
        )
        for book_id, fund, from_month, to_month, job, wage, rate in lines:
            periods.setdefault(book_id, []).append(
                PeriodLine(
                    fund=FUND_SHORT.get(fund, fund),
                    from_month=formatting.month(from_month),
                    to_month=formatting.month(to_month),
                    job=job,
                    wage=formatting.money(wage),
                    rate=formatting.rate(rate),
                )
            )
    with translation.override(formatting.DOCUMENT_LANGUAGE):
        return [
            StatementPage(
                number=row["number"],
                full_name=row["full_name"],
                birth_date=formatting.birth_date(row["birth_date"], row["birth_precision"]),
                sex=str(Sex(row["sex"]).label),
                identity_number=row["identity_number"],
                employer_code=row["employer__code"],
                employer_name=row["employer__name"],
                periods=tuple(periods.get(pk, ())),
            )
            for pk in ids
            if (row := books.get(pk))
        ]


def handover_document(batch: HandoverBatch, *, visible: QuerySet | None = None) -> HandoverDocument:
    """The handover list and minutes of a batch, in two queries whatever its size; with
    `visible`, only the books the user may still see."""
    batch = HandoverBatch.objects.select_related(
        "employer", "office__parent", "office__province"
    ).get(pk=batch.pk)
    lines = HandoverLine.objects.filter(batch=batch)
    if visible is not None:
        lines = lines.filter(book__in=visible)
    lines = lines.order_by("order").values(
        "order",
        "receiver",
        "receiver_name",
        "received_on",
        "book__number",
        "book__full_name",
        "book__birth_date",
        "book__birth_precision",
        "book__sex",
    )
    with translation.override(formatting.DOCUMENT_LANGUAGE):
        sexes = {value: str(label) for value, label in Sex.choices}
        receivers = {
            "": "",
            Receiver.WORKER: str(Receiver.WORKER.label),
            Receiver.AUTHORISED: str(pgettext_lazy("document", "%(name)s (authorised)")),
        }
        rows = tuple(
            HandoverRow(
                order=line["order"],
                number=line["book__number"],
                full_name=line["book__full_name"],
                birth_date=formatting.birth_date(
                    line["book__birth_date"], line["book__birth_precision"]
                ),
                sex=sexes[line["book__sex"]],
                receiver=receivers[line["receiver"]] % {"name": line["receiver_name"]},
                received_on=formatting.day(line["received_on"]),
            )
            for line in lines
        )
        return HandoverDocument(
            number=batch.number,
            handed_on=batch.handed_on,
            office=_heading(batch.office),
            employer_code=batch.employer.code,
            employer_name=batch.employer.name,
            employer_address=batch.employer.address,
            rows=rows,
        )


def _heading(office: Office) -> OfficeHeading:
    """`office` with its parent and province already loaded."""
    parent = office.parent.office_name if office.parent else ""
    place = formatting.place_name(office.province.name) if office.province else "Hà Nội"
    return OfficeHeading(parent=parent, name=office.office_name, place=place)


# -- lists for the pages -------------------------------------------------------------------


def rounds_of(employer: Employer) -> QuerySet[ReviewRound]:
    """The employer's review rounds, newest first, each with its `book_count`."""
    return (
        ReviewRound.objects.filter(employer=employer)
        .annotate(book_count=Count("lines"))
        .order_by("-started_on", "-id")
    )


def returned_lists_of(employer: Employer) -> QuerySet[ReturnedListUpload]:
    """The returned answer lists sent for the employer, newest first."""
    return ReturnedListUpload.objects.filter(employer=employer).order_by("-id")


def batches_of(employer: Employer) -> QuerySet[HandoverBatch]:
    """The employer's handover batches, newest first, each with its `book_count` and the
    `received_count` of its lines already signed for."""
    return (
        HandoverBatch.objects.filter(employer=employer)
        .annotate(
            book_count=Count("lines"),
            received_count=Count("lines", filter=Q(lines__received_on__isnull=False)),
        )
        .order_by("-handed_on", "-id")
    )


def round_lines(
    round_: ReviewRound, *, visible: QuerySet | None = None
) -> QuerySet[ReviewRoundBook]:
    """The books of a round in the order they were chosen (the order of the statements);
    with `visible` (a user's `scope.books`), only those the user may still see: a book
    may have moved to an employer elsewhere since."""
    lines = ReviewRoundBook.objects.filter(round=round_)
    if visible is not None:
        lines = lines.filter(book__in=visible)
    return lines.select_related("book").order_by("id")


def batch_lines(batch: HandoverBatch, *, visible: QuerySet | None = None) -> QuerySet[HandoverLine]:
    """The lines of a batch in the order of the handover list, each with its book; with
    `visible`, only the books the user may still see."""
    lines = HandoverLine.objects.filter(batch=batch)
    if visible is not None:
        lines = lines.filter(book__in=visible)
    return lines.select_related("book").order_by("order")
