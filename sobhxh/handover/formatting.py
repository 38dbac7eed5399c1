"""How values read on the printed documents: dates dd/mm/yyyy (a birth date at the
precision it is known), months mm/yyyy, money in đồng with dot thousands separators."""

from datetime import date
from decimal import Decimal

from django.utils.translation import pgettext_lazy

# The statements, lists and minutes are official papers signed by the office, the
# employer and the worker: they are printed in Vietnamese whatever the interface language.
DOCUMENT_LANGUAGE = "vi"


def birth_date(value: date, precision: str) -> str:
    if precision == "year":
        return f"{value:%Y}"
    if precision == "month":
        return f"{value:%m/%Y}"
    return f"{value:%d/%m/%Y}"


def day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def month(value: date) -> str:
    return f"{value:%m/%Y}"


def money(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}".replace(",", ".")


def rate(value: Decimal | None) -> str:
    """8.00 -> "8", 10.50 -> "10,5": a percentage as Vietnamese writes it."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def long_date(value: date) -> str:
    """ "ngày 05 tháng 06 năm 2017", as the place-and-date line of a document reads."""
    return str(pgettext_lazy("document", "day %(day)s month %(month)s year %(year)s")) % {
        "day": f"{value:%d}",
        "month": f"{value:%m}",
        "year": f"{value:%Y}",
    }


def place_name(province_name: str) -> str:
    """The place of a document: "Thành phố Hồ Chí Minh" -> "TP. Hồ Chí Minh",
    "Tỉnh Hà Giang" -> "Hà Giang"."""
    for prefix, short in (("Thành phố ", "TP. "), ("Tỉnh ", "")):
        if province_name.startswith(prefix):
            return short + province_name[len(prefix) :]
    return province_name
