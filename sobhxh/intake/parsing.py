"""Rows of a file turned into values, and the reasons for the rows that cannot be.

Nothing here touches the database, so parsing can run in a second process while the
first one writes (`parsed_chunks`): on a machine with two cores the import then takes
about as long as the longer of the two halves instead of their sum.
"""

import itertools
import multiprocessing
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from . import cells
from .errors import WARNING, CellError, Issue, UnusableFile
from .headers import BOOKS
from .legacy import LegacyText
from .reading import Table

CHUNK = 5000
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
    """Parses the chunks of one import, learning the file's legacy encoding as it goes."""

    def __init__(self):
        self.legacy = LegacyText()

    def chunk(self, table: Table, rows: list[Row]) -> Parsed:
        parsed = Parsed(table.kind, len(rows))
        add = self._book if table.kind == BOOKS else self._period
        for row in rows:
            add(row, parsed)
        return parsed

    def _book(self, row: Row, parsed: Parsed) -> None:
        values = self._values(row, BOOK_PARSERS, parsed)
        if values is None:
            return
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
        parsed.accepted.append(
            (values["number"], values["fund"], values["from_month"].isoformat(),
             values["to_month"].isoformat(), job, values["wage"],
             None if rate is None else str(rate), row.number)
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


def parsed_chunks(tables: list[Table], *, parallel: bool) -> Iterator[Parsed]:
    """The parsed chunks of each table in turn; with `parallel`, parsed by a second process
    (forked, so it reads on from where the tables were opened) while the caller writes."""
    if not parallel:
        yield from _parse_all(tables)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_parse_into, args=(tables, sender, receiver), daemon=True)
    worker.start()
    sender.close()
    try:
        while (message := receiver.recv()) is not None:
            if isinstance(message, _Failure):
                message.raise_again()
            yield message
    finally:
        receiver.close()
        worker.join(timeout=5)
        if worker.is_alive():
            worker.terminate()


def should_run_in_parallel(paths: list[Path]) -> bool:
    return sum(path.stat().st_size for path in paths) >= PARALLEL_FROM_BYTES


def rows_of(table: Table) -> Iterator[Row]:
    for number, values in table.records():
        yield Row(table.sheet, number, values, table.header.headers)


def _parse_all(tables: list[Table]) -> Iterator[Parsed]:
    parser = Parser()
    for table in tables:
        rows = rows_of(table)
        while chunk := list(itertools.islice(rows, CHUNK)):
            yield parser.chunk(table, chunk)


@dataclass
class _Failure:
    """What stopped the parsing process, sent back to be raised in the importing one."""

    unusable: UnusableFile | None = None
    trace: str = ""

    def raise_again(self) -> None:
        if self.unusable is not None:
            raise self.unusable
        raise RuntimeError(f"the parsing process failed:\n{self.trace}")


def _parse_into(tables: list[Table], sender, receiver) -> None:
    # The forked copy of the reading end would keep the pipe open after the importing
    # process dies (kill -9): close it, so that sending fails then and this process ends.
    receiver.close()
    try:
        for parsed in _parse_all(tables):
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
