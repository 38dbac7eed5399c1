"""Keyset pages for every list of the API: ordered by a unique key, the next page starting
after the last row shown, never an OFFSET and never a COUNT over millions of books.

The cursor is opaque to clients: the last row's key values, as JSON in URL-safe base64.
A cursor that does not decode to values of the list's key is refused with one message.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

DEFAULT_SIZE = 50
MAX_SIZE = 200

BAD_CURSOR = _("This cursor is not one this list gave: start again from the first page.")


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class Page:
    items: list
    next: str | None


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def encode(values: list) -> str:
    raw = json.dumps([_plain(value) for value in values], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str, queryset: QuerySet, order: tuple[str, ...]) -> list:
    """The key values a cursor holds, each checked by its model field; BadCursor if not."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError):
        raise BadCursor from None
    if not isinstance(values, list) or len(values) != len(order):
        raise BadCursor
    model = queryset.model
    checked = []
    for name, value in zip(order, values, strict=True):
        if not isinstance(value, str | int) or isinstance(value, bool):
            raise BadCursor
        try:
            checked.append(model._meta.get_field(name.lstrip("-")).to_python(value))
        except (ValidationError, TypeError, ValueError):
            raise BadCursor from None
    return checked


def _after(order: tuple[str, ...], values: list) -> Q:
    """Rows after `values` in `order`: (a > x) or (a = x and b > y) …, with `a >= x` first
    so that an index on the order is entered at its bound."""
    first, *_rest = order
    bound = "lte" if first.startswith("-") else "gte"
    either = Q()
    equal = Q()
    for field, value in zip(order, values, strict=True):
        name = field.lstrip("-")
        beyond = "lt" if field.startswith("-") else "gt"
        either |= equal & Q(**{f"{name}__{beyond}": value})
        equal &= Q(**{name: value})
    return Q(**{f"{first.lstrip('-')}__{bound}": values[0]}) & either


def keyset_page(
    queryset: QuerySet, order: tuple[str, ...], *, after: str | None, size: int
) -> Page:
    """One page of `queryset` in `order` (whose last field is unique), after the cursor."""
    if after:
        queryset = queryset.filter(_after(order, decode(after, queryset, order)))
    rows = list(queryset.order_by(*order)[: size + 1])
    if len(rows) <= size:
        return Page(rows, None)
    last = rows[size - 1]
    return Page(rows[:size], encode([getattr(last, name.lstrip("-")) for name in order]))
