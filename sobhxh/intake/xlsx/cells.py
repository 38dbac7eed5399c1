"""A cell: how its text becomes its value, and where the value goes in its row.

`CellValues` is the one definition of a cell's value from its type (t), style (s) and
text, for both readers and the column look: expat gives it the text it parsed, the quick
reader the text its regular expressions matched, resolved as XML would be first. The
values are python-calamine's, but that a whole number is an int (calamine gives a float)
and an error None (calamine gives "").
"""

import datetime
import re
from collections.abc import Callable

from .errors import XlsxError

LAST_SERIAL = 2_958_466  # 10000-01-01: beyond it a "date" is only a number
DAY_MS = 86_400_000
MAX_CELL_FORMS = 1024  # (type, style) pairs remembered; a sheet has a few dozen
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384

_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class CellValues(dict):
    """(type, style) -> the function that turns the text of such a cell into its value,
    worked out once for each pair. The key is as the reader has it: text, or bytes from
    the quick reader, an absent attribute None or b"".

    `value(kind, style, text)` is a cell's value; a reader that converts many cells alike
    (the quick reader's rows of one shape) keeps the functions `values[kind, style]`."""

    def __init__(self, strings: list, date_styles: frozenset, date1904: bool):
        super().__init__()
        self.date_styles = date_styles
        self.to_date = _date_converter(date1904)

        def shared_string(text: str) -> str:
            index = int(text)
            if not 0 <= index < len(strings):  # -1 would be the last one to Python
                raise ValueError(text)
            return strings[index]

        self.shared_string = shared_string

    def value(self, kind: str | None, style: str | None, text: str | None):
        """A cell's value from its type (t), style (s) and text; None for no text."""
        return self[kind, style](text) if text else None

    def __missing__(self, key: tuple) -> Callable[[str], object]:
        kind, style = key
        if type(kind) is bytes:  # the quick reader's, where b"" is an absent attribute
            kind, style = kind.decode() or None, style.decode() or None
        if kind is None or kind == "n":
            convert = self.to_date if style in self.date_styles else _number
        elif kind == "s":
            convert = self.shared_string
        elif kind == "str" or kind == "inlineStr":
            convert = unescape
        elif kind == "b":
            convert = _boolean
        elif kind == "d":
            convert = _iso_date
        else:
            convert = _nothing  # "e": #DIV/0!, #N/A...
        if len(self) < MAX_CELL_FORMS:
            self[key] = convert
        return convert


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


def unescape(text: str) -> str:
    """Excel writes control characters as _xHHHH_ (and a literal "_x" as _x005F_x)."""
    if "_x" not in text:
        return text
    return _ESCAPE.sub(lambda match: chr(int(match[1], 16)), text)


# -- the cell's place ---------------------------------------------------------------------------


class Columns(dict):
    """Column letters -> 0-based index ("C" -> 2), worked out once per column."""

    def __missing__(self, letters: str) -> int:
        index = 0
        for letter in letters.upper():
            if not "A" <= letter <= "Z":
                raise XlsxError(f"Bad cell reference in column {letters!r}.")
            index = index * 26 + ord(letter) - 64
        if not 1 <= index <= MAX_COLUMN:
            raise XlsxError(f"Bad cell reference in column {letters!r}.")
        self[letters] = index - 1
        return index - 1


def column_letters(column: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA"."""
    letters = ""
    column += 1
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def place(row: list, column: int, value) -> None:
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
