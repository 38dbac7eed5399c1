"""Import books and their periods from files that follow IMPORT-FORMAT.md.

The tables are found first: a file that cannot be used raises UnusableFile before anything
is written. Then the books are written in chunks, each chunk with its periods, their events
and counters in the same transaction (a transaction holds COMMIT_EVERY books, several
chunks): a book never lands without its periods, and an interrupted import keeps every
transaction it committed; running it again finishes the job, since every write is an
upsert. Two paths lead there:

- **Merged**, for tables in book-number order (exports, most office lists: CSV files, and
  .xlsx sheets whose number column is plainly written). `merging.in_number_order` looks at
  the order first, beside the import when the input is large: the first commit waits for
  its answer, and a late "no" rolls that transaction back, forgets the report so far and
  takes the parked path instead. `merging.merged` reads books and periods in step: each
  chunk of books comes with the periods of its numbers, already checked for repeats and
  overlaps, which are written straight into the registry with their books. Periods of
  numbers that are not among the file's books come on their own, in bounded parts, for
  books stored earlier (or none: refused).
- **Parked**, for files in any order (and .xls and .ods workbooks). The periods are read
  first and parked in a temporary table (`staging`), indexed once they are all in, where
  repeated keys and overlaps are found; the books follow in chunks, each taking its parked
  periods; the periods whose book was not in the file are applied last, to books stored
  earlier (or refused).

On both, rows are parsed in chunks (`rows`, `pipeline`), by a second process when the input
is large. New books, the common case, take a set-based path: bulk writes, and their periods
inserted as they came (or by INSERT … SELECT from the parked rows), nothing per row in
Python but the parsing. Books already stored are compared field by field, and what changed
is recorded with its old and new values. A large first load into an empty registry builds
its indexes (and, on PostgreSQL, adds its foreign keys) once at its end.

`Importer` runs the paths, the chunks and the transactions; a chunk's books are written by
`writing_books.BookWriter` (employers by `employers`, within `offices`), its periods by
`writing_periods.PeriodWriter`. Books move through the lifecycle services only (register,
edit, and the steps of the work done before the file: `past_work`), so events and counters
stay exact. A rejected row changes nothing; its reasons go to the report.
"""

import collections
import contextlib
import gc
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from sobhxh.books.models import Book
from sobhxh.db.bulk import (
    dropped_while_loading,
    rebuild_dropped_indexes,
    refresh_statistics,
)
from sobhxh.units.models import Office

from . import staging
from .headers import BOOKS, PERIODS
from .merging import Segment, in_number_order, merged
from .offices import Offices
from .pipeline import parsed_chunks, should_run_in_parallel
from .reading import open_tables
from .report import Report
from .rows import Parsed
from .summary import Summary
from .writing_books import BookWriter
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


class Importer:
    def __init__(
        self,
        paths,
        *,
        office_code=None,
        report_path=None,
        dry_run=False,
        actor=None,
        progress: Callable[[int], None] | None = None,
        parallel: bool | None = None,
        within: Office | None = None,
        in_number_order: bool | None = None,
        defer_indexes: bool | None = None,
    ):
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
        self.offices = Offices(default_code=office_code, within=within)
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
            self.report.discard()
            return False
        return True

    def _start(self) -> None:
        """Count from nothing, and remember no employer nor number: at the start of a path,
        and again on the parked one after a merged import rolled back."""
        self.summary = Summary()
        self.analyze_after = FIRST_ANALYZE_AFTER
        self.books = BookWriter(
            counts=self.summary.books,
            report=self.report,
            offices=self.offices,
            actor=self.actor,
            sheet=self.books_sheet,
            headers=self.books_headers,
            in_number_order=self.in_number_order,
        )
        self.periods = PeriodWriter(
            counts=self.summary.periods,
            report=self.report,
            offices=self.offices,
            actor=self.actor,
            sheet=self.periods_sheet,
            headers=self.periods_headers,
        )

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

    # -- chunks, in transactions ---------------------------------------------------------

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
        periods_read = staging.period_counts(numbers)
        self._count(parsed)
        _accepted, new_ids, stored_ids = self.books.write(parsed, periods_read)
        self.periods.add_parked_to_new_books(new_ids)
        if stored_ids:
            self.periods.apply_to_stored_books(stored_ids, staging.periods_of(sorted(stored_ids)))
        staging.mark("intake_done", [*new_ids, *stored_ids])

    def _import_segment(self, segment: Segment) -> None:
        """A chunk of books of tables in number order, with the periods read with it: those
        of the books written go with them, the others to books stored earlier."""
        self._count(segment.periods)
        periods = segment.periods.accepted
        if segment.books is None:
            self.periods.import_of_stored_books(periods)
            return
        periods_read = collections.Counter(period[0] for period in periods)
        self._count(segment.books)
        _accepted, new_ids, stored_ids = self.books.write(segment.books, periods_read)
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
