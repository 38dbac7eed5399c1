"""How values read wherever people read them: the pages, the printed documents and the
exported files. DESIGN.md ("Language"), DOMAIN.md and IMPORT-FORMAT.md set the rules:

- a day is dd/mm/yyyy, a month mm/yyyy;
- a date of birth is shown at the precision it is known (dd/mm/yyyy, mm/yyyy or yyyy): a
  year stays a year, never 01/01 of that year;
- a whole number has dot thousands separators ("12.345"); so has money, in whole đồng
  ("4.500.000"), to which a page adds the sign;
- a rate is a percentage without trailing zeros, with the Vietnamese decimal comma
  ("8", "10,5"); a page adds the per cent sign. An exported file writes it with a decimal
  point ("10.5"), as the importer reads it back unchanged.

A value that is not known reads as "" (a page shows its own "—" instead).
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import pgettext_lazy

# The statements, lists and minutes are official papers signed by the office, the
# employer and the worker: they are printed in Vietnamese whatever the interface language.
DOCUMENT_LANGUAGE = "vi"


def day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def month(value: date | None) -> str:
    return f"{value:%m/%Y}" if value else ""


def birth_date(value: date | None, precision: str) -> str:
    """A date of birth as far as it is known: "07/03/1975", "03/1975" or "1975"."""
    if value is None:
        return ""
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%m/%Y}"
    return f"{value:%d/%m/%Y}"


def long_date(value: date) -> str:
    """ "ngày 05 tháng 06 năm 2017", as the place-and-date line of a document reads."""
    return str(pgettext_lazy("document", "day %(day)s month %(month)s year %(year)s")) % {
        "day": f"{value:%d}",
        "month": f"{value:%m}",
        "year": f"{value:%Y}",
    }


def number(count: int | None) -> str:
    """12345 -> "12.345": a whole number with dot thousands separators."""
    return "" if count is None else f"{count:,}".replace(",", ".")


def money(amount: int | None) -> str:
    """4500000 -> "4.500.000": whole đồng."""
    return number(amount)


def money_in_dong(amount: int | None) -> str:
    """4500000 -> "4.500.000 đ" (a no-break space before the sign), as a page shows it."""
    return "" if amount is None else f"{money(amount)}\u00a0đ"


def rate(value: Decimal | None) -> str:
    """8.00 -> "8", 10.50 -> "10,5": a percentage as Vietnamese writes it."""
    return "" if value is None else _plain_decimal(value).replace(".", ",")


def percent(value: Decimal | None) -> str:
    """10.50 -> "10,5%", as a page shows a rate."""
    return "" if value is None else f"{rate(value)}%"


def rate_in_file(value: Decimal | None) -> str:
    """10.50 -> "10.5": a rate in an exported file, read back by the importer unchanged."""
    return "" if value is None else _plain_decimal(value)


def place_name(province_name: str) -> str:
    """The place of a document: "Thành phố Hồ Chí Minh" -> "TP. Hồ Chí Minh",
    "Tỉnh Hà Giang" -> "Hà Giang"."""
    for prefix, short in (("Thành phố ", "TP. "), ("Tỉnh ", "")):
        if province_name.startswith(prefix):
            return short + province_name[len(prefix) :]
    return province_name


def _plain_decimal(value: Decimal) -> str:
    """The decimal without an exponent or trailing zeros: 8.00 -> "8", 100 -> "100"."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
