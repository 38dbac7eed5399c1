"""Forms of the review and handover pages.

A form only gathers what a service needs: the date, and for each row of a checklist the
worker's answer or the receipt. Which books a post may touch is decided by the views
through `accounts.scope`; whether a book may move is decided by the services.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import DisputeReason, Receiver
from sobhxh.books.numbers import NotANumber, parse_book_number

from .services import Receipt

RETURNED_SUFFIXES = {".xlsx", ".xls", ".ods", ".csv"}
RETURNED_MAX_BYTES = 20 * 1024 * 1024
# A handover session is planned ahead: its list is printed before the day.
BATCH_DAYS_AHEAD = 366

CONFIRM = "confirm"
DISPUTE = "dispute"


def _day_field(label, *, help_text=None) -> forms.DateField:
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        help_text=help_text if help_text is not None else _("dd/mm/yyyy, today or earlier."),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class DayForm(forms.Form):
    """The business date a page's moves record; today unless told otherwise."""

    on = _day_field(_("Date"))

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."), code="future")
        return on


class FilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name starts with"),
        required=False,
        max_length=100,
        help_text=_("With or without accents: “nguyen van” finds “Nguyễn Văn An”."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


class StartReviewForm(DayForm):
    on = _day_field(_("Date the statements are given out"))


class BatchForm(DayForm):
    on = _day_field(
        _("Date of the handover session"),
        help_text=_("dd/mm/yyyy; the list may be prepared before the session."),
    )

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate() + timedelta(days=BATCH_DAYS_AHEAD):
            raise forms.ValidationError(
                _("The handover session is more than a year away."), code="far"
            )
        return on


class AnswersForm(DayForm):
    on = _day_field(_("Date of the answers"))


class ReceiptsForm(DayForm):
    on = _day_field(_("Date the books were received"))


class ScanForm(DayForm):
    on = _day_field(_("Date of the answers"))
    number = forms.CharField(
        label=_("Social insurance number"),
        max_length=30,
        help_text=_("Type or scan the 10 digits, then Enter."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "autofocus": True,
                "spellcheck": "false",
                "enterkeyhint": "done",
            }
        ),
    )

    def clean_number(self) -> str:
        try:
            return parse_book_number(self.cleaned_data["number"])
        except NotANumber as error:
            raise forms.ValidationError(error.message, code="invalid") from None


class ReturnedListForm(DayForm):
    on = _day_field(_("Date of the answers"))
    file = forms.FileField(
        label=_("Returned list"),
        help_text=_(
            "The list the employer sends back, as .xlsx, .xls, .ods or .csv, at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in RETURNED_SUFFIXES:
            raise forms.ValidationError(
                _("Only .xlsx, .xls, .ods and .csv files can be read."), code="type"
            )
        if not upload.size:
            raise forms.ValidationError(_("The file is empty."), code="empty")
        if upload.size > RETURNED_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large: the limit is 20 MB."), code="too_large"
            )
        return upload


# -- rows of the checklists ------------------------------------------------------------------


def posted_ids(values) -> list[int]:
    """Book ids as posted (strings), in order, without repeats; anything else is dropped."""
    ids: list[int] = []
    for value in values:
        text = str(value).strip()
        if text.isascii() and text.isdigit() and len(text) < 19:
            ids.append(int(text))
    return list(dict.fromkeys(ids))


@dataclass
class AnswerRow:
    """One book of the answers checklist with what was posted for it."""

    book: object
    choice: str = ""
    reasons: list[str] = field(default_factory=list)
    words: str = ""
    error: str = ""


@dataclass
class Answers:
    confirmed: list[int] = field(default_factory=list)
    disputed: dict[int, dict] = field(default_factory=dict)
    errors: int = 0


def read_answers(data, rows: list[AnswerRow]) -> Answers:
    """Fill each row with its posted answer and collect the answers; a dispute lacking its
    reasons or the worker's words marks its row with an error. The rule is the lifecycle's
    (`books.details.clean_details` refuses such a dispute whatever sends it): this only
    says so beside the row before anything is sent."""
    found = Answers()
    reasons = set(DisputeReason.values)
    for row in rows:
        pk = row.book.pk
        choice = data.get(f"answer-{pk}", "")
        row.choice = choice if choice in (CONFIRM, DISPUTE) else ""
        row.reasons = [r for r in data.getlist(f"reasons-{pk}") if r in reasons]
        row.words = " ".join(data.get(f"words-{pk}", "").split())[:1000]
        if row.choice == CONFIRM:
            found.confirmed.append(pk)
        elif row.choice == DISPUTE:
            if not row.reasons:
                row.error = str(_("Tick what is wrong."))
            elif not row.words:
                row.error = str(_("Write down what the worker says is wrong."))
            if row.error:
                found.errors += 1
            else:
                found.disputed[pk] = {"reasons": row.reasons, "worker_words": row.words}
    return found


@dataclass
class ReceiptRow:
    """One line of a batch on the receipts form."""

    line: object
    received: bool = True
    authorised: bool = False
    name: str = ""
    error: str = ""


def read_receipts(data, rows: list[ReceiptRow]) -> tuple[list[Receipt], int]:
    """The receipts ticked on the form, and how many rows lack the authorised person's
    name (those rows are marked)."""
    ticked = set(posted_ids(data.getlist("received")))
    receipts: list[Receipt] = []
    errors = 0
    for row in rows:
        pk = row.line.book_id
        row.received = pk in ticked
        row.authorised = bool(data.get(f"authorised-{pk}"))
        row.name = " ".join(data.get(f"name-{pk}", "").split())[:200]
        if not row.received:
            continue
        if row.authorised and not row.name:
            row.error = str(_("Give the name of the authorised person."))
            errors += 1
        elif row.authorised:
            receipts.append(
                Receipt(book_id=pk, receiver=Receiver.AUTHORISED, receiver_name=row.name)
            )
        else:
            receipts.append(Receipt(book_id=pk))
    return receipts, errors
