"""The expat reader: any sheet, every element parsed, in chunks.

It reads what the quick reader does not (a formula, rich text, a prefix, an entity, another
encoding...), from the row where the quick reader stopped, primed with the document's head;
or the whole sheet, with `iter_rows(..., reader="expat")`. It counts the nesting of every
element and the bytes of every row (`limits`) as it goes. A cell's value is
`cells.CellValues`', from the text expat gives.
"""

from collections.abc import Iterator

from .. import limits
from ..limits import Exceeded
from .archive import expat_parser
from .cells import MAX_ROW, CellValues, Columns, place
from .errors import XlsxError

DIGITS = "0123456789"


def drain(batch: list) -> Iterator[list]:
    # An int in the batch stands for that many rows absent from the XML.
    for item in batch:
        if type(item) is int:
            for _ in range(item):
                yield []
        else:
            yield item
    batch.clear()


def sheet_parser(batch: list, values: CellValues, last_row: int = 0):
    """An expat parser that appends each finished row (or gap) of a worksheet to batch;
    `last_row`: the row read before, where the parser takes over from `QuickRows`."""
    parser = expat_parser()
    emit = batch.append
    columns = Columns()
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
            place(row, column, value)
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
        # As `QuickRows` does: no row's XML beyond the limit, however it is written.
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
