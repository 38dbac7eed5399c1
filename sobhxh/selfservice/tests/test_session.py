"""The visit: only the book's id and an end time in the session, fifteen minutes, and a
button that ends it at once."""

import pytest
from django.urls import reverse

from sobhxh.selfservice import session

from .helpers import BOOK, LOOKUP, logged_in, worker_in_review

pytestmark = pytest.mark.django_db


def test_the_session_holds_the_book_id_and_an_end_time_only(client):
    book = worker_in_review()
    logged_in(client, book)

    visit = client.session[session.KEY]

    assert set(visit) == {"book", "until"} and visit["book"] == book.pk
    assert book.number not in str(dict(client.session))


def test_the_visit_ends_after_fifteen_minutes(client, monkeypatch):
    book = worker_in_review()
    start = session._now()
    monkeypatch.setattr(session, "_now", lambda: start)
    logged_in(client, book)

    monkeypatch.setattr(session, "_now", lambda: start + 14 * 60)
    assert client.get(BOOK).status_code == 200

    monkeypatch.setattr(session, "_now", lambda: start + 15 * 60 + 1)
    response = client.get(BOOK)

    assert response.status_code == 302 and response["Location"] == LOOKUP
    assert session.KEY not in client.session
    assert "Phiên tra cứu đã kết thúc" in client.get(LOOKUP).content.decode()


def test_without_a_visit_the_pages_send_the_worker_to_the_lookup(client):
    for url in (BOOK, reverse("selfservice:slip")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == LOOKUP
    for url in (reverse("selfservice:confirm"), reverse("selfservice:dispute")):
        response = client.post(url, {"checked": "on"})
        assert response.status_code == 302 and response["Location"] == LOOKUP


def test_ending_the_visit_clears_it(client):
    book = worker_in_review()
    logged_in(client, book)

    response = client.post(reverse("selfservice:end"))

    assert response.status_code == 302 and response["Location"] == LOOKUP
    assert session.KEY not in client.session
    assert client.get(BOOK).status_code == 302


def test_the_book_page_is_never_cached(client):
    logged_in(client, worker_in_review())

    assert "no-cache" in client.get(BOOK)["Cache-Control"]
