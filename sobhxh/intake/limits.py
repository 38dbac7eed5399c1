"""How large a file may grow once opened: the limits checked before anything is expanded.

A spreadsheet is a compressed container: a file of a few hundred bytes can declare
millions of repeated cells, a sheet's XML a thousand times its compressed size, or
thousands of sheets. Every file an office or an employer sends is measured against these
limits first (`preflight`), and what calamine opens is opened in a child process that
cannot take more than `MEMORY_BUDGET` (`isolated`). Each limit is far above what a real
file needs, and each keeps one process within `MEMORY_BUDGET` above its start
(`bench/bombs.py` measures it; docs/decisions.md has the figures).

This module holds numbers and the one exception that carries them; no Django.
"""

MEGABYTE = 1024 * 1024

MEMORY_BUDGET = 300 * MEGABYTE  # above a process's start, whatever the file
CPU_SECONDS = 300  # of a child process opening one sheet with calamine

# Zip containers (.xlsx, .ods)
MAX_MEMBERS = 10_000  # files inside the zip; a 200-sheet workbook has about 450
MAX_RATIO = 100  # uncompressed / compressed size of a member above RATIO_FLOOR
RATIO_FLOOR = 1 * MEGABYTE  # smaller members may compress as they like
MAX_SHEET_BYTES = 1024 * MEGABYTE  # a sheet's XML: a million rows of 20 cells is ~300 MB
MAX_TOTAL_BYTES = 2048 * MEGABYTE  # every member together
MAX_PART_BYTES = 4 * MEGABYTE  # workbook.xml, relationships, manifest: a few kB in practice
MAX_STYLES_BYTES = 16 * MEGABYTE  # styles.xml is streamed; Excel's own rarely reach 2 MB
MAX_SHARED_STRINGS_BYTES = 48 * MEGABYTE  # held in memory: up to ~4 bytes a byte of XML

MAX_SHEETS = 200
MAX_XML_DEPTH = 64  # a worksheet nests 6 deep; expat keeps every open element
MAX_ROW_BYTES = 4 * MEGABYTE  # one row's XML; 20 columns of text take a few hundred bytes
MAX_STYLE_FORMATS = 100_000  # number formats and cell formats in styles.xml (Excel: 64,000)

# What calamine holds of a sheet: every cell of the rectangle from A1 to the last used cell.
MAX_CELLS = 1_500_000  # ~150 bytes a cell in calamine (.ods); 75,000 rows of 20 columns

# CSV
MAX_LINE_CHARS = 1 * MEGABYTE  # one line; csv's own field limit is 128 kB


class Exceeded(Exception):
    """A file that would pass a limit if it were opened: what (a key of
    `reading.EXCEEDED`), the size it declares or reaches, and the limit."""

    def __init__(self, what: str, found: int, limit: int, where: str = ""):
        self.what, self.found, self.limit, self.where = what, found, limit, where
        super().__init__(f"{what}: {found:,} > {limit:,} {where}".rstrip())
