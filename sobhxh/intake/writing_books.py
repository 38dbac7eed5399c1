"""A chunk of book rows written through the books' door: the first row of each number kept,
their employers found or created (`employers`), new books registered and stored ones
edited where a field changed (old and new values in an `edit` event), and the work done
before the file (review, confirmation and handover dates: `past_work`) recorded as
lifecycle steps on their days, before the day's edits. The chunk's periods are
`writing_periods`'s."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import Via
from sobhxh.books.models import Book
from sobhxh.books.services import (
    BookEdit,
    NewBook,
    edit_books,
    register_books,
    register_books_with_steps,
    take_steps,
    today,
)

from . import past_work, staging
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
        """Register the new books (with their earlier work, if the row has any), record the
        earlier work of stored ones and edit those that changed; return the ids of both
        (by number)."""
        numbers = [values["number"] for _row, values in accepted]
        stored = {
            row["number"]: row
            for row in Book.objects.filter(number__one_of=numbers).values(
                "id", "number", "employer_id", "office_id", "state", "state_on", *BOOK_FIELDS
            )
        }
        with_work = past_work.has_columns(self.headers)
        new, new_with_steps, edits, stored_steps = [], [], [], []
        counts = self.counts
        for row, values in accepted:
            employer_id, office_id = self.employers.known[values["employer_code"]]
            current = stored.get(values["number"])
            if current is not None and not self.offices.in_area(current["office_id"]):
                self.reject(row, "number", OUTSIDE_AREA_BOOK)
                del stored[values["number"]]
                continue
            steps = self._steps(row) if with_work else []
            if current is None:
                book = NewBook(
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
                if steps:
                    new_with_steps.append((book, [step for _name, step in steps]))
                else:
                    new.append(book)
                continue
            changes = {f: values[f] for f in BOOK_FIELDS if values[f] != current[f]}
            if employer_id != current["employer_id"]:
                changes["employer"] = employer_id
            if steps:
                stored_steps.append((row, current, steps))
            if changes:
                edits.append(BookEdit(current["id"], changes))
        created = register_books(new, on=today(), actor=self.actor, via=Via.IMPORT)
        created.update(register_books_with_steps(new_with_steps, actor=self.actor, via=Via.IMPORT))
        counts.created += len(created)
        # The earlier work first: it happened before today's edits of the same books.
        moved = self._take_steps(stored_steps)
        edited = {edit.book_id for edit in edits}
        for current in stored.values():
            if current["id"] in edited or current["id"] in moved:
                counts.updated += 1
            else:
                counts.unchanged += 1
        edit_books(edits, on=today(), actor=self.actor, via=Via.IMPORT)
        return created, {number: current["id"] for number, current in stored.items()}

    def _steps(self, row: Row) -> list:
        """The earlier work a row records, its warnings reported."""
        if all(row.values.get(name) in (None, "") for name in past_work.FIELDS):
            return []  # the common row of a list of books not yet worked on
        steps, warnings = past_work.steps_of_row(row.values)
        self._warn(row, warnings)
        return steps

    def _take_steps(self, stored_steps: list) -> set[int]:
        """Record the earlier work of stored books where it goes forward; the ids of the
        books that moved."""
        if not stored_steps:
            return set()
        histories = past_work.histories(
            [
                {"pk": current["id"], "state": current["state"], "state_on": current["state_on"]}
                for _row, current, _steps in stored_steps
            ]
        )
        items, rows, ids = [], {}, {}
        for row, current, steps in stored_steps:
            to_take, warnings = past_work.plan_for_stored(
                current["number"], steps, histories[current["id"]]
            )
            self._warn(row, warnings)
            if to_take:
                items.append((current["id"], to_take))
                rows[current["number"]] = (row, steps)
                ids[current["number"]] = current["id"]
        result = take_steps(items, actor=self.actor, via=Via.IMPORT)
        refused = set()
        for number, why in result.refused:  # changed since it was read: by a page, say
            row, steps = rows[number]
            refused.add(number)
            self.report.add(row.issue(steps[0][0], past_work.REFUSED, WARNING, why=why))
        return {ids[number] for number in rows if number not in refused}

    def _warn(self, row: Row, warnings: list) -> None:
        for warning in warnings:
            self.report.add(row.issue(warning.field, warning.message, WARNING, **warning.params))

    def reject(self, row: Row, field_name: str, message) -> None:
        self.counts.rejected += 1
        self.report.add(row.issue(field_name, message))
