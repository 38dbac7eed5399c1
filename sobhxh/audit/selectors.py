"""Reading the access log, for central administrators (see `admin`)."""

import re
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import State
from sobhxh.books.numbers import is_book_number

from .models import Access

_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def may_read(user) -> bool:
    """Only the centre reads the log (and, in the admin, only with the view permission)."""
    return scope.role(user) == Role.CENTRAL


def accesses() -> QuerySet[Access]:
    return Access.objects.select_related("user")


def matching(queryset: QuerySet[Access], terms: str) -> QuerySet[Access]:
    """Rows that match every term: a 10-digit book number, a day written dd/mm/yyyy, or a
    user name."""
    for term in terms.split():
        if is_book_number(term):
            queryset = queryset.filter(numbers__contains=term)
        elif (day := _day(term)) is not None:
            start = timezone.make_aware(datetime.combine(day, time.min))
            queryset = queryset.filter(at__gte=start, at__lt=start + timedelta(days=1))
        else:
            queryset = queryset.filter(user__username=term)
    return queryset


def _day(term: str) -> date | None:
    found = _DAY.fullmatch(term)
    if not found:
        return None
    day, month, year = (int(part) for part in found.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


DOCUMENTS = {
    "statements": lambda: pgettext("access", "statements of contribution periods"),
    "handover_list": lambda: pgettext("access", "handover list"),
    "error_report": lambda: pgettext("access", "import error report"),
}
LABELS = {
    "q": lambda: pgettext("access", "searched for"),
    "employer": lambda: pgettext("access", "employer"),
    "state": lambda: pgettext("access", "state"),
    "round": lambda: pgettext("access", "review round"),
    "batch": lambda: pgettext("access", "handover batch"),
    "part": lambda: pgettext("access", "part"),
    "page": lambda: pgettext("access", "page"),
    "upload": lambda: pgettext("access", "upload"),
    "format": lambda: pgettext("access", "format"),
    # A worker's own lookups and answers (`selfservice`).
    "by": lambda: pgettext("access", "by"),
    "result": lambda: pgettext("access", "result"),
    "with": lambda: pgettext("access", "second proof"),
    "action": lambda: pgettext("access", "action"),
    "origin": lambda: pgettext("access", "origin"),
    "asked": lambda: pgettext("access", "number asked (keyed digest)"),
}
VALUES = {
    "by": {"worker": lambda: pgettext("access", "the worker, online")},
    "result": {
        "found": lambda: pgettext("access", "found"),
        "no_match": lambda: pgettext("access", "no match"),
        "limited": lambda: pgettext("access", "over the limit"),
    },
    "with": {
        "identity": lambda: pgettext("access", "identity number"),
        "birth": lambda: pgettext("access", "date of birth"),
    },
    "action": {
        "confirm": lambda: pgettext("access", "confirmed"),
        "dispute": lambda: pgettext("access", "disputed"),
    },
}
ORDER = {key: place for place, key in enumerate(LABELS)}


def describe(access: Access) -> str:
    """What was served, in words: the document, then each detail with its label."""
    details = dict(access.details or {})
    parts = []
    if kind := details.pop("document", None):
        parts.append(str(DOCUMENTS[kind]()) if kind in DOCUMENTS else str(kind))
    # In the order of LABELS: PostgreSQL's jsonb keeps keys in an order of its own.
    for key in sorted(details, key=lambda key: (ORDER.get(key, len(ORDER)), key)):
        value = details[key]
        label = LABELS[key]() if key in LABELS else key
        if key == "state" and value in State.values:
            value = State(value).label
        elif isinstance(value, str) and value in VALUES.get(key, {}):
            value = VALUES[key][value]()
        parts.append(f"{label}: {value}")
    count = len(access.number_list)
    if count > 1:
        parts.append(_("%(count)s books") % {"count": count})
    return " · ".join(parts)
