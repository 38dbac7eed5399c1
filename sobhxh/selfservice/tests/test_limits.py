"""Limits per number and per address: over either, a clear 429 that reveals nothing, and
the count starts again in the next window."""

import pytest

from sobhxh import limits
from sobhxh.audit.models import Access

from .helpers import IDENTITY, look_up, worker_in_review

pytestmark = pytest.mark.django_db

TOO_MANY = "Bạn đã tra cứu quá nhiều lần"


def test_a_number_is_tried_five_times_in_fifteen_minutes_whoever_tries(client):
    book = worker_in_review()
    for address in range(5):
        response = look_up(client, book.number, identity="001185099999",
                           REMOTE_ADDR=f"198.51.100.{address}")  # fmt: skip
        assert response.status_code == 200

    # The right proofs, from yet another address: the number is over its limit.
    response = look_up(client, book.number, identity=IDENTITY, REMOTE_ADDR="203.0.113.9")

    assert response.status_code == 429
    assert TOO_MANY in response.content.decode()
    assert "selfservice" not in client.session


def test_an_unknown_number_is_limited_the_same_way(client):
    worker_in_review()
    answers = [look_up(client, "9999999999", identity=IDENTITY,
                       REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(6)]  # fmt: skip

    assert answers == [200] * 5 + [429]


def test_an_address_tries_twenty_times_in_fifteen_minutes_whatever_the_numbers(client):
    book = worker_in_review()
    for n in range(20):
        assert look_up(client, f"99999999{n:02d}", identity=IDENTITY).status_code == 200

    response = look_up(client, book.number, identity=IDENTITY)

    assert response.status_code == 429 and TOO_MANY in response.content.decode()


def test_the_limits_start_again_in_the_next_window(client, monkeypatch):
    book = worker_in_review()
    now = limits.time.time()
    monkeypatch.setattr(limits.time, "time", lambda: now)
    for _ in range(5):
        look_up(client, book.number, identity="001185099999")
    assert look_up(client, book.number, identity=IDENTITY).status_code == 429

    later = now + 15 * 60 + 1
    monkeypatch.setattr(limits.time, "time", lambda: later)

    assert look_up(client, book.number, identity=IDENTITY).status_code == 302


def test_a_limited_lookup_is_logged_without_the_number(client):
    for n in range(6):
        look_up(client, "9999999999", identity=IDENTITY, REMOTE_ADDR=f"198.51.100.{n}")

    row = Access.objects.order_by("-id").first()

    assert row.details["result"] == "limited" and row.numbers == ""
    assert "9999999999" not in str(row.details)
