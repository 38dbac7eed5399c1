"""A chunk of book rows written through the books' door: the first row of each number kept,
their employers found or created (`employers`), new books registered and stored ones
edited where a field changed (old and new values in an `edit` event), and the handover
dates recorded as lifecycle moves. The chunk's periods are `writing_periods`'s."""

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext_lazy as _

from sobhxh.books.errors import TransitionNotAllowed
from sobhxh.books.lifecycle import Action, State, Via, check_move
from sobhxh.books.models import Book
from sobhxh.books.services import (
    BookEdit,
    NewBook,
    edit_books,
    register_books,
    today,
    transition_many,
)

from . import staging
from .employers import Employers
from .errors import WARNING
from .offices import Offices
from .report import Report
from .rows import Parsed, Row
from .summary import Counts

OUTSIDE_AREA_BOOK = _(
    "This number is registered to a book managed outside the area you may import for."
)
BOOK_FIELDS = ("full_name", "birth_date", "birth_precision", "sex", "identity_number", "issued_on")


class BookWriter:
    def __init__(
        self,
        *,
        counts: Counts,
        report: Report,
        offices: Offices,
        actor,
        sheet: str,
        headers: dict[str, str],
        in_number_order: bool,
    ):
        """`counts`: the import's counts of books. `in_number_order`: whether the books come
        in number order (the merged path), so that no earlier chunk can hold a number but
        the highest read; otherwise the numbers read are kept in `staging`."""
        self.counts = counts
        self.report = report
        self.offices = offices
        self.actor = actor
        self.sheet, self.headers = sheet, headers
        self.in_number_order = in_number_order
        self.employers = Employers(offices, self.reject)
        self.highest_number = ""  # of the book rows read so far

    def write(
        self, parsed: Parsed, periods_read: Mapping[str, int]
    ) -> tuple[list, dict[str, int], dict[str, int]]:
        """The accepted rows of a chunk of books, and the ids by number of the books it
        registered (with the number of periods read for each, all of which are written
        with it) and of those stored before."""
        accepted = [
            (Row(self.sheet, number, cells, self.headers), values)
            for number, cells, values in parsed.accepted
        ]
        accepted = self._first_of_each_number(accepted)
        accepted = self.employers.resolve(accepted)
        new_ids, stored_ids = self._upsert_books(accepted, periods_read)
        return accepted, new_ids, stored_ids

    def _first_of_each_number(self, accepted: list) -> list:
        numbers = [values["number"] for _row, values in accepted]
        if numbers and min(numbers) > self.highest_number:
            # A list sorted by number, as most are: no earlier chunk can hold these numbers.
            taken: set[str] = set()
        elif self.in_number_order:
            taken = {self.highest_number}  # the only number an earlier chunk can hold
        else:
            taken = staging.already_seen(numbers)
        self.highest_number = max(self.highest_number, *numbers, "")
        kept, seen = [], set()
        for row, values in accepted:
            if values["number"] in taken or values["number"] in seen:
                self.reject(
                    row,
                    "number",
                    _("This number appears earlier in the file: the first row is kept."),
                )
                continue
            seen.add(values["number"])
            kept.append((row, values))
        if not self.in_number_order:
            staging.mark("intake_seen", seen)
        return kept

    def _upsert_books(
        self, accepted: list, periods_read: Mapping[str, int]
    ) -> tuple[dict[str, int], dict[str, int]]:
        """Register the new books and edit the stored ones that changed; return the ids of
        both (by number)."""
        numbers = [values["number"] for _row, values in accepted]
        stored = {
            row["number"]: row
            for row in Book.objects.filter(number__one_of=numbers).values(
                "id", "number", "employer_id", "office_id", *BOOK_FIELDS
            )
        }
        new, edits, counts = [], [], self.counts
        for row, values in accepted:
            employer_id, office_id = self.employers.known[values["employer_code"]]
            current = stored.get(values["number"])
            if current is not None and not self.offices.in_area(current["office_id"]):
                self.reject(row, "number", OUTSIDE_AREA_BOOK)
                del stored[values["number"]]
                continue
            if current is None:
                new.append(
                    NewBook(
                        number=values["number"],
                        full_name=values["full_name"],
                        birth_date=values["birth_date"],
                        sex=values["sex"],
                        employer_id=employer_id,
                        office_id=office_id,
                        birth_precision=values["birth_precision"],
                        identity_number=values["identity_number"],
                        issued_on=values["issued_on"],
                        periods_added=periods_read.get(values["number"], 0),
                    )
                )
                continue
            changes = {f: values[f] for f in BOOK_FIELDS if values[f] != current[f]}
            if employer_id != current["employer_id"]:
                changes["employer"] = employer_id
            if changes:
                edits.append(BookEdit(current["id"], changes))
                counts.updated += 1
            else:
                counts.unchanged += 1
        created = register_books(new, on=today(), actor=self.actor, via=Via.IMPORT)
        counts.created += len(created)
        edit_books(edits, on=today(), actor=self.actor, via=Via.IMPORT)
        return created, {number: current["id"] for number, current in stored.items()}

    def hand_over(self, accepted: list, book_ids: dict[str, int]) -> None:
        """Record the handover dates of the rows `write` accepted, on their days."""
        wanted = [
            (row, v) for row, v in accepted if v["handed_over_on"] and v["number"] in book_ids
        ]
        if not wanted:
            return
        states = dict(
            Book.objects.filter(pk__one_of=[book_ids[v["number"]] for _r, v in wanted]).values_list(
                "pk", "state"
            )
        )
        by_day: dict[date, list] = {}
        for row, values in wanted:
            book_id = book_ids[values["number"]]
            if states[book_id] == State.HANDED_OVER:
                continue  # already handed over (by an earlier import, or a page): nothing to do
            try:
                check_move(Action.HAND_OVER, states[book_id], number=values["number"])
            except TransitionNotAllowed as refusal:
                self.report.add(
                    row.issue("handed_over_on", refusal.template, WARNING, **refusal.params)
                )
            else:
                by_day.setdefault(values["handed_over_on"], []).append((row, book_id, values))
        for day, items in sorted(by_day.items()):
            result = transition_many(
                book_ids=[book_id for _row, book_id, _v in items],
                action=Action.HAND_OVER,
                on=day,
                actor=self.actor,
                via=Via.IMPORT,
                details={"receiver": "worker"},
            )
            refused = {number for number, _why in result.refused}
            for row, _book_id, values in items:
                if values["number"] in refused:
                    self.report.add(
                        row.issue(
                            "handed_over_on",
                            _("Not recorded: the date is before the book's latest event."),
                            WARNING,
                        )
                    )

    def reject(self, row: Row, field_name: str, message) -> None:
        self.counts.rejected += 1
        self.report.add(row.issue(field_name, message))
