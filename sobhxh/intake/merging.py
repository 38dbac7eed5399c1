"""Tables in book-number order, merged: each chunk of books comes with its periods.

The merged path of an import (see `importing`) is taken when every table's book numbers
never go down, as in an export and most office lists; the other path parks every period
in a temporary table first (`staging`). `in_number_order` looks at the order, in a forked
process beside the import when it is large. `merged` reads books and periods in step, in
chunks as `pipeline` reads them (in the second process too): each chunk of books comes
with the periods of its numbers, which the importer writes straight into the registry with
their books, once. Periods of numbers that are not among the file's books (books stored
earlier, or none) come on their own, in parts that AHEAD_AT_MOST bounds, so memory stays
bounded whatever the files hold. Repeated and overlapping periods are found here, per
number, as the parked path finds them in its temporary table.
"""

import bisect
import contextlib
import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import pipeline
from .errors import WARNING, Issue
from .headers import BOOKS, PERIODS
from .reading import Table
from .rows import OVERLAPPING_PERIOD, REPEATED_PERIOD, Parsed, Parser

# Periods read ahead of the books before those of books not in the file are sent alone.
AHEAD_AT_MOST = 4 * pipeline.ROWS_PER_CHUNK


@dataclass
class Segment:
    """A step of an import whose tables are both in book-number order (`merged`): a chunk
    of books (None once the books are all read) and the periods read with it, among them
    every period whose number is at most the chunk's highest. `periods.accepted` is in
    number order, all the periods of a number in the same segment."""

    books: Parsed | None
    periods: Parsed

    @property
    def rows(self) -> int:
        return (self.books.rows if self.books else 0) + self.periods.rows


def in_number_order(
    tables: list[Table], *, parallel: bool, known: bool | None = None
) -> Callable[[bool], bool | None]:
    """Whether every table is in book-number order (`Table.numbers_never_go_down`), as a
    call: `verdict(wait)`. With `parallel`, a forked process looks (a second reading of
    the files, about a microsecond a row) while the caller gets on with the import; the
    verdict is None until the look is done, unless `wait`. `known`: the answer already."""
    if known is not None or not parallel:
        answer = known if known is not None else all(t.numbers_never_go_down() for t in tables)
        return lambda wait: answer
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    looker = context.Process(target=_look_at_order, args=(tables, sender, receiver), daemon=True)
    looker.start()
    sender.close()
    answers: list[bool] = []

    def verdict(wait: bool) -> bool | None:
        if not answers:
            if not wait and not receiver.poll():
                return None
            try:
                answers.append(receiver.recv())
            except (EOFError, OSError):
                answers.append(False)  # the look died: the path that needs no order
            looker.join(timeout=5)
            receiver.close()
        return answers[0]

    return verdict


def _look_at_order(tables: list[Table], sender, receiver) -> None:
    receiver.close()
    try:
        answer = all(table.numbers_never_go_down() for table in tables)
    except Exception:
        answer = False
    with contextlib.suppress(BrokenPipeError, OSError):  # the importer may be gone
        sender.send(answer)


def merged(tables: list[Table], *, parallel: bool) -> Iterator[Segment]:
    """The segments of tables that are in book-number order (see Segment), parsed as
    `pipeline.parsed_chunks` parses."""
    return pipeline.in_turn(_merge_all, tables, parallel=parallel)


def _merge_all(tables: list[Table]) -> Iterator[Segment]:
    parser = Parser()
    by_kind = {table.kind: table for table in tables}
    books, periods = by_kind.get(BOOKS), by_kind.get(PERIODS)
    period_chunks = pipeline.chunks_of(parser, periods) if periods else iter(())
    ahead: list[tuple] = []  # accepted periods read but not yet sent, in number order
    read = Parsed(PERIODS, 0)  # what the periods read since the last segment came to
    book_rows = books.rows() if books else iter(())
    last_book = ""

    def segment(parsed_books: Parsed | None) -> Segment:
        nonlocal read
        read.accepted = _first_of_each_key(read, periods) if periods else []
        done, read = read, Parsed(PERIODS, 0)
        return Segment(parsed_books, done)

    while rows := list(itertools.islice(book_rows, pipeline.ROWS_PER_CHUNK)):
        parsed_books = parser.chunk(books, rows)
        numbers = [values["number"] for _row, _cells, values in parsed_books.accepted]
        kept: list[tuple] = []  # periods of this chunk's books, read ahead
        if numbers:
            if numbers[0] < last_book or numbers != sorted(numbers):
                raise RuntimeError("the books are not in number order")
            last_book, wanted = numbers[-1], set(numbers)
            while (not ahead or ahead[-1][0] <= last_book) and _read_on(period_chunks, ahead, read):
                if len(ahead) >= AHEAD_AT_MOST:
                    # Many periods of books that are not in the file: send them on their own.
                    cut = _settled(ahead, last_book)
                    passed, ahead = ahead[:cut], ahead[cut:]
                    kept += [period for period in passed if period[0] in wanted]
                    read.accepted = [period for period in passed if period[0] not in wanted]
                    yield segment(None)
        cut = _cut(ahead, last_book)
        read.accepted, ahead = kept + ahead[:cut], ahead[cut:]
        yield segment(parsed_books)
    while _read_on(period_chunks, ahead, read):
        # Periods of books not in the file: send them as they come, a chunk's worth at a time.
        if len(ahead) >= pipeline.ROWS_PER_CHUNK:
            cut = _cut(ahead, ahead[-1][0], before=True)
            read.accepted, ahead = ahead[:cut], ahead[cut:]
            yield segment(None)
    read.accepted = ahead
    if read.rows or read.accepted:
        yield segment(None)


def _first_of_each_key(read: Parsed, table: Table) -> list[tuple]:
    """The periods of `read.accepted` (all the periods of each of their numbers, in file
    order) but those whose key (number, fund, from month) came earlier, which are refused;
    a warning for each that starts inside an earlier one of the same fund and workplace."""
    kept, overlaps = [], []
    headers, sheet = table.header.headers, table.sheet
    for _number, periods in itertools.groupby(read.accepted, key=_number_of):
        periods = list(periods)
        if len(periods) == 1:
            kept += periods
            continue
        seen: set[tuple] = set()
        of_number = []
        for period in periods:
            if period[1:3] in seen:
                read.rejected += 1
                read.issues.append(
                    Issue.of(
                        sheet, period[7], headers.get("from_month", ""), period[2], REPEATED_PERIOD
                    )
                )
                continue
            seen.add(period[1:3])
            of_number.append(period)
        kept += of_number
        of_number.sort(key=_place_and_start)
        for index, later in enumerate(of_number):
            for earlier in reversed(of_number[:index]):
                if earlier[1] != later[1] or earlier[4] != later[4]:
                    break  # another fund or workplace
                if later[2] <= earlier[3]:  # later starts after earlier (sorted, no repeat)
                    overlaps.append((later[7], later[2]))
    for row_number, start in sorted(overlaps):
        read.issues.append(
            Issue.of(
                sheet, row_number, headers.get("from_month", ""), start, OVERLAPPING_PERIOD, WARNING
            )
        )
    return kept


def _number_of(period: tuple) -> str:
    return period[0]


def _place_and_start(period: tuple) -> tuple:
    return (period[1], period[4], period[2])  # fund, job, from month


def _read_on(chunks: Iterator[Parsed], ahead: list, read: Parsed) -> bool:
    """Parse the next chunk of periods into `ahead`, counting it in `read`; False at the
    end of the table."""
    parsed = next(chunks, None)
    if parsed is None:
        return False
    accepted = parsed.accepted
    if accepted and (
        (ahead and accepted[0][0] < ahead[-1][0])
        or any(a[0] > b[0] for a, b in itertools.pairwise(accepted))
    ):
        raise RuntimeError("the periods are not in number order")
    ahead += accepted
    read.rows += parsed.rows
    read.rejected += parsed.rejected
    read.issues += parsed.issues
    return True


def _settled(ahead: list[tuple], last_book: str) -> int:
    """How many of the periods read ahead (in number order) are settled while the books up
    to `last_book` are written: those of numbers up to `last_book`, but not those of the
    highest number read, which the next chunk of periods may go on with. A number above
    `last_book` may be that of a book still to come, and must wait for it: sending its
    periods alone would refuse them as periods of no book."""
    highest = ahead[-1][0]
    if highest <= last_book:
        return _cut(ahead, highest, before=True)
    return _cut(ahead, last_book)


def _cut(periods: list[tuple], number: str, *, before: bool = False) -> int:
    """Where the periods (in number order) of numbers up to `number` end; with `before`,
    those of numbers below it."""
    keys = [period[0] for period in periods]
    return bisect.bisect_left(keys, number) if before else bisect.bisect_right(keys, number)
