"""Import books and their periods from files that follow IMPORT-FORMAT.md.

1. The tables are found (an unusable file raises UnusableFile before anything is written).
2. The periods are read first and parked in a temporary table (`staging`), so that
3. the books can be read in chunks, each written in one transaction together with its
   periods: a book never lands without them, and an interrupted import loses nothing
   committed; running it again finishes the job, since every write is an upsert.
4. Periods of books stored earlier are applied last.

New books, the common case, take a set-based path: bulk writes and INSERT … SELECT from
the parked rows, nothing per row in Python but the parsing. Books already stored are
compared field by field, and what changed is recorded with its old and new values.

Books move through the lifecycle services only (register, edit, hand over), so events and
counters stay exact. A rejected row changes nothing; its reasons go to the report.
"""

import collections
import contextlib
import gc
import itertools
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
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
from sobhxh.db.bulk import (
    dropped_while_loading,
    rebuild_dropped_indexes,
    refresh_statistics,
)
from sobhxh.units import services as employers
from sobhxh.units.models import Unit
from sobhxh.units.selectors import employers_by_code

from . import staging
from .errors import WARNING
from .headers import BOOKS, PERIODS
from .merging import Segment, in_number_order, merged
from .offices import Offices
from .pipeline import parsed_chunks, should_run_in_parallel
from .reading import open_tables
from .report import Report
from .rows import Parsed, Row
from .summary import Counts, Summary
from .writing_periods import PeriodWriter

# Books written in one transaction (several parsing chunks): see _in_transactions.
COMMIT_EVERY = settings.IMPORT_COMMIT_EVERY
# A file this large loaded into an empty registry builds the search indexes at its end.
DEFER_INDEXES_FROM_BYTES = 4 * 1024 * 1024
# The tables whose secondary indexes a load into an empty registry builds at its end, and
# those whose foreign keys it adds back at its end (on PostgreSQL, where a row's references
# are otherwise checked one by one at each commit: 38 s of 107 s for a million books).
INDEXED_AFTER_LOADING = ("books_book", "books_bookevent")
CHECKED_AFTER_LOADING = ("books_book", "books_period", "books_bookevent")
# The tables an import looks rows up in by code or number, and the books written after which
# PostgreSQL's statistics of them are first refreshed during a load (then at each doubling).
LOOKED_UP = ("books_book", "units_employer")
FIRST_ANALYZE_AFTER = 20_000
OUTSIDE_AREA = _("This employer is managed by an office outside the area you may import for.")
OUTSIDE_AREA_BOOK = _(
    "This number is registered to a book managed outside the area you may import for."
)
BOOK_FIELDS = ("full_name", "birth_date", "birth_precision", "sex", "identity_number",
               "issued_on")  # fmt: skip


class Importer:
    def __init__(self, paths, *, unit_code=None, report_path=None, dry_run=False, actor=None,
                 progress: Callable[[int], None] | None = None,
                 parallel: bool | None = None, within: Unit | None = None,
                 in_number_order: bool | None = None,
                 defer_indexes: bool | None = None):  # fmt: skip
        """`within`: the office whose area the import is limited to (a user's scope); rows
        of books or employers managed elsewhere are rejected. None: the whole country.

        `in_number_order`: whether the tables are in book-number order (see
        `_import_merged`); None looks. `defer_indexes`: whether to build the registry's
        secondary indexes (and add its foreign keys on PostgreSQL) once at the end instead
        of row by row; None: for a large file into an empty registry."""
        self.paths = [Path(p) for p in paths]
        self.dry_run = dry_run
        self.in_number_order = in_number_order
        self.defer_indexes = defer_indexes
        self.parallel = parallel
        self.actor = actor
        self.progress = progress or (lambda rows: None)
        self.summary = Summary()
        self.report = Report(Path(report_path) if report_path else _default_report(self.paths[0]))
        self.offices = Offices(default_code=unit_code, within=within)
        self.employers: dict[str, tuple[int, int]] = {}
        self.highest_number = ""  # of the book rows read so far
        self.analyze_after = FIRST_ANALYZE_AFTER  # books created
        self.periods_sheet = self.books_sheet = ""
        self.periods_headers: dict[str, str] = {}
        self.books_headers: dict[str, str] = {}

    # -- the run ------------------------------------------------------------------------

    def run(self) -> Summary:
        tables = {table.kind: table for table in open_tables(self.paths)}
        parallel = self.parallel
        if parallel is None:
            parallel = should_run_in_parallel(self.paths)
        verdict = in_number_order(
            list(tables.values()), parallel=parallel, known=self.in_number_order
        )
        if not self.dry_run:
            rebuild_dropped_indexes()  # those of an earlier load that was interrupted
        if self.defer_indexes is None:
            self.defer_indexes = (
                not self.dry_run
                and sum(path.stat().st_size for path in self.paths) >= DEFER_INDEXES_FROM_BYTES
                and not Book.objects.exists()
            )
        ordered = _in_turn_to_import(tables.values())
        if PERIODS in tables:
            self.periods_sheet = tables[PERIODS].sheet
            self.periods_headers = tables[PERIODS].header.headers
        if BOOKS in tables:
            self.books_sheet = tables[BOOKS].sheet
            self.books_headers = tables[BOOKS].header.headers
        # Each chunk commits on its own, so an interrupted import keeps what it wrote; a dry
        # run does the same work inside one transaction and rolls it back.
        with (
            _fewer_collections(),
            dropped_while_loading(INDEXED_AFTER_LOADING, CHECKED_AFTER_LOADING)
            if self.defer_indexes
            else contextlib.nullcontext(),
            transaction.atomic() if self.dry_run else contextlib.nullcontext(),
        ):
            if not self._import_merged(ordered, parallel, verdict):
                if self.in_number_order:  # the merged import had begun: read the files again
                    ordered = _in_turn_to_import(open_tables(self.paths))
                self.in_number_order = False
                self._start()
                staging.create()
                try:
                    self._import_parked(parsed_chunks(ordered, parallel=parallel))
                    self.periods.import_leftovers()
                finally:
                    staging.drop()
            if self.dry_run:
                transaction.set_rollback(True)
        if not self.dry_run and (self.summary.books.created or self.summary.periods.created):
            refresh_statistics()
        self.summary.warnings = self.report.warnings
        path = self.report.close()
        self.summary.report = str(path) if path else None
        return self.summary

    def _import_merged(self, tables: list, parallel: bool, verdict: Callable) -> bool:
        """Import tables that are in book-number order, each book's periods with it, nothing
        parked; False, having written nothing, if they are not.

        The look at their order may still be going on (`merging.in_number_order`) as the
        import starts: the first commit waits for its answer, and a "no" rolls the first
        transaction back and forgets what the import had said.
        """
        if verdict(False) is False:
            return False
        self.in_number_order = True
        self._start()
        try:
            with contextlib.closing(merged(tables, parallel=parallel)) as segments:
                self._in_transactions(segments, self._import_segment, lambda: verdict(True))
        except (_OutOfOrder, RuntimeError):
            if verdict(True):
                raise  # in order, so a failure of its own
            self.employers, self.highest_number = {}, ""
            self.report.discard()
            return False
        return True

    def _start(self) -> None:
        """Count from nothing: at the start of a path, and again on the parked one after a
        merged import rolled back."""
        self.summary = Summary()
        self.analyze_after = FIRST_ANALYZE_AFTER
        self.periods = PeriodWriter(
            counts=self.summary.periods, report=self.report, offices=self.offices,
            actor=self.actor, sheet=self.periods_sheet, headers=self.periods_headers,
        )  # fmt: skip

    def _import_parked(self, chunks) -> None:
        chunks = iter(chunks)
        first_books = None
        for parsed in chunks:  # the periods come first: park them
            if parsed.kind == BOOKS:
                first_books = parsed
                break
            self._count(parsed)
            with transaction.atomic():
                staging.park_periods(parsed.accepted)
            self.progress(parsed.rows)
        self.periods.index_parked()
        if first_books is not None:
            self._in_transactions(itertools.chain([first_books], chunks), self._import_book_chunk)

    def _count(self, parsed: Parsed) -> None:
        counts = self.summary.books if parsed.kind == BOOKS else self.summary.periods
        counts.read += parsed.rows
        counts.rejected += parsed.rejected
        for issue in parsed.issues:
            self.report.add(issue)

    # -- books ----------------------------------------------------------------------------

    def _in_transactions(
        self, chunks: Iterator, write: Callable, may_commit: Callable[[], bool] | None = None
    ) -> None:
        """Write the chunks (of books with their periods) as they come, committing every
        COMMIT_EVERY books (or periods, where a chunk holds no books). `may_commit` is asked
        before the first commit; a "no" rolls it back and raises _OutOfOrder.

        On SQLite every commit writes again each index page the transaction touched; a
        transaction of many chunks touches most pages of the name indexes once instead of
        once for each chunk. A kill loses at most one transaction's work.
        """
        for first in chunks:
            written = [first]
            with transaction.atomic():
                write(first)
                while sum(map(_size, written)) < COMMIT_EVERY:
                    chunk = next(chunks, None)
                    if chunk is None:
                        break
                    write(chunk)
                    written.append(chunk)
                if may_commit is not None and not may_commit():
                    raise _OutOfOrder
                may_commit = None
            for chunk in written:
                self.progress(chunk.rows)
            self._keep_statistics_up()

    def _keep_statistics_up(self) -> None:
        """PostgreSQL plans the look-ups of stored books and employers from its statistics of
        their tables, which autovacuum does not refresh while a load runs: a plan made when
        the table was small (a sequential scan) costs more with every chunk (11 s over a
        million books). Refresh them each time the books created double."""
        if connection.vendor != "postgresql" or self.summary.books.created < self.analyze_after:
            return
        refresh_statistics(LOOKED_UP)
        self.analyze_after = 2 * self.summary.books.created

    def _import_book_chunk(self, parsed: Parsed) -> None:
        numbers = [values["number"] for _row, _cells, values in parsed.accepted]
        accepted, new_ids, stored_ids = self._write_books(parsed, staging.period_counts(numbers))
        self.periods.add_parked_to_new_books(new_ids)
        if stored_ids:
            self.periods.apply_to_stored_books(stored_ids, staging.periods_of(sorted(stored_ids)))
        staging.mark("intake_done", [*new_ids, *stored_ids])
        self._hand_over(accepted, {**new_ids, **stored_ids})

    def _import_segment(self, segment: Segment) -> None:
        """A chunk of books of tables in number order, with the periods read with it: those
        of the books written go with them, the others to books stored earlier."""
        self._count(segment.periods)
        periods = segment.periods.accepted
        if segment.books is None:
            self.periods.import_of_stored_books(periods)
            return
        accepted, new_ids, stored_ids = self._write_books(
            segment.books, collections.Counter(period[0] for period in periods)
        )
        of_new = [period for period in periods if period[0] in new_ids]
        if of_new:
            self.periods.add_to_new_books(new_ids, of_new)
        if stored_ids:
            self.periods.apply_to_stored_books(
                stored_ids, [p for p in periods if p[0] in stored_ids]
            )
        if len(of_new) < len(periods):  # of books not in the file, or refused in it
            self.periods.import_of_stored_books(
                [p for p in periods if p[0] not in new_ids and p[0] not in stored_ids]
            )
        self._hand_over(accepted, {**new_ids, **stored_ids})

    def _write_books(
        self, parsed: Parsed, periods_read: Mapping[str, int]
    ) -> tuple[list, dict[str, int], dict[str, int]]:
        """The accepted rows of a chunk of books, and the ids by number of the books it
        registered (with the number of periods read for each, all of which are written
        with it) and of those stored before."""
        self._count(parsed)
        accepted = [
            (Row(self.books_sheet, number, cells, self.books_headers), values)
            for number, cells, values in parsed.accepted
        ]
        accepted = self._first_of_each_number(accepted)
        accepted = self._resolve_employers(accepted)
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
                self._reject(row, "number", _("This number appears earlier in the file: "
                             "the first row is kept."), self.summary.books)  # fmt: skip
                continue
            seen.add(values["number"])
            kept.append((row, values))
        if not self.in_number_order:
            staging.mark("intake_seen", seen)
        return kept

    def _resolve_employers(self, accepted: list) -> list:
        codes = {v["employer_code"] for _r, v in accepted} - set(self.employers)
        self.employers.update(employers_by_code(codes))
        kept, new = [], {}
        for row, values in accepted:
            code = values["employer_code"]
            office_code = values["office_code"]
            if office_code and office_code not in self.offices.by_code:
                self._reject(row, "office_code", _("No office has this code."),
                             self.summary.books)  # fmt: skip
                continue
            # An employer's office is its own once it exists, created by an earlier row of
            # this chunk included: a row's office code only places a new employer.
            if code in self.employers:
                office = self.employers[code][1]
            elif code in new:
                office = new[code].office_id
            else:
                office = self.offices.by_code.get(office_code) or self.offices.default
            if office is not None and not self.offices.in_area(office):
                self._reject(row, "employer_code", OUTSIDE_AREA, self.summary.books)
                continue
            if code not in self.employers and code not in new:
                refused = employers.refusal(values["employer_name"], office)
                if refused is not None:
                    missing, message = refused
                    column = "employer_code" if missing == "name" else "office_code"
                    self._reject(row, column, message, self.summary.books)
                    continue
                new[code] = employers.NewEmployer(code, values["employer_name"], office)
            kept.append((row, values))
        self.employers.update(employers.create_employers(list(new.values())))
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
                "id", "number", "employer_id", "unit_id", *BOOK_FIELDS
            )
        }
        new, edits, counts = [], [], self.summary.books
        for row, values in accepted:
            employer_id, unit_id = self.employers[values["employer_code"]]
            current = stored.get(values["number"])
            if current is not None and not self.offices.in_area(current["unit_id"]):
                self._reject(row, "number", OUTSIDE_AREA_BOOK, counts)
                del stored[values["number"]]
                continue
            if current is None:
                new.append(
                    NewBook(
                        number=values["number"], full_name=values["full_name"],
                        birth_date=values["birth_date"], sex=values["sex"],
                        employer_id=employer_id, unit_id=unit_id,
                        birth_precision=values["birth_precision"],
                        identity_number=values["identity_number"], issued_on=values["issued_on"],
                        periods_added=periods_read.get(values["number"], 0),
                    )
                )  # fmt: skip
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

    def _hand_over(self, accepted: list, book_ids: dict[str, int]) -> None:
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
                book_ids=[book_id for _row, book_id, _v in items], action=Action.HAND_OVER, on=day,
                actor=self.actor, via=Via.IMPORT, details={"receiver": "worker"},
            )  # fmt: skip
            refused = {number for number, _why in result.refused}
            for row, _book_id, values in items:
                if values["number"] in refused:
                    self.report.add(row.issue("handed_over_on", _("Not recorded: the date is "
                                    "before the book's latest event."), WARNING))  # fmt: skip

    def _reject(self, row: Row, field_name: str, message, counts: Counts) -> None:
        counts.rejected += 1
        self.report.add(row.issue(field_name, message))


class _OutOfOrder(Exception):
    """The tables of a merged import turned out not to be in book-number order."""


def _in_turn_to_import(tables) -> list:
    """Periods first: on the parked path they wait there for their books."""
    by_kind = {table.kind: table for table in tables}
    return [by_kind[kind] for kind in (PERIODS, BOOKS) if kind in by_kind]


def _size(chunk: Parsed | Segment) -> int:
    """What a chunk weighs against COMMIT_EVERY: its books, or its periods if it has none."""
    if isinstance(chunk, Parsed):
        return chunk.rows
    return chunk.books.rows if chunk.books else chunk.periods.rows


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the cyclic garbage collector less often. An import makes millions of short-lived
    tuples and lists, none in a cycle; by default the collector runs every 700 of them and
    walks every object the process holds, which took a fifth of the parsing time."""
    thresholds = gc.get_threshold()
    gc.freeze()  # what is loaded already (Django, the app) lives on: skip it in collections
    gc.set_threshold(50_000, 20, 20)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _default_report(first: Path) -> Path:
    return first.with_name(f"{first.stem}-loi")
