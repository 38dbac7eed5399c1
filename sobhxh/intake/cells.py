"""One parser per field of IMPORT-FORMAT.md. Each takes a cell as a spreadsheet or a CSV
file gives it (text, int, float, bool, date, datetime or None) and returns the value, or
raises CellError with the reason. Nothing else escapes: a bad cell is a row error."""

import re
import time
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.books.numbers import (
    NotANumber,
    parse_book_number,
    parse_identity_number,
    whole_number,
)
from sobhxh.books.text import fold
from sobhxh.formulas import restore_formula

from .errors import CellError

EXCEL_EPOCH = date(1899, 12, 30)
FIRST_YEAR = 1900
FUNDS = {
    "bhxh": "BHXH",
    "bhtn": "BHTN",
    "bhtnld-bnn": "BHTNLD-BNN",
    "bhtnldbnn": "BHTNLD-BNN",
    "bhtnld": "BHTNLD-BNN",
}
SEXES = {"nam": "male", "m": "male", "male": "male", "1": "male",
         "nu": "female", "f": "female", "female": "female", "0": "female"}  # fmt: skip

_DAY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_MONTH = re.compile(r"(\d{1,2})[/.-](\d{4})")
_YEAR = re.compile(r"\d{4}")
_COMPACT_MONTH = re.compile(r"(\d{4})(\d{2})")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")


def remembered(parse):
    """The parser, answering again from memory for a text it has already accepted.

    A list repeats the same few hundred months, rates, funds and dates on millions of
    rows. Only accepted values are kept (a refusal is worked out again, to say why), and
    nothing accepted today is refused later: "not in the future" only grows more true.
    """
    known: dict = {}

    def parse_remembered(value):
        if type(value) is not str:
            return parse(value)
        found = known.get(value)
        if found is None:
            found = parse(value)
            if len(known) >= 50_000:
                known.clear()
            known[value] = found
        return found

    parse_remembered.__name__ = parse.__name__
    parse_remembered.__doc__ = parse.__doc__
    return parse_remembered


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """A cell as text, NFC with single spaces; without the `'` that an export put before a
    text a spreadsheet would take for a formula (`sobhxh.formulas`)."""
    if value is None:
        return ""
    if type(value) is not str:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        value = str(value)
    elif value[:1] == "'":
        value = restore_formula(value)
    if not value.isascii() and not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    return " ".join(value.split())


def book_number(value) -> str:
    """The book number in a cell (`numbers.parse_book_number`), or a row error."""
    try:
        return parse_book_number(value)
    except NotANumber as error:
        raise CellError(error.message) from None


def identity_number(value) -> str:
    if is_blank(value):
        return ""
    try:
        return parse_identity_number(value)
    except NotANumber as error:
        raise CellError(error.message) from None


def required_text(value) -> str:
    result = text(value)
    if not result:
        raise CellError(_("This value is required."))
    return result


@remembered
def sex(value) -> str:
    number = whole_number(value)
    key = str(number) if number is not None else fold(text(value))
    if key not in SEXES:
        raise CellError(_("Sex is Nam or Nữ (also M/F, Male/Female, 1/0)."))
    return SEXES[key]


@remembered
def day_with_precision(value) -> tuple[date, str]:
    """(date, "day" | "month" | "year"): a year stays a year, never 01/01 of that year."""
    if type(value) is str and len(value) == 10 and value[2] == value[5] == "/":
        # The common dd/mm/yyyy, without the regular expressions below.
        day_part, month_part, year_part = value[:2], value[3:5], value[6:]
        if (day_part + month_part + year_part).isdigit() and value.isascii():
            found = _real_day(int(year_part), int(month_part), int(day_part))
            return _checked(found), "day"
    found = _date_cell(value)
    if found is not None:
        return _checked(found), "day"
    raw = text(value)
    if match := _DAY.fullmatch(raw):
        day, month, year = (int(part) for part in match.groups())
        return _checked(_real_day(year, month, day)), "day"
    if match := _ISO_DAY.fullmatch(raw):
        year, month, day = (int(part) for part in match.groups())
        return _checked(_real_day(year, month, day)), "day"
    if match := _MONTH.fullmatch(raw):
        month, year = (int(part) for part in match.groups())
        return _checked(_real_day(year, month, 1)), "month"
    if _YEAR.fullmatch(raw):
        return _checked(_real_day(int(raw), 1, 1)), "year"
    raise CellError(_("A date is written dd/mm/yyyy, mm/yyyy or yyyy."))


def day(value) -> date:
    """A date to the day (issue date, handover date)."""
    found, precision = day_with_precision(value)
    if precision != "day":
        raise CellError(_("This date needs the day: dd/mm/yyyy."))
    return found


def optional_day(value) -> date | None:
    return None if is_blank(value) else day(value)


@remembered
def month(value) -> date:
    """The first day of a month given as mm/yyyy, m/yyyy, mm-yyyy, yyyymm or an Excel date."""
    if type(value) is str and len(value) == 7 and value[2] == "/" and value.isascii():
        # The common mm/yyyy, without the regular expressions below.
        month_part, year_part = value[:2], value[3:]
        if month_part.isdigit() and year_part.isdigit():
            return _in_range(_real_day(int(year_part), int(month_part), 1))
    found = _date_cell(value)
    if found is None:
        raw = text(value)
        if match := _MONTH.fullmatch(raw):
            month_number, year = (int(part) for part in match.groups())
        elif match := _COMPACT_MONTH.fullmatch(raw):
            year, month_number = (int(part) for part in match.groups())
        else:
            raise CellError(_("A month is written mm/yyyy (also m/yyyy, mm-yyyy, yyyymm)."))
        found = _real_day(year, month_number, 1)
    return _in_range(found.replace(day=1))


def _in_range(found: date) -> date:
    if found.year < FIRST_YEAR or found > _local_today().replace(day=1):
        raise CellError(_("The month is before 1900 or after the current month."))
    return found


def wage(value) -> int:
    if type(value) is str and value.isdigit() and value.isascii():
        return int(value)
    number = whole_number(value)
    if number is None:
        raw = "".join(text(value).split())
        if raw.isascii() and raw.isdigit():
            number = int(raw)
        elif raw.isascii() and _GROUPED.fullmatch(raw):
            number = int(raw.replace(".", "").replace(",", ""))
    if number is None or number < 0:
        raise CellError(_("A wage is a whole number of đồng, 0 or more (e.g. 4.500.000)."))
    return number


@remembered
def rate(value) -> Decimal | None:
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = Decimal(str(value))
        if number.is_finite() and 0 < number <= 1 and isinstance(value, float):
            number *= 100  # 0.22 in a percentage-formatted cell is 22 %
    else:
        raw = text(value).replace("%", "").replace(",", ".").strip()
        try:
            number = Decimal(raw)
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite() or not 0 <= number <= 100:
        raise CellError(_("A rate is a percentage from 0 to 100 (e.g. 22 or 22%)."))
    return number.quantize(Decimal("0.01"))


@remembered
def fund(value) -> str:
    if is_blank(value):
        return "BHXH"
    key = fold(text(value)).replace(" ", "")
    if key not in FUNDS:
        raise CellError(_("The fund is BHXH, BHTN or BHTNLĐ-BNN."))
    return FUNDS[key]


def _date_cell(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    number = whole_number(value)
    if number is not None and 1 <= number <= 2_958_465:  # an Excel serial day number
        if 1900 <= number <= 9999:
            return None  # a year written as a number, not a serial
        return EXCEL_EPOCH + timedelta(days=number)
    return None


def _local_today() -> date:
    """Today in Hà Nội, read from the clock at most once a second: a parser runs millions
    of times an import, and asking Django for the local date costs more than the parse."""
    second = int(time.time())
    if _today_cache[0] != second:
        _today_cache[:] = [second, timezone.localdate()]
    return _today_cache[1]


_today_cache: list = [None, None]


def _real_day(year: int, month_number: int, day_number: int) -> date:
    try:
        return date(year, month_number, day_number)
    except ValueError:
        raise CellError(_("This date does not exist in the calendar.")) from None


def _checked(found: date) -> date:
    if found.year < FIRST_YEAR:
        raise CellError(_("The date is before 1900."))
    if found > _local_today():
        raise CellError(_("The date is in the future."))
    return found
