"""Read an .xlsx sheet row by row, in memory that does not grow with the number of rows.

python-calamine loads a whole sheet before giving its first row (700 MB for a million rows).
Here the sheet's XML is decompressed and parsed with expat in small chunks and each row is
handed on as soon as it is complete. Only the shared strings table (one entry per DISTINCT
text) and the styles are held for the whole read.

The ordinary row (plain cells of numbers, shared or inline strings, as XlsxWriter, Excel
and LibreOffice write them) is read by a regular expression a cell, about three times as
fast as expat's callbacks (`_QuickRows`), and a row written like the one before it (most
rows) by one match of the whole row (`_Shape`), faster again; from the first row it cannot
read, expat reads the rest of the sheet, so all give the same rows.

Values are those python-calamine gives, with three deliberate differences: a whole number
is an int (calamine gives a float), an empty or error cell is None (calamine gives ""), and
columns are placed by their letter even when column A is empty (calamine shifts them left).
Rows keep the Excel numbering: a row missing from the XML is given as [].

Nothing grows past `limits`: a part's nesting, a row's XML, a cell's text and the styles
are checked as they are read, and `limits.Exceeded` raised; `preflight` has checked the
sizes the zip declares before.
"""

import datetime
import itertools
import os
import posixpath
import re
import weakref
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from .. import limits
from ..limits import Exceeded

CHUNK_BYTES = 128 * 1024
LOOK_BYTES = 4 * 1024 * 1024  # `column_values` reads far more per call than the readers
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Built-in number formats that show a date (ids 18-21 and 45-47 are times only: numbers).
DATE_FORMAT_IDS = frozenset([14, 15, 16, 17, 22, *range(27, 37), *range(50, 59)])
LAST_SERIAL = 2_958_466  # 10000-01-01: beyond it a "date" is only a number
DAY_MS = 86_400_000
DIGITS = "0123456789"
MAX_ROW = 1_048_576

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


class XlsxError(Exception):
    """The file is not a readable .xlsx workbook."""


def sheet_names(path: str | os.PathLike) -> list[str]:
    """Every sheet's name in workbook order, hidden ones included."""
    with _open(path) as archive:
        return [name for name, _part in _workbook(archive).sheets]


READERS = ("auto", "expat")


def iter_rows(path: str | os.PathLike, sheet_name: str, *, reader: str = "auto") -> Iterator[list]:
    """One list of cell values per Excel row, from row 1, in order.

    `reader`: "auto" reads the ordinary rows with the quick reader and the rest, from the
    first row it cannot read, with expat; "expat" reads the whole sheet with expat, the slow
    twin the quick reader is tested against. Both give the same rows.

    Raises KeyError for a sheet the workbook does not name and XlsxError for a broken file,
    both at once; a sheet whose XML breaks part way raises XlsxError while iterating.
    """
    if reader not in READERS:
        raise ValueError(f"reader: one of {READERS}, not {reader!r}")
    with _open(path) as archive:
        book = _workbook(archive)
        part = dict(book.sheets).get(sheet_name)
        if part is None:
            raise KeyError(sheet_name)
        if _member(archive, part) is None:
            raise XlsxError(f"The sheet “{sheet_name}” has no part {part} in the file.")
    return _rows(path, part, reader)


class NotPlain(XlsxError):
    """A sheet `column_values` cannot vouch for: the full readers must read it."""


def column_values(path: str | os.PathLike, sheet_name: str, column: int) -> Iterator:
    """The values of one column's cells (0 is A) in the order of the sheet, as `iter_rows`
    gives them, found without reading the other cells: a look at a large sheet costs about a
    microsecond a row.

    Only a sheet whose every cell of the column is written in the form `_QuickRows` reads
    can be looked at so: for any other (a cell's reference not first, a formula, rich text,
    a prefix...) this raises NotPlain, at once or part way, rather than miss a cell. Comments
    and the like may make it find cells the readers do not see: never fewer.
    """
    letters = _column_letters(column).encode()
    with _open(path) as archive:
        book = _workbook(archive)
        member = _member(archive, dict(book.sheets).get(sheet_name, ""))
        if member is None:
            raise NotPlain(sheet_name)
        strings = _shared_strings(path, archive, book.strings_part)
        values = _CellValues(strings, _date_styles(archive, book.styles_part), book.date1904)
        # Each cell of the column, all of it past its reference captured first: b"" for a
        # cell written otherwise than _CELL reads.
        tail = _CELL.pattern[len(_CELL_REFERENCE) :]
        cells = re.compile(b'<c r="' + letters + b'[0-9]+"(' + tail + b")?")
        with archive.open(member) as stream:
            for part in _sheet_data(stream):
                found = cells.findall(part)
                if _UNREFERENCED_CELL.search(part) or any(not cell[0] for cell in found):
                    raise NotPlain(sheet_name)
                try:
                    yield from [
                        inline.decode()  # the common cell: text that needs nothing resolved
                        if kind == b"inlineStr" and inline.isalnum()
                        else _matched_value(values, style, kind, number, inline)
                        for _whole, style, kind, number, inline in found
                    ]
                except (ValueError, OverflowError, IndexError, UnicodeDecodeError, XlsxError):
                    raise NotPlain(sheet_name) from None


def _sheet_data(stream) -> Iterator[bytes]:
    """The rows of a sheet's XML in parts that each end with a whole row, up to
    </sheetData>; NotPlain for a sheet that `_QuickRows` leaves to expat from the start."""
    buffer, first_row = _up_to_the_first_row(stream)
    if first_row is None:
        raise NotPlain("no rows, or none written as _QuickRows reads them")
    buffer = buffer[first_row:]
    while True:
        chunk = stream.read(LOOK_BYTES)
        buffer += chunk
        end = buffer.find(b"</sheetData>")
        if end >= 0:
            yield buffer[:end]
            return
        cut = buffer.rfind(b"</row>") + len(b"</row>")
        if not chunk:
            yield buffer  # a broken sheet: the parser will say so
            return
        if cut >= len(b"</row>"):
            yield buffer[:cut]
            buffer = buffer[cut:]
        elif len(buffer) > limits.MAX_ROW_BYTES + LOOK_BYTES:
            raise Exceeded("row", len(buffer), limits.MAX_ROW_BYTES)


def _up_to_the_first_row(stream) -> tuple[bytes, int | None]:
    """The start of a sheet's XML read until its first row, and where that row starts; None
    for a sheet without rows, or one `_QuickRows` leaves to expat (a prefix, not UTF-8)."""
    buffer, found = b"", None
    while found is None:
        chunk = stream.read(CHUNK_BYTES)
        buffer += chunk
        found = _FIRST_ROW.search(buffer)
        if not chunk:
            break
    if found is None or found[1] or not _UTF8.match(buffer.lstrip(b"\xef\xbb\xbf")):
        return buffer, None
    return buffer, found.start()


def _column_letters(column: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def sheet_heights(path: str | os.PathLike) -> dict[str, int | None]:
    """Each sheet's last row as its `<dimension>` says, read from the start of its part
    only (for a progress bar: nothing is parsed); None where a sheet does not say."""
    heights: dict[str, int | None] = {}
    with _open(path) as archive:
        for name, part in _workbook(archive).sheets:
            member = _member(archive, part)
            head = b""
            if member is not None:
                with archive.open(member) as handle:
                    head = handle.read(4096)
            found = _DIMENSION.search(head)
            heights[name] = int(found.group(1)) if found else None
    return heights


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]+(\d+)\"")


# -- the sheet --------------------------------------------------------------------------------


def _rows(path, part: str, reader: str) -> Iterator[list]:
    with _open(path) as archive:
        book = _workbook(archive)
        strings = _shared_strings(path, archive, book.strings_part)
        values = _CellValues(strings, _date_styles(archive, book.styles_part), book.date1904)
        batch: list = []
        try:
            with archive.open(_member(archive, part)) as stream:
                read, last_row = [], 0
                if reader == "auto":
                    quick = _QuickRows(values)
                    yield from quick.rows(stream)
                    read, last_row = [quick.head, quick.rest], quick.last_row
                # Expat reads the rest (at least the end of the document), after the head.
                parser = _sheet_parser(batch, values, last_row)
                rest = iter(lambda: stream.read(CHUNK_BYTES), b"")
                for chunk in itertools.chain(read, rest):
                    parser.Parse(chunk, False)
                    yield from _drain(batch)
                parser.Parse(b"", True)
                yield from _drain(batch)
        except (expat.ExpatError, ValueError) as error:
            raise XlsxError(f"The sheet's XML is broken: {error}.") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise XlsxError(f"The file is damaged: {error}.") from None


def _drain(batch: list) -> Iterator[list]:
    # An int in the batch stands for that many rows absent from the XML.
    for item in batch:
        if type(item) is int:
            for _ in range(item):
                yield []
        else:
            yield item
    batch.clear()


def _sheet_parser(batch: list, values: "_CellValues", last_row: int = 0):
    """An expat parser that appends each finished row (or gap) of a worksheet to batch;
    `last_row`: the row read before, where the parser takes over from `_QuickRows`."""
    parser = _parser()
    emit = batch.append
    columns = _Columns()
    # Tag names with the file's prefix ("x:c"), learnt from the root element.
    ROW = C = V = T = IS = RPH = ""
    row: list = []
    column = -1
    kind = style = None
    text = None
    collecting = in_is = in_phonetic = False
    depth = row_start = 0

    def start(name, attrs):
        nonlocal row, last_row, column, kind, style, text, collecting, in_is, in_phonetic
        nonlocal depth, row_start
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)
        if name == C:
            _check_row_size()
            ref = attrs.get("r")
            column = columns[ref.rstrip(DIGITS)] if ref else column + 1
            kind = attrs.get("t")
            style = attrs.get("s")
            text = None
        elif name == V:
            collecting = True
        elif name == ROW:
            number = attrs.get("r")
            number = int(number) if number else last_row + 1
            if number > MAX_ROW:
                raise XlsxError(f"Row {number} is beyond Excel's last row.")
            if number > last_row + 1:
                emit(number - last_row - 1)
            if number > last_row:
                last_row = number
            row = []
            column = -1
            row_start = parser.CurrentByteIndex
        elif name == T:
            collecting = in_is and not in_phonetic
        elif name == IS:
            in_is = True
        elif name == RPH:
            in_phonetic = True
        elif not C:
            _learn_prefix(name)

    def end(name):
        nonlocal text, collecting, in_is, in_phonetic, depth
        depth -= 1
        if name == C:
            try:
                # As values.value(kind, style, text), one call fewer for every cell.
                value = None if text is None else values[kind, style](text)
            except (ValueError, OverflowError):
                raise XlsxError(
                    f"Cell {column + 1} of row {last_row}: bad value {text!r}."
                ) from None
            _place(row, column, value)
        elif name in (V, T):
            collecting = False
        elif name == ROW:
            while row and row[-1] is None:
                row.pop()
            emit(row)
        elif name == IS:
            in_is = False
        elif name == RPH:
            in_phonetic = False

    def characters(data):
        nonlocal text
        if collecting:
            text = data if text is None else text + data
            _check_row_size()

    def _check_row_size():
        # As `_QuickRows` does: no row's XML beyond the limit, however it is written.
        size = parser.CurrentByteIndex - row_start
        if size > limits.MAX_ROW_BYTES:
            raise Exceeded("row", size, limits.MAX_ROW_BYTES)

    def _learn_prefix(root):
        nonlocal ROW, C, V, T, IS, RPH
        prefix = root[: root.index(":") + 1] if ":" in root else ""
        ROW, C, V, T, IS, RPH = (prefix + tag for tag in ("row", "c", "v", "t", "is", "rPh"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    return parser


_FIRST_ROW = re.compile(rb"<([A-Za-z_][\w.-]*:)?row[\s>/]")
# A cell whose first attribute is not its reference (r="B7"), which `column_values` would
# not find. (A comment or CDATA can only add cells it finds, never hide one.)
_UNREFERENCED_CELL = re.compile(rb'<c(?! r="[A-Z]{1,3}[0-9])[\s/>]')
# A row's attributes: r (its number) and others that change nothing read, such as Excel's
# spans and x14ac:dyDescent.
_ROW_ATTRIBUTES = rb'(?: [A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?="[^"<>]*")*'
_ROW_TAG = re.compile(rb"<row(" + _ROW_ATTRIBUTES + rb")>")
_ROW_NUMBER = re.compile(rb' r="([0-9]+)"')
# The text of a <v> and of an inline string, as `_QuickRows` reads them: none of what expat
# would resolve or refuse (an entity in a <v>, markup, a character XML excludes, a CR).
_VALUE = rb"([^<&\r\x00-\x08\x0b\x0c\x0e-\x1f]*)"
_TEXT = rb"([^<\r\x00-\x08\x0b\x0c\x0e-\x1f]*)"
_CELL_REFERENCE = rb'<c r="([A-Z]{1,3})[0-9]+"'
_CELL = re.compile(
    _CELL_REFERENCE + rb'(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    rb"(?:/>|>(?:<v>" + _VALUE + rb"</v>"
    rb'|<is><t(?: xml:space="preserve")?>' + _TEXT + rb"</t></is>)?</c>)"
)
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_UTF8 = re.compile(rb'^<\?xml[^>]*encoding="(?i:utf-8)"|^<\?xml(?:(?!encoding)[^>])*\?>|^<w')


class _QuickRows:
    """Reads the ordinary rows at the start of a sheet, until the first it cannot read.

    A row it reads is a `<row>` with an r attribute and cells that each hold a number, a
    shared string index, an inline string or nothing, with the attributes r, s and t in
    that order, in UTF-8 and without a prefix. Anything else (a formula, rich text, another
    attribute, an entity beyond XML's five, a carriage return that XML would turn into a
    line feed...) ends its part: `head` (the document before the first row) and `rest` (the
    rest read so far, from that row on) are then for expat to carry on with.
    """

    def __init__(self, values: "_CellValues"):
        self.values = values
        self.columns = _Columns()
        self.shapes: dict[tuple, _Shape] = {}
        self.shape: _Shape | None = None  # that of the last row read cell by cell
        self.last_row = 0
        self.head = self.rest = b""

    def rows(self, stream) -> Iterator[list]:
        buffer, first_row = _up_to_the_first_row(stream)
        if first_row is None:
            self.rest = buffer  # expat reads it all
            return
        self.head, buffer, at = buffer[:first_row], buffer[first_row:], 0
        while True:
            row = self._row_like_the_last(buffer, at)
            if row is None:
                end = buffer.find(b"</row>", at)
                if end < 0:
                    if len(buffer) - at > limits.MAX_ROW_BYTES:
                        raise Exceeded("row", len(buffer) - at, limits.MAX_ROW_BYTES)
                    chunk = stream.read(CHUNK_BYTES)
                    if not chunk:
                        break
                    buffer, at = buffer[at:] + chunk, 0
                    continue
                row = self._row(buffer, at, end)
                if row is None:
                    break
            number, cells, at = row
            if number > self.last_row + 1:
                for _ in range(number - self.last_row - 1):
                    yield []
            self.last_row = max(self.last_row, number)
            yield cells
            while buffer[at : at + 1].isspace():
                at += 1
        self.rest = buffer[at:]

    def _row(self, buffer: bytes, at: int, end: int) -> tuple[int, list, int] | None:
        """(number, cells, where the next row starts) of the row from `at` to `end` (its
        </row>), read cell by cell; None if it is not an ordinary row."""
        tag = _ROW_TAG.match(buffer, at, end)
        if tag is None:
            return None
        number = _ROW_NUMBER.search(tag[1])
        if number is None or int(number[1]) > MAX_ROW:
            return None
        row = self._cells(buffer, tag.end(), end)
        if row is None:
            return None
        while row and row[-1] is None:
            row.pop()
        return int(number[1]), row, end + len(b"</row>")

    def _row_like_the_last(self, buffer: bytes, at: int) -> tuple[int, list, int] | None:
        """As `_row`, for a row whose tag starts with its number and whose cells are
        written as those of the last row read cell by cell (`_Shape`), matched whole;
        None for any other row, or one whose end is not in `buffer` yet."""
        shape = self.shape
        if shape is None:
            return None
        found = shape.pattern.match(buffer, at)
        if found is None or int(found[1]) > MAX_ROW:
            return None
        raws, converters = found.groups()[1:], shape.converters
        try:
            if not shape.texts:
                values = [
                    convert(raw.decode()) if raw else None
                    for convert, raw in zip(converters, raws, strict=True)
                ]
            elif b"&" not in (joined := b"".join(raws)) and b"]]>" not in joined:
                if shape.all_text and b"_x" not in joined:
                    values = [raw.decode() or None for raw in raws]  # the texts as they are
                else:
                    values = [
                        convert(raw.decode()) if raw else None
                        for convert, raw in zip(converters, raws, strict=True)
                    ]
            else:  # XML to resolve in an inline string, as expat would
                values = [
                    convert(_xml_text(raw.decode())) if raw else None
                    for convert, raw in zip(converters, raws, strict=True)
                ]
        except (ValueError, OverflowError, IndexError, UnicodeDecodeError, XlsxError):
            return None  # read cell by cell, to be handed to expat
        if not shape.dense:
            row = [None] * shape.width
            for column, value in zip(shape.columns, values, strict=True):
                row[column] = value
            values = row
        while values and values[-1] is None:
            values.pop()
        return int(found[1]), values, found.end()

    def _cells(self, buffer: bytes, start: int, end: int) -> list | None:
        """The row read cell by cell; None from the first cell it cannot read."""
        row: list = []
        cells = []
        columns, values, position = self.columns, self.values, start
        while position < end:
            cell = _CELL.match(buffer, position, end)
            if cell is None:
                return None
            position = cell.end()
            letters, style, kind, number_text, inline = cell.groups(b"")
            try:
                column = columns[letters.decode()]
                value = _matched_value(values, style, kind, number_text, inline)
            except (ValueError, OverflowError, IndexError, UnicodeDecodeError, XlsxError):
                return None  # expat reads the row again, and says what is wrong
            _place(row, column, value)
            cells.append((column, cell))
        self._learn_shape(cells)
        return row

    def _learn_shape(self, cells: list) -> None:
        key = tuple(_cell_form(cell) for _column, cell in cells)
        shape = self.shapes.get(key)
        if shape is None and len(self.shapes) < MAX_SHAPES:
            columns = [column for column, _cell in cells]
            if columns == sorted(set(columns)):  # no column written twice
                shape = self.shapes[key] = _Shape(key, columns, self.values)
        self.shape = shape


class _Shape:
    """How the cells of a row are written: for each, its column, style, type and form (an
    empty cell, a <v> or an inline string). Rows written alike (most rows of a sheet) are
    matched whole by one regular expression, and their values converted cell by cell
    without a match each; any other row is read cell by cell (`_QuickRows._cells`)."""

    def __init__(self, key: tuple, columns: list[int], values: "_CellValues"):
        # A row tag as _ROW_TAG reads it, its number first, then the cells, then its end.
        pattern, self.converters, self.columns = _SHAPED_ROW_TAG, [], []
        inline = False
        for (letters, style, kind, form), column in zip(key, columns, strict=True):
            pattern += b'<c r="' + letters + b'[0-9]+"'
            pattern += b' s="' + style + b'"' if style else b""
            pattern += b' t="' + kind + b'"' if kind else b""
            pattern += _FORMS[form]
            if form in _VALUED_FORMS:
                self.converters.append(values[kind, style])
                self.columns.append(column)
                inline = inline or form != b"v"
        self.pattern = re.compile(pattern + b"</row>")
        # Texts alone: a row without & or _x in it is its texts as they are.
        self.all_text = all(convert is _unescape for convert in self.converters)
        # Whether the row's values are looked at whole, for XML to resolve or escapes.
        self.texts = inline or self.all_text
        self.width = columns[-1] + 1 if columns else 0
        self.dense = self.columns == list(range(len(self.columns))) and self.width == len(
            self.columns
        )


_FORMS = {
    b"/>": b"/>",
    b"></c>": b"></c>",
    b"v": b"><v>" + _VALUE + b"</v></c>",
    b"is": b"><is><t>" + _TEXT + b"</t></is></c>",
    b"is preserve": b'><is><t xml:space="preserve">' + _TEXT + b"</t></is></c>",
}
_VALUED_FORMS = (b"v", b"is", b"is preserve")
_SHAPED_ROW_TAG = rb'<row r="([0-9]{1,7})"' + _ROW_ATTRIBUTES + rb">"
MAX_SHAPES = 64  # a sheet has a few; past these, rows of other shapes are read cell by cell


def _cell_form(cell: re.Match) -> tuple[bytes, bytes, bytes, bytes]:
    """(letters, style, type, form) of a cell matched by _CELL."""
    letters, style, kind, number, inline = cell.groups()
    if number is not None:
        form = b"v"
    elif inline is not None:
        form = b"is preserve" if b'<t xml:space="preserve">' in cell[0] else b"is"
    else:
        form = b"/>" if cell[0].endswith(b"/>") else b"></c>"
    return letters, style or b"", kind or b"", form


def _matched_value(values: "_CellValues", style: bytes, kind: bytes, number: bytes, inline: bytes):
    """A cell's value from the groups of its match by _CELL (b"" for an absent one)."""
    return values.value(kind, style, _xml_text(inline.decode()) if inline else number.decode())


def _xml_text(text: str) -> str:
    """Character data with XML's five entities and character references resolved; a
    ValueError for what expat would refuse (any other entity, a character XML excludes)."""
    if "]]>" in text:
        raise ValueError(text)
    if "&" not in text:
        return text
    if text.count("&") != len(_ENTITY.findall(text)):
        raise ValueError(text)
    return _ENTITY.sub(_entity, text)


def _entity(match: re.Match) -> str:
    name, decimal, hexadecimal = match.groups()
    if name:
        return _ENTITIES[name]
    code = int(decimal or hexadecimal, 10 if decimal else 16)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):  # fmt: skip
        raise ValueError(code)
    return chr(code)


def _place(row: list, column: int, value) -> None:
    """Put a cell's value at its column: after the last, past a gap of empty cells, or over
    an earlier cell of the same column, the last one written winning."""
    width = len(row)
    if column == width:
        row.append(value)
    elif column > width:
        row.extend([None] * (column - width))
        row.append(value)
    else:
        row[column] = value


class _Columns(dict):
    """Column letters -> 0-based index ("C" -> 2), worked out once per column."""

    def __missing__(self, letters: str) -> int:
        index = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                raise XlsxError(f"Bad cell reference in column {letters!r}.")
            index = index * 26 + ord(letter) - 64
        if not 1 <= index <= 16_384:
            raise XlsxError(f"Bad cell reference in column {letters!r}.")
        self[letters] = index - 1
        return index - 1


class _CellValues(dict):
    """How a cell's text becomes its value, the one rule both readers follow: (type, style)
    -> the function that turns the text of such a cell into its value. The key is as the
    reader has it, text or bytes (an absent attribute None or b""); each is worked out once.

    A number is an int when whole (calamine gives a float); an error None (calamine "")."""

    def __init__(self, strings: list, date_styles: frozenset, date1904: bool):
        super().__init__()
        self.date_styles = date_styles
        self.to_date = _date_converter(date1904)

        def shared_string(text: str) -> str:
            try:
                return strings[int(text)]
            except IndexError:
                raise ValueError(text) from None

        self.shared_string = shared_string

    def __missing__(self, key: tuple) -> Callable[[str], object]:
        kind, style = key
        if type(kind) is bytes or type(style) is bytes:  # the quick reader's: b"" is absent
            kind, style = kind.decode() or None, style.decode() or None
        if kind is None or kind == "n":
            convert = self.to_date if style in self.date_styles else _number
        elif kind == "s":
            convert = self.shared_string
        elif kind == "str" or kind == "inlineStr":
            convert = _unescape
        elif kind == "b":
            convert = _boolean
        elif kind == "d":
            convert = _iso_date
        else:
            convert = _nothing  # "e": #DIV/0!, #N/A...
        if len(self) < MAX_CELL_FORMS:
            self[key] = convert
        return convert

    def value(self, kind: str | None, style: str | None, text: str | None):
        """A cell's value from its type (t), style (s) and text; None for no text."""
        return self[kind, style](text) if text else None


MAX_CELL_FORMS = 1024  # (type, style) pairs remembered; a sheet has a few dozen


def _number(text: str) -> int | float:
    # "1E+20", "0.22": a float even when whole
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def _boolean(text: str) -> bool:
    return text in ("1", "true")


def _nothing(_text: str) -> None:
    return None


def _date_converter(date1904: bool):
    """Excel serial (as its text) -> date, or datetime when it has a time of day.

    1900 system: serial 1 is 1900-01-01 and Excel counts a 29/02/1900 that never was, so
    from serial 60 on the epoch moves one day back. 1904 system: serial 0 is 1904-01-01.
    A serial under 1 in the 1900 system is a time of day, as calamine gives it.
    """
    seen: dict = {}

    def convert(text: str):
        found = seen.get(text)
        if found is not None:
            return found
        serial = float(text)
        if not 0 <= serial < LAST_SERIAL:
            return int(text) if text.lstrip("-").isdigit() else serial
        days, ms = divmod(round(serial * DAY_MS), DAY_MS)
        if date1904:
            epoch = datetime.datetime(1904, 1, 1)
        elif days == 0:
            found = (datetime.datetime.min + datetime.timedelta(milliseconds=ms)).time()
        elif days < 60:
            epoch = datetime.datetime(1899, 12, 31)
        else:
            epoch = datetime.datetime(1899, 12, 30)
        if found is None:
            found = epoch + datetime.timedelta(days=days, milliseconds=ms)
            found = found if ms else found.date()
        if len(seen) >= 100_000:
            seen.clear()
        seen[text] = found
        return found

    return convert


def _iso_date(text: str):
    try:
        found = datetime.datetime.fromisoformat(text.rstrip("Z"))
    except ValueError:
        return text
    return found.date() if found.time() == datetime.time() else found


def _unescape(text: str) -> str:
    """Excel writes control characters as _xHHHH_ (and a literal "_x" as _x005F_x)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


# -- shared strings ---------------------------------------------------------------------------


class _Strings(list):
    """A list that can be weakly referenced, so that the sheets of one file read together
    (the intake reads every sheet's first rows before the rest) share one table."""


_loaded_strings: "weakref.WeakValueDictionary[tuple, _Strings]" = weakref.WeakValueDictionary()


def _shared_strings(path, archive: zipfile.ZipFile, part: str | None) -> list:
    member = _member(archive, part) if part else None
    if member is None:
        return []
    stat = Path(path).stat()
    key = (str(Path(path).resolve()), stat.st_mtime_ns, stat.st_size, member.filename)
    strings = _loaded_strings.get(key)
    if strings is None:
        strings = _Strings()
        _read_strings(archive, member, strings)
        _loaded_strings[key] = strings
    return strings


def _read_strings(archive: zipfile.ZipFile, member: zipfile.ZipInfo, strings: list) -> None:
    parser = _parser()
    add = strings.append
    parts: list[str] = []
    SI = T = RPH = ""
    collecting = in_phonetic = False
    depth = 0

    def start(name, attrs):
        nonlocal collecting, in_phonetic, SI, T, RPH, depth
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)
        if name == T:
            collecting = not in_phonetic
        elif name == SI:
            parts.clear()
        elif name == RPH:
            in_phonetic = True
        elif not SI:
            prefix = name[: name.index(":") + 1] if ":" in name else ""
            SI, T, RPH = prefix + "si", prefix + "t", prefix + "rPh"

    def end(name):
        nonlocal collecting, in_phonetic, depth
        depth -= 1
        if name == T:
            collecting = False
        elif name == SI:
            add(_unescape(parts[0] if len(parts) == 1 else "".join(parts)))
        elif name == RPH:
            in_phonetic = False

    def characters(data):
        if collecting:
            parts.append(data)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XlsxError(f"The shared strings are broken: {error}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise XlsxError(f"The file is damaged: {error}.") from None


# -- workbook, relationships, styles ----------------------------------------------------------


class _Book:
    def __init__(self, sheets, date1904, strings_part, styles_part):
        self.sheets: list[tuple[str, str]] = sheets  # (name, part), workbook order
        self.date1904: bool = date1904
        self.strings_part: str | None = strings_part
        self.styles_part: str | None = styles_part


def _open(path) -> zipfile.ZipFile:
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(OLE_MAGIC))
        if head == OLE_MAGIC:
            raise XlsxError("The file is password-protected, or an old .xls saved as .xlsx.")
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as error:
        raise XlsxError(f"The file is not an .xlsx workbook: {error}.") from None


def _workbook(archive: zipfile.ZipFile) -> _Book:
    main = "xl/workbook.xml"
    for relation in _relations(archive, "_rels/.rels", ""):
        if relation[0].endswith("/officeDocument"):
            main = relation[1]
    root = _xml(archive, main)
    if root is None:
        raise XlsxError("The file is a zip archive but not an .xlsx workbook.")
    targets: dict[str, str] = {}
    strings_part = styles_part = None
    folder = posixpath.dirname(main)
    rels = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    for kind, target, identifier in _relations(archive, rels, folder):
        targets[identifier] = target
        if kind.endswith("/sharedStrings"):
            strings_part = target
        elif kind.endswith("/styles"):
            styles_part = target
    sheets, date1904 = [], False
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "sheet":
            identifier = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
            sheets.append((element.get("name", ""), targets.get(identifier, "")))
        elif tag == "workbookPr":
            date1904 = element.get("date1904", "").lower() in ("1", "true")
    return _Book(
        sheets,
        date1904,
        strings_part or _existing(archive, folder, "sharedStrings.xml"),
        styles_part or _existing(archive, folder, "styles.xml"),
    )


def _relations(archive: zipfile.ZipFile, part: str, folder: str) -> list[tuple[str, str, str]]:
    """(type, target part, id) of each relationship, targets resolved inside the zip."""
    root = _xml(archive, part)
    if root is None:
        return []
    found = []
    for element in root.iter():
        if _local(element.tag) != "Relationship" or element.get("TargetMode") == "External":
            continue
        target = element.get("Target", "").replace("\\", "/")
        target = target[1:] if target.startswith("/") else posixpath.join(folder, target)
        found.append((element.get("Type", ""), posixpath.normpath(target), element.get("Id", "")))
    return found


def _date_styles(archive: zipfile.ZipFile, part: str | None) -> frozenset:
    """The cell style indexes (as the text of s="N") whose number format shows a date.

    styles.xml is streamed, not built as a tree: a file can pad it with millions of
    elements, and only the number formats and the cell formats matter here."""
    member = _member(archive, part) if part else None
    if member is None:
        return frozenset()
    custom: dict[str, str] = {}
    formats: list[list[str]] = []  # the numFmtId of each <xf> of each <cellXfs>
    depth, in_cell_formats = 0, 0  # the depth of the open <cellXfs>, 0 outside

    def start(name, attrs):
        nonlocal depth, in_cell_formats
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)
        local = name.rpartition(":")[2]
        if local == "numFmt":
            custom[attrs.get("numFmtId")] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            in_cell_formats = depth
            formats.append([])
        elif local == "xf" and in_cell_formats and depth == in_cell_formats + 1:
            formats[-1].append(attrs.get("numFmtId", "0"))
        else:
            return
        if len(custom) + sum(map(len, formats[-1:])) > limits.MAX_STYLE_FORMATS:
            raise Exceeded("formats", limits.MAX_STYLE_FORMATS + 1, limits.MAX_STYLE_FORMATS)

    def end(name):
        nonlocal depth, in_cell_formats
        if depth == in_cell_formats:
            in_cell_formats = 0
        depth -= 1

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK_BYTES):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise XlsxError(f"The part {part} is broken: {error}.") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise XlsxError(f"The file is damaged: {error}.") from None
    dated = set()
    for cell_formats in formats:
        for index, format_id in enumerate(cell_formats):
            if format_id in custom:
                is_date = is_date_format(custom[format_id])
            else:
                is_date = format_id.isdigit() and int(format_id) in DATE_FORMAT_IDS
            if is_date:
                dated.add(str(index))
    return frozenset(dated)


def is_date_format(code: str) -> bool:
    """Whether a number format shows a date: it has a day, month or year outside quoted
    text, [brackets] and escapes. A time alone ("h:mm", where m is minutes) is no date."""
    bare = _FORMAT_NOISE.sub("", code).lower()
    if "d" in bare or "y" in bare:
        return True
    return "m" in bare and "h" not in bare and "s" not in bare


def _xml(archive: zipfile.ZipFile, part: str):
    """The parsed root of a small part, or None when the file has no such part."""
    member = _member(archive, part)
    if member is None:
        return None
    if member.file_size > limits.MAX_PART_BYTES:
        raise Exceeded("member", member.file_size, limits.MAX_PART_BYTES, part)
    try:
        data = archive.read(member)
        if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
            raise XlsxError(f"The part {part} declares a DTD: refused.")
        _check_depth(data)
        return ElementTree.fromstring(data)
    except (
        ElementTree.ParseError,
        expat.ExpatError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
    ) as error:
        raise XlsxError(f"The part {part} is broken: {error}.") from None


def _check_depth(data: bytes) -> None:
    """Exceeded for a part nested deeper than any workbook's, before a tree is built of it."""
    depth = 0

    def start(_name, _attrs):
        nonlocal depth
        depth += 1
        if depth > limits.MAX_XML_DEPTH:
            raise Exceeded("depth", depth, limits.MAX_XML_DEPTH)

    def end(_name):
        nonlocal depth
        depth -= 1

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(data, True)


def _member(archive: zipfile.ZipFile, part: str) -> zipfile.ZipInfo | None:
    """The zip entry of a part; Excel reads part names without regard to case."""
    try:
        return archive.getinfo(part)
    except KeyError:
        wanted = part.lower()
        return next((i for i in archive.infolist() if i.filename.lower() == wanted), None)


def _existing(archive: zipfile.ZipFile, folder: str, name: str) -> str | None:
    part = posixpath.join(folder, name)
    return part if _member(archive, part) is not None else None


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _parser():
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.buffer_size = CHUNK_BYTES

    def refuse(*_args):
        # An .xlsx has no DTD; one here could only be an entity-expansion attack.
        raise XlsxError("The file declares a DTD: refused.")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser
