"""The work done on a book before the file (IMPORT-FORMAT.md, "Work done before the file").

A row's review, confirmation and handover dates (and who received the book) become
lifecycle steps (`steps_of_row`); a book already stored is held against them
(`plan_for_stored`): a step it has taken is compared, one it has not is taken when nothing
stands in the way. Nothing here writes: the steps go through the books' door
(`books.services.register_books_with_steps`, `take_steps`). What cannot be recorded is a
warning on its cell, and the book is imported all the same.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from sobhxh.books.details import clean_details
from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import Action, Receiver, check_move
from sobhxh.books.models import BookEvent
from sobhxh.books.services import PAST_STEPS, Step

from . import cells
from .errors import CellError

# Plan 112/KH-BHXH: no book was reviewed or handed over in the campaign before 2017.
CAMPAIGN_START = date(2017, 1, 1)
# The date fields of a book row, one a step, in the order of PAST_STEPS.
DATE_FIELDS = ("reviewed_on", "confirmed_on", "handed_over_on")
FIELD_OF = dict(zip(PAST_STEPS, DATE_FIELDS, strict=True))
FIELDS = (*DATE_FIELDS, "received_by")

WITHOUT_STEPS = _("%(reason)s The book is imported without its review, confirmation and handover.")
BEFORE_CAMPAIGN = _("The date is before the campaign's start (01/01/2017).")
OUT_OF_ORDER = _(
    "The date is after the date of a later step (review, then confirmation, then handover)."
)
RECEIVER_WITHOUT_HANDOVER = _(
    "A person who received the book is named, but there is no handover date: the name is not "
    "recorded."
)
ALREADY_ON = _("This step is already recorded on %(recorded)s: nothing changed.")
OTHER_RECEIVER = _("The handover is already recorded as received by %(recorded)s: nothing changed.")
IN_THE_WAY = _(
    "Not recorded: the book has a later event (%(latest)s) in the way; the book stays as it is."
)
REFUSED = _("Not recorded: %(why)s")


@dataclass(frozen=True)
class DateWarning:
    field: str
    message: object  # a translatable message
    params: dict = field(default_factory=dict)


def work_day(value) -> date | None:
    """A date of the campaign's work, to the day: not in the future, not before 2017."""
    if cells.is_blank(value):
        return None
    found = cells.day(value)
    if found < CAMPAIGN_START:
        raise CellError(BEFORE_CAMPAIGN)
    return found


def has_columns(headers: Iterable[str]) -> bool:
    """Whether a books table has any column of the earlier work."""
    return any(name in FIELDS for name in headers)


def steps_of_row(values: dict) -> tuple[list[tuple[str, Step]], list[DateWarning]]:
    """The steps a row's cells say were taken, each with the field its date comes from,
    and the warnings about those cells. A later date given alone implies the earlier steps
    on its day; any date that cannot be used leaves the row without steps."""
    warnings: list[DateWarning] = []
    days: dict[str, date] = {}
    for name in DATE_FIELDS:
        try:
            day = work_day(values.get(name))
        except CellError as error:
            warnings.append(DateWarning(name, WITHOUT_STEPS, {"reason": error.message}))
            continue
        if day is not None:
            days[name] = day
    earliest_later: date | None = None
    for name in reversed(DATE_FIELDS):  # a date after a later step's is out of order
        day = days.get(name)
        if day is None:
            continue
        if earliest_later is not None and day > earliest_later:
            warnings.append(DateWarning(name, WITHOUT_STEPS, {"reason": OUT_OF_ORDER}))
        earliest_later = day if earliest_later is None else min(day, earliest_later)
    name_cell = cells.text(values.get("received_by"))
    if name_cell and cells.is_blank(values.get("handed_over_on")):
        warnings.append(DateWarning("received_by", RECEIVER_WITHOUT_HANDOVER))
    if warnings and any(w.field in DATE_FIELDS for w in warnings):
        return [], warnings
    steps: list[tuple[str, Step]] = []
    implied_by = ""
    for action, name in reversed(FIELD_OF.items()):  # the latest step first
        if name in days:
            implied_by = name
        if implied_by:
            details = receiver(name_cell) if action == Action.HAND_OVER else None
            steps.append((implied_by, Step(action, days[implied_by], details)))
    steps.reverse()
    return steps, warnings


def receiver(name: str) -> dict:
    """A handover's details as the web form records them: the worker, or a named person."""
    if name:
        return {"receiver": Receiver.AUTHORISED, "receiver_name": name}
    return {"receiver": Receiver.WORKER}


@dataclass
class History:
    """What a stored book has done: its state since its latest event, and the day and
    details of its latest event of each past step it has taken."""

    state: str
    state_on: date
    taken: dict[str, tuple[date, dict]] = field(default_factory=dict)


def histories(rows: list[dict]) -> dict[int, History]:
    """The histories of stored books, from their rows (pk, state, state_on) and events."""
    found = {row["pk"]: History(row["state"], row["state_on"]) for row in rows}
    if not found:
        return found
    events = (
        BookEvent.objects.filter(book__in=list(found), action__in=PAST_STEPS)
        .order_by("book_id", "id")
        .values_list("book_id", "action", "happened_on", "details")
    )
    for book_id, action, on, details in events:
        found[book_id].taken[action] = (on, details)  # the latest one stays
    return found


def plan_for_stored(
    number: str, steps: list[tuple[str, Step]], history: History
) -> tuple[list[Step], list[DateWarning]]:
    """The steps a stored book is to take, and the warnings about the others. A step it has
    taken is compared (a different date or receiver is a warning, nothing changes); the
    first one it has not is taken when the lifecycle allows it from the book's state and
    no later event stands in the way, and the later ones with it; otherwise none is."""
    warnings: list[DateWarning] = []
    to_take: list[Step] = []
    for name, step in steps:
        if to_take:
            to_take.append(step)
            continue
        if step.action in history.taken:
            on, details = history.taken[step.action]
            if on != step.on:
                warnings.append(DateWarning(name, ALREADY_ON, {"recorded": f"{on:%d/%m/%Y}"}))
            elif step.action == Action.HAND_OVER and _receiver_of(details) != _receiver_of(
                clean_details(step.action, step.details)
            ):
                warnings.append(
                    DateWarning("received_by", OTHER_RECEIVER, {"recorded": _shown(details)})
                )
            continue
        try:
            check_move(step.action, history.state, number=number)
        except LifecycleError as refusal:
            warnings.append(DateWarning(name, refusal.template, refusal.params))
            return [], warnings
        if step.on < history.state_on:
            latest = f"{history.state_on:%d/%m/%Y}"
            warnings.append(DateWarning(name, IN_THE_WAY, {"latest": latest}))
            return [], warnings
        to_take.append(step)
    return to_take, warnings


def _receiver_of(details: dict) -> tuple[str, str]:
    return details.get("receiver", Receiver.WORKER), details.get("receiver_name", "")


def _shown(details: dict):
    who, name = _receiver_of(details)
    return name if who == Receiver.AUTHORISED else Receiver(who).label
