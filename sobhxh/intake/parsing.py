"""Rows of a file turned into values, and the reasons for the rows that cannot be.

Nothing here touches the database, so parsing can run in a second process while the
first one writes (`parsed_chunks`): on a machine with two cores the import then takes
about as long as the longer of the two halves instead of their sum.
"""

import bisect
import contextlib
import itertools
import multiprocessing
import queue
import threading
import traceback
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

try:
    import fcntl
except ImportError:  # not on Windows, where the pipe keeps its size (see _widen)
    fcntl = None

from sobhxh.books.numbers import IDENTITY_LENGTHS, is_book_number

from . import cells
from .errors import WARNING, CellError, Issue, UnusableFile
from .headers import BOOKS, PERIODS
from .legacy import LegacyText
from .reading import Table

CHUNK = 5000
PIPE_BYTES = 1024 * 1024  # a chunk or more in the pipe at once (see _widen)
# Parsed chunks the parsing process may be ahead of the importer.
READ_AHEAD = 8
# Periods read ahead of the books before those of books not in the file are sent alone.
AHEAD_AT_MOST = 4 * CHUNK
# Below this many bytes of input a second process costs more than it saves.
PARALLEL_FROM_BYTES = 4 * 1024 * 1024

BOOK_PARSERS: dict[str, Callable] = {
    "number": cells.book_number,
    "full_name": cells.required_text,
    "birth_date": cells.day_with_precision,
    "sex": cells.sex,
    "identity_number": cells.identity_number,
    "employer_code": cells.required_text,
    "employer_name": cells.text,
    "office_code": cells.text,
    "issued_on": cells.optional_day,
    "handed_over_on": cells.optional_day,
}
PERIOD_PARSERS: dict[str, Callable] = {
    "number": cells.book_number,
    "from_month": cells.month,
    "to_month": cells.month,
    "job": cells.text,
    "wage": cells.wage,
    "rate": cells.rate,
    "fund": cells.fund,
}


REPEATED_PERIOD = _(
    "A period with this number, fund and from month appears earlier in the file: the first "
    "one is kept."
)
OVERLAPPING_PERIOD = _("This period overlaps another of the same fund at the same workplace.")


@dataclass
class Row:
    sheet: str
    number: int  # the row number in Excel
    values: dict  # field -> the cell as the file has it
    headers: dict[str, str]

    def issue(self, field_name: str, message, severity="error", **params) -> Issue:
        return Issue.of(
            self.sheet, self.number, self.headers.get(field_name, field_name),
            self.values.get(field_name), message, severity, **params,
        )  # fmt: skip


# The fields whose cells repeat down a list (months, dates, codes...): the short path
# looks their texts up instead of parsing them again.
REMEMBERED_OF_BOOKS = ("birth_date", "sex", "employer_code", "employer_name", "office_code",
                       "issued_on", "handed_over_on")  # fmt: skip
REMEMBERED = (*REMEMBERED_OF_BOOKS, "from_month", "job", "rate", "fund")
REMEMBER_AT_MOST = 50_000
# What a blank cell (or an absent column) reads as, in the optional fields.
BLANK_VALUES = {"job": "", "rate": None, "fund": "BHXH", "employer_name": "",
                "office_code": "", "issued_on": None, "handed_over_on": None}  # fmt: skip
MISSING = object()


def _blank(field_name: str) -> dict:
    if field_name not in BLANK_VALUES:
        return {}
    return {None: BLANK_VALUES[field_name], "": BLANK_VALUES[field_name]}


def _nfc_text(cell) -> str:
    """The cell as `cells.text` gives it when it is text already in NFC; "" otherwise."""
    if type(cell) is not str or not (cell.isascii() or unicodedata.is_normalized("NFC", cell)):
        return ""
    if cell[:1] == "'":  # perhaps an export's quote before a formula: `cells.text` reads it
        return ""
    return " ".join(cell.split())


def _plain_unicode(text: str) -> bool:
    """Whether no legacy encoding could have produced the text (ASCII, or a character
    beyond Latin-1): whatever the file's encoding turns out to be, it stays as it is."""
    return text.isascii() or max(text) > "\xff"


@dataclass
class Parsed:
    """One chunk of a table, parsed.

    `accepted` holds, for books, (row number, cells, values) and, for periods, the tuple
    (number, fund, from month, to month, job, wage, rate, row number) ready to park.
    """

    kind: str
    rows: int  # rows read, accepted or not
    accepted: list = field(default_factory=list)
    rejected: int = 0
    issues: list[Issue] = field(default_factory=list)


class Parser:
    """Parses the chunks of one import, learning the file's legacy encoding as it goes.

    Each row is first tried on a short path that handles the common row of a list (a
    book number of 10 digits, cells already seen in an earlier row, Unicode text): it
    accepts nothing the long path would not accept the same way, and passes anything
    else to the long path, which gives every reason a row is refused.
    """

    def __init__(self):
        self.legacy = LegacyText()
        # field -> {cell text: value}: texts the long path has accepted (see _remember)
        self.known: dict[str, dict] = {name: _blank(name) for name in REMEMBERED}
        self.known["to_month"] = self.known["from_month"]

    def chunk(self, table: Table, rows: list[tuple[int, list]]) -> Parsed:
        parsed = Parsed(table.kind, len(rows))
        if table.kind == BOOKS:
            quick, add = self._quick_book(table), self._book
        else:
            quick, add = self._quick_period(table), self._period
        accept = parsed.accepted.append
        for number, row_cells in rows:
            found = quick(number, row_cells)
            if found is not None:
                accept(found)
            else:
                add(Row(table.sheet, number, table.fields(row_cells), table.header.headers),
                    parsed)  # fmt: skip
        return parsed

    # -- the short path ------------------------------------------------------------------

    def _quick_period(self, table: Table) -> Callable[[int, list], tuple | None]:
        at = table.column_of
        number_at, start_at, end_at, wage_at = (
            at("number"), at("from_month"), at("to_month"), at("wage"))  # fmt: skip
        job_at, rate_at, fund_at = at("job"), at("rate"), at("fund")
        months, jobs, rates, funds = (self.known[name] for name in ("from_month", "job",
                                                                    "rate", "fund"))  # fmt: skip
        unicode_text = self._unicode_text

        def quick(row_number: int, cells: list) -> tuple | None:
            number, wage = cells[number_at], cells[wage_at]
            if not is_book_number(number):
                return None
            if type(wage) is str and wage.isdigit() and wage.isascii():
                wage = int(wage)
            elif type(wage) is not int or wage < 0:
                return None
            start, end = months.get(cells[start_at]), months.get(cells[end_at])
            job = jobs.get(cells[job_at])
            if job is None:
                job = unicode_text(cells[job_at], remember_as="job")
            rate = rates.get(cells[rate_at], MISSING)
            fund = funds.get(cells[fund_at])
            if start is None or end is None or job is None or rate is MISSING or fund is None:
                return None
            if end < start:  # ISO months compare as text
                return None
            return (number, fund, start, end, job, wage, rate, row_number)

        return quick

    def _quick_book(self, table: Table) -> Callable[[int, list], tuple | None]:
        at = table.column_of
        number_at, name_at, identity_at = at("number"), at("full_name"), at("identity_number")
        remembered = [(name, at(name), self.known[name]) for name in REMEMBERED_OF_BOOKS]
        fields, unicode_text = table.fields, self._unicode_text

        def quick(row_number: int, cells: list) -> tuple | None:
            number, name, identity = cells[number_at], cells[name_at], cells[identity_at]
            if not is_book_number(number):
                return None
            if identity is None or identity == "":
                identity = ""
            elif not (type(identity) is str and len(identity) in IDENTITY_LENGTHS
                      and identity.isdigit() and identity.isascii()):  # fmt: skip
                return None
            name = unicode_text(name)
            if not name:
                return None
            values = {"number": number, "full_name": name, "identity_number": identity}
            for field_name, index, known in remembered:
                value = known.get(cells[index], MISSING)
                if value is MISSING:
                    return None
                values[field_name] = value
            values["birth_date"], values["birth_precision"] = values["birth_date"]
            return (row_number, fields(cells), values)

        return quick

    def _unicode_text(self, cell, remember_as: str = "") -> str | None:
        """The cell as the long path reads a text (`cells.text`, then the legacy check) when
        it is text already in NFC and takes no warning; None otherwise. With `remember_as`,
        kept for that field when no legacy encoding could have produced it."""
        text = _nfc_text(cell)
        if not text:
            return None
        if _plain_unicode(text):
            if remember_as:
                self._keep(remember_as, cell, text)
            return text
        text, encoding = self.legacy.judge(text)
        if encoding:
            return None  # the long path converts it, counts it and warns
        return text

    def _keep(self, field_name: str, cell: str, value) -> None:
        known = self.known[field_name]
        if len(known) >= REMEMBER_AT_MOST:
            known.clear()
            known.update(_blank(field_name))
        known[cell] = value

    def _remember(self, row: Row, values: dict) -> None:
        """Keep the texts of an accepted row's cells for the short path."""
        for field_name in self.known:
            cell = row.values.get(field_name)
            if type(cell) is str and field_name in values:
                self._keep(field_name, cell, values[field_name])

    # -- the long path --------------------------------------------------------------------

    def _book(self, row: Row, parsed: Parsed) -> None:
        values = self._values(row, BOOK_PARSERS, parsed)
        if values is None:
            return
        self._remember(row, {k: v for k, v in values.items() if k in REMEMBERED_OF_BOOKS})
        values["birth_date"], values["birth_precision"] = values["birth_date"]
        values["full_name"] = self._unicode(row, "full_name", values["full_name"], parsed)
        parsed.accepted.append((row.number, row.values, values))

    def _period(self, row: Row, parsed: Parsed) -> None:
        values = self._values(row, PERIOD_PARSERS, parsed)
        if values is None:
            return
        if values["to_month"] < values["from_month"]:
            parsed.rejected += 1
            parsed.issues.append(row.issue("to_month", _("The to month is before the from month.")))
            return
        job = self._unicode(row, "job", values["job"], parsed)
        rate = values["rate"]
        # Months as ISO text: what the scratch table stores, and quicker to send across.
        accepted = {
            "from_month": values["from_month"].isoformat(),
            "to_month": values["to_month"].isoformat(),
            "rate": None if rate is None else str(rate),
            "fund": values["fund"],
        }
        if job == values["job"] and _plain_unicode(job):
            accepted["job"] = job
        self._remember(row, accepted)
        parsed.accepted.append(
            (values["number"], values["fund"], accepted["from_month"], accepted["to_month"],
             job, values["wage"], accepted["rate"], row.number)
        )  # fmt: skip

    def _values(self, row: Row, parsers: dict, parsed: Parsed) -> dict | None:
        cells_of_row = row.values
        try:
            return {name: parse(cells_of_row.get(name)) for name, parse in parsers.items()}
        except Exception:  # read the row again, field by field, to say what is wrong
            pass
        problems = []
        for name, parse in parsers.items():
            try:
                parse(cells_of_row.get(name))
            except CellError as error:
                problems.append(row.issue(name, error.message))
            except Exception:  # a parser must never stop an import: report, skip the row
                problems.append(row.issue(name, _("This value cannot be read.")))
        parsed.rejected += 1
        parsed.issues.extend(problems)
        return None

    def _unicode(self, row: Row, field_name: str, text: str, parsed: Parsed) -> str:
        converted, encoding = self.legacy.convert(text)
        if encoding:
            parsed.issues.append(row.issue(
                field_name,
                _("Typed in the legacy %(encoding)s encoding: converted to Unicode."),
                WARNING, encoding=encoding,
            ))  # fmt: skip
        return converted


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


def parsed_chunks(tables: list[Table], *, parallel: bool) -> Iterator[Parsed]:
    """The parsed chunks of each table in turn; with `parallel`, parsed by a second process
    (forked, so it reads on from where the tables were opened) while the caller writes."""
    return _in_turn(_parse_all, tables, parallel=parallel)


def merged(tables: list[Table], *, parallel: bool) -> Iterator[Segment]:
    """The segments of tables that are in book-number order (see Segment), parsed as
    `parsed_chunks` parses."""
    return _in_turn(_merge_all, tables, parallel=parallel)


def _in_turn(parse_all: Callable, tables: list[Table], *, parallel: bool) -> Iterator:
    if not parallel:
        yield from parse_all(tables)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(receiver)
    worker = context.Process(
        target=_parse_into, args=(parse_all, tables, sender, receiver), daemon=True
    )
    worker.start()
    sender.close()
    messages: queue.Queue = queue.Queue(maxsize=READ_AHEAD)
    stop = threading.Event()
    pump = threading.Thread(target=_pump, args=(receiver, messages, stop), daemon=True)
    pump.start()
    finished = False
    try:
        while (message := messages.get()) is not None:
            if isinstance(message, _Failure):
                message.raise_again()
            yield message
        finished = True
    finally:
        stop.set()
        if not finished:
            worker.terminate()  # its pipe closes, and the pump's wait with it
        worker.join(timeout=5)
        pump.join(timeout=5)
        receiver.close()


def _widen(pipe) -> None:
    """Let the pipe hold a whole chunk or more: at the default 64 KB, a chunk of 300 KB
    takes a handful of wake-ups of each process to cross."""
    with contextlib.suppress(OSError, AttributeError):  # Linux only; capped by the system
        fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)  # type: ignore[union-attr]


def _pump(receiver, messages: queue.Queue, stop: threading.Event) -> None:
    """Move the parsing process's chunks from the pipe into `messages` as they come.

    A pipe holds a few kilobytes: without this, the parser would wait for every chunk to be
    taken while the importer writes, and the two processes would take turns instead of
    working together. The queue is bounded, so memory is too.
    """
    while not stop.is_set():
        try:
            message = receiver.recv()
        except (EOFError, OSError):
            message = _Failure(trace="the parsing process ended without finishing")
        while not stop.is_set():
            try:
                messages.put(message, timeout=0.5)
                break
            except queue.Full:
                continue
        if message is None or isinstance(message, _Failure):
            return


def should_run_in_parallel(paths: list[Path]) -> bool:
    return sum(path.stat().st_size for path in paths) >= PARALLEL_FROM_BYTES


def _parse_all(tables: list[Table]) -> Iterator[Parsed]:
    parser = Parser()
    for table in tables:
        yield from _chunks_of(parser, table)


def _merge_all(tables: list[Table]) -> Iterator[Segment]:
    parser = Parser()
    by_kind = {table.kind: table for table in tables}
    books, periods = by_kind.get(BOOKS), by_kind.get(PERIODS)
    period_chunks = _chunks_of(parser, periods) if periods else iter(())
    ahead: list[tuple] = []  # accepted periods read but not yet sent, in number order
    read = Parsed(PERIODS, 0)  # what the periods read since the last segment came to
    book_rows = books.rows() if books else iter(())
    last_book = ""

    def segment(parsed_books: Parsed | None) -> Segment:
        nonlocal read
        read.accepted = _first_of_each_key(read, periods) if periods else []
        done, read = read, Parsed(PERIODS, 0)
        return Segment(parsed_books, done)

    while rows := list(itertools.islice(book_rows, CHUNK)):
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
        if len(ahead) >= CHUNK:  # periods of books not in the file: send them as they come
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
                read.issues.append(Issue.of(sheet, period[7], headers.get("from_month", ""),
                                            period[2], REPEATED_PERIOD))  # fmt: skip
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
        read.issues.append(Issue.of(sheet, row_number, headers.get("from_month", ""), start,
                                    OVERLAPPING_PERIOD, WARNING))  # fmt: skip
    return kept


def _number_of(period: tuple) -> str:
    return period[0]


def _place_and_start(period: tuple) -> tuple:
    return (period[1], period[4], period[2])  # fund, job, from month


def _chunks_of(parser: Parser, table: Table) -> Iterator[Parsed]:
    rows = table.rows()
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield parser.chunk(table, chunk)


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


@dataclass
class _Failure:
    """What stopped the parsing process, sent back to be raised in the importing one."""

    unusable: UnusableFile | None = None
    trace: str = ""

    def raise_again(self) -> None:
        if self.unusable is not None:
            raise self.unusable
        raise RuntimeError(f"the parsing process failed:\n{self.trace}")


def _parse_into(parse_all: Callable, tables: list[Table], sender, receiver) -> None:
    # The forked copy of the reading end would keep the pipe open after the importing
    # process dies (kill -9): close it, so that sending fails then and this process ends.
    receiver.close()
    try:
        for parsed in parse_all(tables):
            sender.send(parsed)
    except (BrokenPipeError, EOFError):
        return  # the importing process is gone: nobody to parse for
    except UnusableFile as unusable:
        sender.send(_Failure(unusable=unusable))
        return
    except Exception:
        sender.send(_Failure(trace=traceback.format_exc()))
        return
    sender.send(None)
