"""A worker with a book in review, and the lookup as a browser sends it."""

from datetime import date

from django.urls import reverse

from sobhxh.books.lifecycle import State
from sobhxh.testing.challenge import solved
from sobhxh.testing.factories import make_employer, make_worker, put_in_state

LOOKUP = reverse("selfservice:lookup")
BOOK = reverse("selfservice:book")
IDENTITY = "001185012345"
BIRTH = date(1985, 7, 14)


def worker_in_review(**kwargs):
    employer = make_employer("001", name="Công ty TNHH May Hòa Bình")
    book = make_worker(
        employer,
        "Trần Thị Hoa",
        birth_date=BIRTH,
        identity_number=IDENTITY,
        periods=3,
        **kwargs,
    )
    return put_in_state(book, State.IN_REVIEW)


def look_up(client, number: str, *, identity: str = "", birth: str = "", **headers):
    return client.post(
        LOOKUP,
        {
            "number": number,
            "identity_number": identity,
            "birth_date": birth,
            "altcha": solved(client),
        },
        **headers,
    )


def logged_in(client, book):
    """A client whose visit holds `book` (looked up with the identity number)."""
    response = look_up(client, book.number, identity=IDENTITY)
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
