"""The quick reader: the ordinary rows of a sheet by regular expressions, without expat.

The ordinary row (plain cells of numbers, shared or inline strings, as XlsxWriter, Excel
and LibreOffice write them) is read by a regular expression a cell, about three times as
fast as expat's callbacks, and a row written like the one before it (most rows) by one
match of the whole row (`_Shape`), faster again. From the first row it cannot read, expat
reads the rest of the sheet (`expat_reader`), so both give the same rows. A cell's value
is `cells.CellValues`', from the text matched, resolved as XML would be first.
"""

import re
from collections.abc import Iterator

from .. import limits
from ..limits import Exceeded
from . import archive
from .cells import MAX_ROW, CellValues, Columns, place, unescape
from .errors import XlsxError

_FIRST_ROW = re.compile(rb"<([A-Za-z_][\w.-]*:)?row[\s>/]")
# A row's attributes: r (its number) and others that change nothing read, such as Excel's
# spans and x14ac:dyDescent.
_ROW_ATTRIBUTES = rb'(?: [A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?="[^"<>]*")*'
_ROW_TAG = re.compile(rb"<row(" + _ROW_ATTRIBUTES + rb")>")
_ROW_NUMBER = re.compile(rb' r="([0-9]+)"')
# The text of a <v> and of an inline string, as `QuickRows` reads them: none of what expat
# would resolve or refuse (an entity in a <v>, markup, a character XML excludes, a CR).
_VALUE = rb"([^<&\r\x00-\x08\x0b\x0c\x0e-\x1f]*)"
_TEXT = rb"([^<\r\x00-\x08\x0b\x0c\x0e-\x1f]*)"
CELL_REFERENCE = rb'<c r="([A-Z]{1,3})[0-9]+"'
CELL = re.compile(
    CELL_REFERENCE + rb'(?: s="([0-9]+)")?(?: t="([a-zA-Z]+)")?'
    rb"(?:/>|>(?:<v>" + _VALUE + rb"</v>"
    rb'|<is><t(?: xml:space="preserve")?>' + _TEXT + rb"</t></is>)?</c>)"
)
_ENTITY = re.compile(r"&(?:(lt|gt|amp|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
_UTF8 = re.compile(rb'^<\?xml[^>]*encoding="(?i:utf-8)"|^<\?xml(?:(?!encoding)[^>])*\?>|^<w')


def up_to_the_first_row(stream) -> tuple[bytes, int | None]:
    """The start of a sheet's XML read until its first row, and where that row starts; None
    for a sheet without rows, or one `QuickRows` leaves to expat (a prefix, not UTF-8)."""
    buffer, found = b"", None
    while found is None:
        chunk = stream.read(archive.CHUNK_BYTES)
        buffer += chunk
        found = _FIRST_ROW.search(buffer)
        if not chunk:
            break
    if found is None or found[1] or not _UTF8.match(buffer.lstrip(b"\xef\xbb\xbf")):
        return buffer, None
    return buffer, found.start()


class QuickRows:
    """Reads the ordinary rows at the start of a sheet, until the first it cannot read.

    A row it reads is a `<row>` with an r attribute and cells that each hold a number, a
    shared string index, an inline string or nothing, with the attributes r, s and t in
    that order, in UTF-8 and without a prefix. Anything else (a formula, rich text, another
    attribute, an entity beyond XML's five, a carriage return that XML would turn into a
    line feed...) ends its part: `head` (the document before the first row) and `rest` (the
    rest read so far, from that row on) are then for expat to carry on with.
    """

    def __init__(self, values: CellValues):
        self.values = values
        self.columns = Columns()
        self.shapes: dict[tuple, _Shape] = {}
        self.shape: _Shape | None = None  # that of the last row read cell by cell
        self.last_row = 0
        self.head = self.rest = b""
        self.read_cell_by_cell = 0  # rows; the others were matched whole, by their shape

    def rows(self, stream) -> Iterator[list]:
        buffer, first_row = up_to_the_first_row(stream)
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
                    chunk = stream.read(archive.CHUNK_BYTES)
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
        self.read_cell_by_cell += 1
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
            cell = CELL.match(buffer, position, end)
            if cell is None:
                return None
            position = cell.end()
            letters, style, kind, number_text, inline = cell.groups(b"")
            try:
                column = columns[letters.decode()]
                value = matched_value(values, style, kind, number_text, inline)
            except (ValueError, OverflowError, IndexError, UnicodeDecodeError, XlsxError):
                return None  # expat reads the row again, and says what is wrong
            place(row, column, value)
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
    without a match each; any other row is read cell by cell (`QuickRows._cells`)."""

    def __init__(self, key: tuple, columns: list[int], values: CellValues):
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
        self.all_text = all(convert is unescape for convert in self.converters)
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
    """(letters, style, type, form) of a cell matched by CELL."""
    letters, style, kind, number, inline = cell.groups()
    if number is not None:
        form = b"v"
    elif inline is not None:
        form = b"is preserve" if b'<t xml:space="preserve">' in cell[0] else b"is"
    else:
        form = b"/>" if cell[0].endswith(b"/>") else b"></c>"
    return letters, style or b"", kind or b"", form


def matched_value(values: CellValues, style: bytes, kind: bytes, number: bytes, inline: bytes):
    """A cell's value from the groups of its match by CELL (b"" for an absent one)."""
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
    if not (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ):
        raise ValueError(code)
    return chr(code)
