"""Measure a spreadsheet before opening it: what its container and XML declare, against
`limits`, without expanding anything.

- A zip (.xlsx, .ods): the size of its directory, then each member's declared size and
  compression ratio. Python's zipfile never inflates a member past the size it declares.
- An .xlsx: the number of sheets its workbook names (the reader in `xlsx` streams the
  sheets and checks rows, cells and nesting as it goes).
- An .ods: its content.xml streamed once with expat, adding up the rows and columns its
  repeat counts declare, to the rectangle calamine would hold for each table.
- An .xls (no compression, at most 65,536 × 256 cells) is opened in a child process with
  a memory limit (`isolated`); nothing is declared that could be checked more cheaply.

`check` raises `limits.Exceeded` or `UnusableFile`, and gives the row counts it learnt.
"""

import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

from . import limits, xlsx
from .errors import UnusableFile
from .limits import Exceeded
from .xlsx.archive import parse_member

ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
END_OF_DIRECTORY = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_END = b"PK\x06\x06"
MAX_DIRECTORY_BYTES = limits.MAX_MEMBERS * 400  # a directory entry is 46 bytes and a name
UNOPENABLE = _("%(name)s cannot be opened: it is damaged, password-protected or not a workbook.")

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def check(path: Path) -> dict[str, int] | None:
    """Raise `Exceeded` for a file that would pass a limit once opened; the row count of
    each table where the file declares it (.ods), else None."""
    suffix = path.suffix.lower()
    if suffix not in ZIP_SUFFIXES:
        return None
    with _open_zip(path) as archive:
        _check_members(archive)
        if suffix == ".ods":
            return _ods_rectangles(archive, path)
    try:
        sheets = len(xlsx.sheet_names(path))
    except xlsx.XlsxError:
        return None  # the reader says what is wrong, when the sheet is read
    if sheets > limits.MAX_SHEETS:
        raise Exceeded("sheets", sheets, limits.MAX_SHEETS)
    return None


def _open_zip(path: Path) -> zipfile.ZipFile:
    entries, directory_bytes = _directory_size(path)
    if entries > limits.MAX_MEMBERS:
        raise Exceeded("members", entries, limits.MAX_MEMBERS)
    if directory_bytes > MAX_DIRECTORY_BYTES:
        raise Exceeded("members", directory_bytes // 46, limits.MAX_MEMBERS)
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError):
        raise UnusableFile(UNOPENABLE, name=path.name) from None


def directory_fits(handle: BinaryIO) -> bool:
    """Whether a zip's central directory, as its end record declares it, is small enough for
    zipfile to read into memory (the limits the importer uses). Reads the end of the file
    only, and leaves `handle` at its start."""
    try:
        entries, directory_bytes = _declared_directory(handle)
    finally:
        handle.seek(0)
    return entries <= limits.MAX_MEMBERS and directory_bytes <= MAX_DIRECTORY_BYTES


def _directory_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as handle:
        return _declared_directory(handle)


def _declared_directory(handle: BinaryIO) -> tuple[int, int]:
    """(entries, bytes) of a zip's central directory as its end record declares them, read
    before zipfile reads the directory into memory (a ZipInfo is ~500 bytes an entry). A
    file that is no zip gives (0, 0): zipfile says what is wrong with it."""
    size = handle.seek(0, 2)
    handle.seek(max(0, size - 22 - 65_535))
    tail = handle.read()
    end = tail.rfind(END_OF_DIRECTORY)
    if end < 0 or len(tail) < end + 22:
        return 0, 0
    entries = int.from_bytes(tail[end + 10 : end + 12], "little")
    directory_bytes = int.from_bytes(tail[end + 12 : end + 16], "little")
    locator = end - 20
    if locator >= 0 and tail[locator : locator + 4] == ZIP64_LOCATOR:
        handle.seek(int.from_bytes(tail[locator + 8 : locator + 16], "little"))
        record = handle.read(56)
        if record[:4] == ZIP64_END and len(record) == 56:
            entries = max(entries, int.from_bytes(record[32:40], "little"))
            directory_bytes = max(directory_bytes, int.from_bytes(record[40:48], "little"))
    return entries, directory_bytes


def _check_members(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > limits.MAX_MEMBERS:
        raise Exceeded("members", len(members), limits.MAX_MEMBERS)
    total = 0
    for member in members:
        name = member.filename.rsplit("/", 1)[-1].lower()
        if name == "sharedstrings.xml":
            limit, what = limits.MAX_SHARED_STRINGS_BYTES, "shared_strings"
        elif name == "styles.xml":
            limit, what = limits.MAX_STYLES_BYTES, "styles"
        else:
            limit, what = limits.MAX_SHEET_BYTES, "member"
        if member.file_size > limit:
            raise Exceeded(what, member.file_size, limit, member.filename)
        if member.file_size > limits.RATIO_FLOOR:
            ratio = member.file_size // max(member.compress_size, 1)
            if ratio > limits.MAX_RATIO:
                raise Exceeded("ratio", ratio, limits.MAX_RATIO, member.filename)
        total += member.file_size
    if total > limits.MAX_TOTAL_BYTES:
        raise Exceeded("total", total, limits.MAX_TOTAL_BYTES)


def _ods_rectangles(archive: zipfile.ZipFile, path: Path) -> dict[str, int]:
    """{table: rows} of an .ods, once the rectangle of every table (from A1 to its last
    cell with a value, repeats counted) is known to fit in `limits.MAX_CELLS` together."""
    try:
        member = archive.getinfo("content.xml")
    except KeyError:
        raise UnusableFile(UNOPENABLE, name=path.name) from None
    scan = _OdsScan()
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.StartElementHandler = scan.start
    parser.EndElementHandler = scan.end
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    try:
        parse_member(parser, archive, member, "content.xml is broken")
    except (xlsx.XlsxError, ValueError):
        raise UnusableFile(UNOPENABLE, name=path.name) from None
    return scan.heights


def _refuse_dtd(*_args):
    raise ValueError("A spreadsheet declares no DTD: this one could expand its entities.")


class _OdsScan:
    """Expat handlers that add up each table's rows and columns as the repeat counts
    declare them, raising `Exceeded` as soon as the cells would pass the limit."""

    TABLE, ROW = f"{_TABLE} table", f"{_TABLE} table-row"
    CELLS = {f"{_TABLE} table-cell", f"{_TABLE} covered-table-cell"}
    ROWS_REPEATED = f"{_TABLE} number-rows-repeated"
    COLUMNS_REPEATED = f"{_TABLE} number-columns-repeated"
    VALUE_TYPE, NAME, PARAGRAPH = f"{_OFFICE} value-type", f"{_TABLE} name", f"{_TEXT} p"

    def __init__(self):
        self.heights: dict[str, int] = {}
        self.depth = self.cells_before = 0
        self.name, self.rows, self.columns = "", 0, 0  # the table's rectangle so far
        self.row = self.repeat = 0  # where the current row starts, and its repeat count
        self.column = self.row_end = 0  # past the cells read in the row, and its last value
        self.cell_end = 0  # past the current cell (repeats counted), 0 outside a cell
        self.has_value = False

    def start(self, name, attributes):
        self.depth += 1
        if self.depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", self.depth, limits.MAX_XML_DEPTH)
        if name in self.CELLS:
            self.column += _count(attributes.get(self.COLUMNS_REPEATED))
            self.cell_end = self.column
            self.has_value = self.VALUE_TYPE in attributes
        elif name == self.PARAGRAPH and self.cell_end:
            self.has_value = True
        elif name == self.ROW:
            self.repeat = _count(attributes.get(self.ROWS_REPEATED))
            self.column = self.row_end = 0
        elif name == self.TABLE:
            if len(self.heights) >= limits.MAX_SHEETS:
                raise Exceeded("sheets", len(self.heights) + 1, limits.MAX_SHEETS)
            self.name = attributes.get(self.NAME, "")
            self.rows = self.columns = self.row = 0

    def end(self, name):
        self.depth -= 1
        if name in self.CELLS:
            if self.has_value:
                self.row_end = self.cell_end
            self.cell_end, self.has_value = 0, False
        elif name == self.ROW:
            if self.row_end:
                self.rows = self.row + self.repeat
                self.columns = max(self.columns, self.row_end)
                cells = self.cells_before + self.rows * self.columns
                if cells > limits.MAX_CELLS:
                    raise Exceeded("cells", cells, limits.MAX_CELLS, self.name)
            self.row += self.repeat
        elif name == self.TABLE:
            self.heights[self.name] = self.rows
            self.cells_before += self.rows * self.columns


def _count(value: str | None) -> int:
    """A repeat count as written; 1 when absent. A count that is no number is 1, as
    calamine reads it."""
    if value is None or not value.isdigit():
        return 1
    return max(int(value), 1)
