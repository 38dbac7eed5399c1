"""A sheet's rows: the quick reader's, then expat's from the first row it cannot read."""

import itertools
import os
import zipfile
import zlib
from collections.abc import Iterator
from xml.parsers import expat

from . import archive
from .archive import date_styles, member_of, open_zip, shared_strings, workbook
from .cells import CellValues
from .errors import XlsxError
from .expat_reader import drain, sheet_parser
from .quick_reader import QuickRows

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
    with open_zip(path) as zipped:
        book = workbook(zipped)
        part = dict(book.sheets).get(sheet_name)
        if part is None:
            raise KeyError(sheet_name)
        if member_of(zipped, part) is None:
            raise XlsxError(f"The sheet “{sheet_name}” has no part {part} in the file.")
    return _rows(path, part, reader)


def _rows(path, part: str, reader: str) -> Iterator[list]:
    with open_zip(path) as zipped:
        book = workbook(zipped)
        strings = shared_strings(path, zipped, book.strings_part)
        values = CellValues(strings, date_styles(zipped, book.styles_part), book.date1904)
        batch: list = []
        try:
            with zipped.open(member_of(zipped, part)) as stream:
                left, last_row = [], 0  # what the quick reader leaves to expat
                if reader == "auto":
                    quick = QuickRows(values)
                    yield from quick.rows(stream)
                    left, last_row = [quick.head, quick.rest], quick.last_row
                # Expat reads the rest (at least the end of the document), after the head.
                parser = sheet_parser(batch, values, last_row)
                rest = iter(lambda: stream.read(archive.CHUNK_BYTES), b"")
                for chunk in itertools.chain(left, rest):
                    parser.Parse(chunk, False)
                    yield from drain(batch)
                parser.Parse(b"", True)
                yield from drain(batch)
        except (expat.ExpatError, ValueError) as error:
            raise XlsxError(f"The sheet's XML is broken: {error}.") from None
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
            raise XlsxError(f"The file is damaged: {error}.") from None
