"""Helpers of the handover tests: logging in to the work pages, reading the pages back, and
a returned list as the job leaves it. The shared factories are in `sobhxh.testing`."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.books.models import Book
from sobhxh.handover.models import ReturnedListUpload
from sobhxh.testing.factories import ANSWER_DAY, ids, make_user


def login(client, role: str = Role.DISTRICT, **place):
    if role == Role.DISTRICT and not place:
        place = {"office": "760"}
    user = make_user(role=role, **place)
    client.force_login(user)
    return user


def url(name: str, *args) -> str:
    return reverse(f"handover:{name}", args=args)


def states(books) -> list[str]:
    found = dict(Book.objects.filter(pk__in=ids(books)).values_list("pk", "state"))
    return [found[book.pk] for book in books]


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def text_of(response) -> str:
    """The page's text without tags, spaces collapsed: what a reader sees."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(address)
    assert response.status_code == 200
    return len(context.captured_queries)


def make_returned_list(employer, user, **fields) -> ReturnedListUpload:
    """A returned list as the job leaves it once read: two books confirmed, no problem."""
    values = {
        "on": ANSWER_DAY,
        "file_name": "tra-ve.xlsx",
        "file": "returned-lists/tra-ve.xlsx",
        "language": "vi",
        "status": ReturnedListUpload.Status.DONE,
        "outcome": {
            "sheet": "Kết quả",
            "confirmed": 2,
            "disputed": 0,
            "problems": [],
            "unanswered": [],
        },
    }
    return ReturnedListUpload.objects.create(employer=employer, user=user, **{**values, **fields})
