"""Periods written with their books, or to books stored earlier, through the books' door.

On the parked path the periods wait in `staging`'s temporary table: once it holds them all,
repeated keys are refused and overlaps warned about there (`index_parked`); the new books
of a chunk take theirs with one INSERT … SELECT (`add_parked_to_new_books`); the periods of
books not in the file are applied last (`import_leftovers`). On the merged path a chunk's
periods come with it, already checked for repeats and overlaps (`merging`): those of its new
books are inserted as they are (`add_to_new_books`), the others go to stored books or are
refused (`import_of_stored_books`). On both, the periods of a stored book are compared with
what it holds (`apply_to_stored_books`): new ones added, changed ones updated and recorded
in an `edit` event of their book (`books.services.write_periods`).
"""

import itertools
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import Via
from sobhxh.books.models import Book
from sobhxh.books.selectors import periods_by_key
from sobhxh.books.services import (
    add_periods_of_new_books,
    add_periods_of_new_books_selected,
    today,
    write_periods,
)

from . import staging
from .errors import WARNING, Issue
from .offices import Offices
from .report import Report
from .rows import OVERLAPPING_PERIOD, REPEATED_PERIOD
from .summary import Counts

# Numbers of books not in the file whose parked periods are looked up, and applied, together.
NUMBERS_PER_QUERY = 5000


class PeriodWriter:
    def __init__(
        self,
        *,
        counts: Counts,
        report: Report,
        offices: Offices,
        actor,
        sheet: str,
        headers: dict[str, str],
    ):
        """`counts`: the import's counts of periods."""
        self.counts = counts
        self.report = report
        self.offices = offices
        self.actor = actor
        self.sheet, self.headers = sheet, headers

    # -- the parked path: periods parked until their book is written ----------------------

    def index_parked(self) -> None:
        """Index the parked periods, and keep only the first of each key."""
        with transaction.atomic():
            staging.index_periods()
            repeated = staging.repeated_periods()
            for row_number, from_month in repeated:
                self._reject_period(row_number, "from_month", _as_date(from_month), REPEATED_PERIOD)
            staging.forget_periods([row_number for row_number, _month in repeated])
            for row_number, from_month in staging.overlapping_periods():
                self._warn_overlap(row_number, from_month)

    def add_parked_to_new_books(self, book_ids: dict[str, int]) -> None:
        if book_ids:
            select, params = staging.periods_of_new_books(book_ids)
            self.counts.created += add_periods_of_new_books_selected(select, params)

    def import_leftovers(self) -> None:
        """The periods still parked once the books are all written: of books stored earlier,
        or of none, which are refused."""
        after = ""
        while numbers := staging.leftover_numbers(after=after, limit=NUMBERS_PER_QUERY):
            after = numbers[-1]
            book_ids = self._stored_in_area(numbers)
            missing = sorted(set(numbers) - set(book_ids))
            if missing:
                self._reject_orphans(staging.periods_of(missing))
            if book_ids:
                with transaction.atomic():
                    self.apply_to_stored_books(book_ids, staging.periods_of(sorted(book_ids)))

    # -- the merged path: periods that came with their chunk of books ----------------------

    def add_to_new_books(self, book_ids: dict[str, int], periods: list[tuple]) -> None:
        """The periods (as parsed) of books just registered (`book_ids` by number)."""
        self.counts.created += add_periods_of_new_books(
            (book_ids[number], fund, start, end, job, wage, rate)
            for number, fund, start, end, job, wage, rate, _row in periods
        )

    def import_of_stored_books(self, periods: list[tuple]) -> None:
        """Periods (in file order) whose book is not in the file: of books stored earlier,
        or of none, which are refused."""
        if not periods:
            return
        book_ids = self._stored_in_area(sorted({period[0] for period in periods}))
        self._reject_orphans([period for period in periods if period[0] not in book_ids])
        self.apply_to_stored_books(
            book_ids, [period for period in periods if period[0] in book_ids]
        )

    # -- both paths -------------------------------------------------------------------------

    def apply_to_stored_books(self, book_ids: dict[str, int], staged: list[tuple]) -> None:
        """The periods read (`staged`, in file order) of stored books (`book_ids` by
        number), set through the books' door (`write_periods`): new ones added, changed
        ones updated and recorded in an `edit` event of their book."""
        if not staged:
            return
        stored = periods_by_key({book_ids[period[0]] for period in staged})
        self._warn_overlaps(staged, book_ids, stored)
        counts = write_periods(
            [
                (book_ids[number], fund, _as_date(start), _as_date(end), job, wage, rate)
                for number, fund, start, end, job, wage, rate, _row in staged
            ],
            on=today(),
            actor=self.actor,
            via=Via.IMPORT,
            stored=stored,
        )
        self.counts.created += counts.created
        self.counts.updated += counts.updated
        self.counts.unchanged += counts.unchanged

    def _warn_overlaps(self, staged: list, book_ids: dict, stored: dict) -> None:
        """Periods of one book and fund may overlap only at different workplaces."""
        spans: dict[tuple, list] = {}
        for (book_id, fund, from_month), current in stored.items():
            spans.setdefault((book_id, fund), []).append(
                (from_month, current["to_month"], current["job"], None)
            )
        for number, fund, from_month, to_month, job, _w, _r, row_number in staged:
            key = (book_ids[number], fund)
            start, end = _as_date(from_month), _as_date(to_month)
            # The staged row replaces a stored period with the same start.
            spans[key] = [s for s in spans.get(key, []) if s[0] != start]
            spans[key].append((start, end, job, (row_number, start)))
        for periods in spans.values():
            periods.sort(key=lambda span: span[0])
            for earlier, later in itertools.combinations(periods, 2):
                overlaps = later[0] <= earlier[1] and earlier[0] <= later[1]
                # Two of the file's periods were compared as the file was read, and two
                # stored ones are none of this file's business (an earlier import warned).
                one_from_the_file = (earlier[3] is None) != (later[3] is None)
                if overlaps and earlier[2] == later[2] and one_from_the_file:
                    self._warn_overlap(*(later[3] or earlier[3]))

    def _warn_overlap(self, row_number: int, from_month) -> None:
        self.report.add(
            Issue.of(
                self.sheet,
                row_number,
                self.headers.get("from_month", ""),
                _as_date(from_month),
                OVERLAPPING_PERIOD,
                WARNING,
            )
        )

    def _stored_in_area(self, numbers: list[str]) -> dict[str, int]:
        stored = Book.objects.filter(number__one_of=numbers)
        if self.offices.area is not None:
            # A book outside the area is, to this import, a book that does not exist.
            stored = stored.filter(office_id__in=self.offices.area)
        return dict(stored.values_list("number", "pk"))

    def _reject_orphans(self, periods: list[tuple]) -> None:
        for number, *_rest, row_number in periods:
            self._reject_period(
                row_number, "number", number, _("No book has this number, in this file or stored.")
            )

    def _reject_period(self, row_number: int, field_name: str, value, message) -> None:
        self.counts.rejected += 1
        header = self.headers.get(field_name, field_name)
        self.report.add(Issue.of(self.sheet, row_number, header, value, message))


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
