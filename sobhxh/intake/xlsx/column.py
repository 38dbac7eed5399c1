"""The column look: one column's values, found without reading the other cells.

Before an import merges a sheet it must know that the book numbers never go down; reading
the sheet again would cost as much as the import's own read. One regular expression finds
the cells of that column in the decompressed XML, and `cells.CellValues` gives their values
as the readers would.
"""

import os
import re
from collections.abc import Iterator

from .. import limits
from ..limits import Exceeded
from .archive import date_styles, member_of, open_zip, shared_strings, workbook
from .cells import CellValues, column_letters
from .errors import XlsxError
from .quick_reader import CELL, CELL_REFERENCE, matched_value, up_to_the_first_row

LOOK_BYTES = 4 * 1024 * 1024  # `column_values` reads far more per call than the readers
# A cell whose first attribute is not its reference (r="B7"), which `column_values` would
# not find. (A comment or CDATA can only add cells it finds, never hide one.)
_UNREFERENCED_CELL = re.compile(rb'<c(?! r="[A-Z]{1,3}[0-9])[\s/>]')


class NeedsFullRead(XlsxError):
    """A sheet `column_values` cannot vouch for: the full readers must read it."""


def column_values(path: str | os.PathLike, sheet_name: str, column: int) -> Iterator:
    """The values of one column's cells (0 is A) in the order of the sheet, as `iter_rows`
    gives them, found without reading the other cells: a look at a large sheet costs about a
    microsecond a row.

    Only a sheet whose every cell of the column is written in the form `QuickRows` reads
    can be looked at so: for any other (a cell's reference not first, a formula, rich text,
    a prefix...) this raises NeedsFullRead, at once or part way, rather than miss a cell. Comments
    and the like may make it find cells the readers do not see: never fewer.
    """
    letters = column_letters(column).encode()
    with open_zip(path) as archive:
        book = workbook(archive)
        member = member_of(archive, dict(book.sheets).get(sheet_name, ""))
        if member is None:
            raise NeedsFullRead(sheet_name)
        strings = shared_strings(path, archive, book.strings_part)
        values = CellValues(strings, date_styles(archive, book.styles_part), book.date1904)
        # Each cell of the column, all of it past its reference captured first: b"" for a
        # cell written otherwise than CELL reads.
        tail = CELL.pattern[len(CELL_REFERENCE) :]
        cells = re.compile(b'<c r="' + letters + b'[0-9]+"(' + tail + b")?")
        with archive.open(member) as stream:
            for part in _sheet_data(stream):
                found = cells.findall(part)
                if _UNREFERENCED_CELL.search(part) or any(not cell[0] for cell in found):
                    raise NeedsFullRead(sheet_name)
                try:
                    yield from [
                        inline.decode()  # the common cell: text that needs nothing resolved
                        if kind == b"inlineStr" and inline.isalnum()
                        else matched_value(values, style, kind, number, inline)
                        for _whole, style, kind, number, inline in found
                    ]
                except (ValueError, OverflowError, IndexError, UnicodeDecodeError, XlsxError):
                    raise NeedsFullRead(sheet_name) from None


def _sheet_data(stream) -> Iterator[bytes]:
    """The rows of a sheet's XML in parts that each end with a whole row, up to
    </sheetData>; NeedsFullRead for a sheet that `QuickRows` leaves to expat from the start."""
    buffer, first_row = up_to_the_first_row(stream)
    if first_row is None:
        raise NeedsFullRead("no rows, or none written as QuickRows reads them")
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
