"""Read an .xlsx sheet row by row, in memory that does not grow with the number of rows.

python-calamine loads a whole sheet before giving its first row (700 MB for a million rows).
Here the sheet's XML is decompressed and parsed in small chunks and each row is handed on
as soon as it is complete. Only the shared strings table (one entry per DISTINCT text) and
the styles are held for the whole read.

The ordinary row (plain cells of numbers, shared or inline strings, as XlsxWriter, Excel
and LibreOffice write them) is read by regular expressions, a row written like the one
before it by one match; from the first row that reader cannot read, expat reads the rest
of the sheet, so all give the same rows. `iter_rows(..., reader="expat")` reads a whole
sheet with expat, the slow twin the tests hold the quick reader to.

Values are those python-calamine gives, with three deliberate differences: a whole number
is an int (calamine gives a float), an empty or error cell is None (calamine gives ""), and
columns are placed by their letter even when column A is empty (calamine shifts them left).
Rows keep the Excel numbering: a row missing from the XML is given as [].

Nothing grows past `limits`: a part's nesting, a row's XML, a cell's text and the styles
are checked as they are read, and `limits.Exceeded` raised; `preflight` has checked the
sizes the zip declares before.

One idea a module:

    archive       the zip, the workbook and its relationships, styles, shared strings
    cells         a cell's value from its type, style and text (the one converter), its column
    quick_reader  the ordinary rows by regular expressions (`QuickRows`)
    expat_reader  any row, with expat, from where the quick reader stopped
    rows          `iter_rows`: one reader then the other, or expat alone
    column        `column_values`: one column's cells without the rest
"""

from .archive import CHUNK_BYTES, is_date_format, sheet_heights, sheet_names
from .column import NeedsFullRead, column_values
from .errors import XlsxError
from .rows import READERS, iter_rows

__all__ = [
    "CHUNK_BYTES",
    "READERS",
    "NeedsFullRead",
    "XlsxError",
    "column_values",
    "is_date_format",
    "iter_rows",
    "sheet_heights",
    "sheet_names",
]
