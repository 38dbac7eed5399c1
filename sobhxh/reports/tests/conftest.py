"""The story of a report beside the world (`sobhxh.testing.world`): Quận 1 (760) reports to
Hồ Chí Minh (79), which reports to the centre. Two books at Quận 1, one reviewed in June 2017."""

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition
from sobhxh.testing.factories import make_books

JUNE = date(2017, 6, 1)
# A moment in July 2017, after June's end and before its due dates (05/07 and 10/07).
IN_JULY = datetime(2017, 7, 3, 3, 0, tzinfo=UTC)


@pytest.fixture
def books(world):
    first, second = make_books(world.employers.q1, 2)
    transition(book=first, action=Action.START_REVIEW, on=date(2017, 6, 12))
    return first, second


def get(client, user, address):
    client.force_login(user)
    response = client.get(address)
    return response, response.content.decode()


def office_page(code: str, month: date = JUNE) -> str:
    return reverse("reports:office", args=[code]) + f"?month={month:%Y-%m}"
