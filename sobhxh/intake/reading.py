"""Open the files an office sends and stream their two tables row by row.

CSV: UTF-8 with or without BOM, UTF-16, or Windows-1258, delimited by comma, semicolon or
tab, all detected. Workbooks: .xlsx streamed by `xlsx`, .xls and .ods through python-calamine
in a child process (`isolated`). Every file is measured against `limits` before anything
in it is expanded (`preflight`), and as it is read. Tables are found by their header row,
which may sit below title rows; blank rows, an "STT" column and the trailing totals and
signature block are skipped. A file that cannot be used raises UnusableFile with one
message.
"""

import codecs
import csv
import functools
import itertools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from sobhxh.books.text import fold

from . import isolated, limits, preflight, xlsx
from .cells import book_number, is_blank
from .errors import CellError, UnusableFile
from .headers import HEADER_SEARCH_ROWS, HEADERS, HeaderRow, find_header
from .limits import Exceeded

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
# Read row by row with bounded memory (intake.xlsx); calamine loads a whole sheet, in a
# child process (intake.isolated).
STREAMED_SUFFIXES = {".xlsx", ".xlsm"}
UNOPENABLE = preflight.UNOPENABLE
UNREADABLE_SHEET = _("Sheet “%(sheet)s” of %(name)s cannot be read.")
CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
SAMPLE_BYTES = 64 * 1024
DELIMITERS = (",", ";", "\t")
# Words that open the block under a list: totals, "Người lập biểu", "Thủ trưởng đơn vị"...
REFUSED = _("%(name)s is refused: %(why)s")
# Why a file is refused, by the limit it would pass (limits.Exceeded.what); %(found)s and
# %(limit)s are given in MB for sizes.
EXCEEDED = {
    "members": _("it holds %(found)s files inside, and a workbook holds at most %(limit)s."),
    "ratio": _(
        "part %(where)s is compressed %(found)s times over, and a real workbook at most "
        "%(limit)s times: a file built like this can exhaust the server's memory."
    ),
    "member": _("part %(where)s would take %(found)s MB once opened, over the %(limit)s MB "
                "allowed. Split the list into smaller files, or save it as CSV."),
    "shared_strings": _(
        "its table of texts would take %(found)s MB once opened, over the %(limit)s MB "
        "allowed. Split the list into smaller files, or save it as CSV."
    ),
    "styles": _("its formats (styles.xml) would take %(found)s MB once opened, over the "
                "%(limit)s MB allowed. Save it again as a new workbook, or as CSV."),
    "total": _("it would take %(found)s MB once opened, over the %(limit)s MB allowed. "
               "Split the list into smaller files, or save it as CSV."),
    "sheets": _("it has %(found)s sheets, and at most %(limit)s are read."),
    "depth": _("its XML nests more than %(limit)s levels deep, which no spreadsheet does."),
    "row": _("a row of it is larger than %(limit)s MB, which no list of books needs."),
    "formats": _("it declares more than %(limit)s cell formats."),
    "cells": _(
        "sheet “%(where)s” spans %(found)s cells (from A1 to its last filled cell), over the "
        "%(limit)s that can be opened. Delete the empty rows and columns around the list, "
        "or save it as .xlsx or CSV."
    ),
    "memory": _("it would need more than %(limit)s MB of memory to open. Save it as .xlsx "
                "or CSV, or split it into smaller files."),
    "time": _("opening it took more than %(limit)s seconds of work. Save it as .xlsx or CSV, "
              "or split it into smaller files."),
    "line": _("line %(where)s is longer than %(limit)s characters: it is not a list of books."),
}  # fmt: skip
SIZES = {"member", "shared_strings", "styles", "total", "row", "memory"}
FOOTER_WORDS = ("tong cong", "tong so", "cong:", "nguoi lap", "thu truong", "giam doc",
                "ke toan truong", "xac nhan", "ky ten", "ngay thang nam")  # fmt: skip


@dataclass(frozen=True)
class CsvLayout:
    path: Path
    encoding: str
    delimiter: str


@dataclass
class Table:
    kind: str  # headers.BOOKS or headers.PERIODS
    sheet: str
    header: HeaderRow
    source: Iterator[tuple[int, list]]  # (Excel row number, cells) after the header
    csv: CsvLayout | None = None  # where a CSV table's rows come from, for a second look
    workbook: Path | None = None  # the .xlsx an .xlsx table comes from, for a second look

    @property
    def width(self) -> int:
        """The cells of a row from `rows`: one past the last column read, so that the cell
        at `width - 1`, past the last column, is always blank (see `column_of`)."""
        return max(self.header.columns) + 2

    def column_of(self, field: str) -> int:
        """The index of the field's cells in a row from `rows`; a field without a column
        reads the blank cell past the last column."""
        for index, name in self.header.columns.items():
            if name == field:
                return index
        return self.width - 1

    def rows(self) -> Iterator[tuple[int, list]]:
        """(row number, cells padded to `width`) of every data row, footer and blank rows
        skipped."""
        number_column = self.column_of("number")
        width = self.width
        blanks = [None] * width
        in_footer = False
        for row_number, given in self.source:
            if len(given) < width:
                cells = [*given, *blanks[len(given) :]]
            else:  # cells past the columns read are of no use: drop them
                cells = given[:width]
                cells[-1] = None
            number = cells[number_column]
            if type(number) is str and len(number) >= 8 and number.isdigit():
                # The common row: a book number, so neither blank nor part of a footer.
                in_footer = False
                yield row_number, cells
                continue
            if all(is_blank(cell) for cell in given):
                continue
            if not _looks_like_a_number(number) and (in_footer or _is_footer(given)):
                in_footer = True
                continue
            in_footer = False
            yield row_number, cells

    def numbers_never_go_down(self) -> bool:
        """Whether the book numbers of the table's rows, as the parser will read them, are
        in order (equal ones may follow each other). A CSV table is read once more (about a
        microsecond a row); of an .xlsx sheet only the number column's cells are looked at,
        where they are plainly written (`xlsx.column_values`); any other table is taken to
        be out of order."""
        column = self.column_of("number")
        try:
            if self.csv is not None:
                rows = itertools.islice(_csv_rows(self.csv), self.header.index + 1, None)
                return _numbers_in_order(cells[column] for cells in rows if column < len(cells))
            if self.workbook is not None:
                return _numbers_in_order(xlsx.column_values(self.workbook, self.sheet, column))
        except (UnusableFile, xlsx.XlsxError):
            pass  # the parser will say what is wrong with the file, if anything
        return False

    def fields(self, cells: list) -> dict:
        """{field: cell} of a row from `rows`."""
        return {field: cells[index] for index, field in self.header.columns.items()}

    def records(self) -> Iterator[tuple[int, dict]]:
        """(row number, {field: cell}) of every data row, footer and blank rows skipped."""
        for row_number, cells in self.rows():
            yield row_number, self.fields(cells)


def open_tables(paths: Iterable[Path]) -> list[Table]:
    tables: list[Table] = []
    for path in map(Path, paths):
        layout = _csv_layout(path) if path.suffix.lower() in CSV_SUFFIXES else None
        sheets = open_sheets(path, layout)
        workbook = path if path.suffix.lower() in STREAMED_SUFFIXES else None
        tables += _tables_in(path.name, sheets, layout, workbook)
    if not tables:
        raise UnusableFile(
            _("No header row found: the first %(rows)s rows name no “Mã số BHXH” column."),
            rows=HEADER_SEARCH_ROWS,
        )
    kinds = [table.kind for table in tables]
    for kind in set(kinds):
        if kinds.count(kind) > 1:
            raise UnusableFile(_("The files hold more than one %(kind)s table."), kind=kind)
    return tables


def open_sheets(path: Path, layout: "CsvLayout | None" = None) -> list[tuple[str, Iterator[list]]]:
    """(sheet name, its rows as lists of cells) of every sheet of one file, a CSV file being
    one sheet named as the file. Rows are read as they are asked for, in bounded memory;
    UnusableFile for a file that cannot be opened or that would not fit in memory."""
    path = Path(path)
    if not path.is_file():
        raise UnusableFile(_("File not found: %(path)s"), path=path)
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        _preflight(path)
        return _workbook_sheets(path)
    if suffix in CSV_SUFFIXES:
        return [(path.name, _csv_rows(layout or _csv_layout(path)))]
    raise UnusableFile(
        _("%(name)s is not a spreadsheet: use .xlsx, .xls, .ods or .csv."), name=path.name
    )


def _tables_in(
    file_name: str, sheets, layout: CsvLayout | None = None, workbook: Path | None = None
) -> list[Table]:
    tables = []
    for sheet_name, rows in sheets:
        numbered = enumerate(rows, start=1)
        head = list(itertools.islice(numbered, HEADER_SEARCH_ROWS))
        header = find_header([cells for _n, cells in head])
        if header is None:
            rows.close()  # a sheet read by a child process: end it now
            continue
        if header.missing:
            raise UnusableFile(
                _("Sheet “%(sheet)s”: required column(s) missing: %(columns)s."),
                sheet=sheet_name,
                columns=", ".join(HEADERS[header.table][f][0] for f in header.missing),
            )
        rest = itertools.chain(head[header.index + 1 :], numbered)
        tables.append(Table(header.table, sheet_name, header, rest, layout, workbook))
    return tables


def _looks_like_a_number(value) -> bool:
    """At least 8 digits: a book number, even a damaged one, not "Tổng cộng: 2 sổ"."""
    if type(value) is str and value.isdigit():
        return len(value) >= 8
    return not is_blank(value) and sum(ch.isdigit() for ch in str(value)) >= 8


def _is_footer(cells: list) -> bool:
    words = " ".join(fold(str(cell)) for cell in cells if not is_blank(cell))
    return any(word in words for word in FOOTER_WORDS)


def refusal(path: Path, exceeded: Exceeded) -> UnusableFile:
    """The message for a file that would pass a limit, in both languages."""
    found, limit = exceeded.found, exceeded.limit
    if exceeded.what in SIZES:
        found, limit = -(-found // limits.MEGABYTE), limit // limits.MEGABYTE

    def why() -> str:  # in the language active when the message is rendered
        return str(EXCEEDED[exceeded.what]) % {
            "found": number_format(found, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
            "where": exceeded.where,
        }

    return UnusableFile(REFUSED, name=Path(path).name, why=lazy(why, str)())


def _preflight(path: Path) -> dict[str, int] | None:
    stat = path.stat()
    try:
        return _preflight_once(str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except Exceeded as exceeded:
        raise refusal(path, exceeded) from None


@functools.lru_cache(maxsize=8)
def _preflight_once(path: str, _mtime_ns: int, _size: int) -> dict[str, int] | None:
    """The row estimate and the import look at the same file: measure it once."""
    return preflight.check(Path(path))


def estimate_rows(paths) -> int | None:
    """Rows in the files, for a progress bar's time left (lines of CSV, sheet heights as
    the files declare them; an .xls says nothing without being opened)."""
    total = 0
    for path in map(Path, paths):
        suffix = path.suffix.lower()
        try:
            if suffix in CSV_SUFFIXES:
                with path.open("rb") as handle:
                    total += sum(
                        chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")
                    )
            elif suffix in WORKBOOK_SUFFIXES:
                declared = _preflight(path) or {}
                if suffix in STREAMED_SUFFIXES:
                    declared = xlsx.sheet_heights(path)
                total += sum(height or 0 for height in declared.values())
        except Exception:
            return None
    return total or None


# -- CSV ------------------------------------------------------------------------------------


def detect_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        # A sample may end inside a character: decode incrementally, not as a whole.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"


def detect_delimiter(lines: list[str]) -> str:
    def score(delimiter: str) -> tuple[int, int]:
        counts = [line.count(delimiter) for line in lines if line.strip()]
        used = [count for count in counts if count]
        return (len(used), max(used, default=0))

    return max(DELIMITERS, key=score)


def _csv_layout(path: Path) -> CsvLayout:
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    try:
        # The sample only: a file of one endless line must not be read whole here.
        text = codecs.getincrementaldecoder(encoding)().decode(sample, final=False)
    except UnicodeDecodeError as error:
        raise _unreadable_csv(path, error) from None
    lines = text.splitlines()[: HEADER_SEARCH_ROWS + 5]
    return CsvLayout(path, encoding, detect_delimiter(lines))


def _csv_rows(layout: CsvLayout) -> Iterator[list]:
    try:
        with layout.path.open(encoding=layout.encoding, newline="") as handle:
            rows = csv.reader(_bounded_lines(handle), delimiter=layout.delimiter)
            if layout.encoding == "cp1258":
                # Windows-1258 writes tones as combining marks: compose them.
                rows = ([unicodedata.normalize("NFC", cell) for cell in cells] for cells in rows)
            yield from rows
    except (UnicodeDecodeError, csv.Error) as error:
        raise _unreadable_csv(layout.path, error) from None
    except Exceeded as exceeded:
        raise refusal(layout.path, exceeded) from None


def _bounded_lines(handle) -> Iterator[str]:
    """The lines of a text file, none longer than `limits.MAX_LINE_CHARS`: csv would make a
    list of every field of a line, and a line of commas is all fields."""
    limit = limits.MAX_LINE_CHARS
    for number in itertools.count(1):
        line = handle.readline(limit + 1)
        if len(line) > limit:
            raise Exceeded("line", len(line), limit, str(number))
        if not line:
            return
        yield line


def _unreadable_csv(path: Path, error: Exception) -> UnusableFile:
    return UnusableFile(
        _("%(name)s cannot be read as a CSV file (%(error)s)."), name=path.name, error=error
    )


def _numbers_in_order(cells: Iterable) -> bool:
    """Whether the book numbers among `cells` never go down: cells that are no book number
    (a heading, a row the parser rejects, a blank or footer row) are passed over."""
    previous = ""
    for cell in cells:
        number = cell
        if not (type(cell) is str and len(cell) == 10 and cell.isdigit() and cell.isascii()):
            number = _number_or_none(cell)
            if number is None:
                continue
        if number < previous:
            return False
        previous = number
    return True


def _number_or_none(cell: str) -> str | None:
    try:
        return book_number(cell)
    except CellError:
        return None


# -- workbooks --------------------------------------------------------------------------------


def _workbook_sheets(path: Path) -> list[tuple[str, Iterator[list]]]:
    if path.suffix.lower() in STREAMED_SUFFIXES:
        try:
            names = xlsx.sheet_names(path)
        except xlsx.XlsxError:
            raise UnusableFile(UNOPENABLE, name=path.name) from None
        return [(name, _streamed_rows(path, name)) for name in names]
    try:
        names = isolated.sheet_names(path)
    except isolated.Unreadable:
        raise UnusableFile(UNOPENABLE, name=path.name) from None
    except Exceeded as exceeded:
        raise refusal(path, exceeded) from None
    if len(names) > limits.MAX_SHEETS:
        raise refusal(path, Exceeded("sheets", len(names), limits.MAX_SHEETS))
    return [(name, _isolated_rows(path, name)) for name in names]


def _streamed_rows(path: Path, name: str) -> Iterator[list]:
    try:
        yield from xlsx.iter_rows(path, name)
    except (xlsx.XlsxError, KeyError):
        raise UnusableFile(UNREADABLE_SHEET, sheet=name, name=path.name) from None
    except Exceeded as exceeded:
        raise refusal(path, exceeded) from None


def _isolated_rows(path: Path, name: str) -> Iterator[list]:
    try:
        yield from isolated.sheet_rows(path, name)
    except isolated.Unreadable:
        raise UnusableFile(UNREADABLE_SHEET, sheet=name, name=path.name) from None
    except Exceeded as exceeded:
        raise refusal(path, exceeded) from None
