"""The numbers on a book's cover: the social insurance number (mã số BHXH), which is also
the book's number, and the worker's identity number. Every place that checks or reads one
asks this module (DESIGN.md invariant 5, IMPORT-FORMAT.md).

A book number is exactly 10 ASCII digits, kept as text so that leading zeros survive. It
arrives three ways, each with its own function:

- `is_book_number(text)`: already a number as stored (a URL, a cursor, a model field, the
  importer's common cell). Nothing is added or removed.
- `parse_book_number(cell)`: a spreadsheet or CSV cell. A numeric cell lost its leading
  zeros and is padded back (123456789.0 -> "0123456789"); a text must have 10 digits once
  its spaces are removed. Anything else raises `NotANumber`.
- `searched_book_number(text)`: what a person typed in a search box: 1 to 10 digits,
  spaces allowed, padded with leading zeros as spreadsheets drop them; None when the text
  is no number (a name, then).

An identity number (CMND 9 digits, CCCD 12) is read from a cell the same way.
"""

from django.utils.translation import gettext_lazy as _

BOOK_NUMBER_LENGTH = 10
BOOK_NUMBER_PATTERN = r"^[0-9]{10}\Z"
BOOK_NUMBER_MESSAGE = _("A social insurance number is exactly 10 digits, e.g. 0123456789.")
IDENTITY_LENGTHS = (9, 12)
IDENTITY_PATTERN = r"^([0-9]{9}|[0-9]{12})\Z"
IDENTITY_MESSAGE = _("An identity number has 9 digits (CMND) or 12 digits (CCCD).")


class NotANumber(ValueError):
    """A value that is no book (or identity) number. `message` is translatable."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def is_book_number(text) -> bool:
    """Whether `text` is a book number as stored: a str of exactly 10 ASCII digits.

    The importer asks this of every row: keep it one expression (`isdigit` alone would
    take "١٢٣٤٥٦٧٨٩٠", Arabic-Indic digits, and "²", a superscript two)."""
    return type(text) is str and len(text) == 10 and text.isdigit() and text.isascii()


def parse_book_number(cell) -> str:
    """The book number in a cell as a spreadsheet or CSV file gives it (str, int, float,
    bool, date, None...), or `NotANumber`."""
    if is_book_number(cell):
        return cell
    return _digits(cell, (BOOK_NUMBER_LENGTH,), BOOK_NUMBER_MESSAGE)


def parse_identity_number(cell) -> str:
    """The identity number in a (non-blank) cell, 9 or 12 digits, or `NotANumber`."""
    return _digits(cell, IDENTITY_LENGTHS, IDENTITY_MESSAGE)


def searched_book_number(text: str) -> str | None:
    """The book number a search box holds, if it holds one: digits only (spaces allowed),
    at most 10, leading zeros restored as spreadsheets drop them."""
    digits = "".join(text.split())
    if digits.isascii() and digits.isdigit() and len(digits) <= BOOK_NUMBER_LENGTH:
        return digits.zfill(BOOK_NUMBER_LENGTH)
    return None


def whole_number(cell) -> int | None:
    """The integer in a numeric cell (int, or a float without a fraction), or None when
    the cell is not numeric. True and False are not numbers."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return None


def _digits(cell, lengths: tuple[int, ...], message) -> str:
    number = whole_number(cell)
    if number is not None:
        # A numeric cell lost its leading zeros: pad to the nearest length that fits.
        digits = str(number)
        length = next((n for n in lengths if len(digits) <= n), None)
        if number < 0 or length is None:
            raise NotANumber(message)
        return digits.zfill(length)
    if not isinstance(cell, str):
        raise NotANumber(message)
    digits = "".join(cell.split())
    if not digits.isascii() or not digits.isdigit() or len(digits) not in lengths:
        raise NotANumber(message)
    return digits
