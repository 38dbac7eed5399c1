"""Idempotency-Key: a retry with the same key answers the first answer and writes nothing;
the same key on another request is refused; two racing inserts of one key make one row."""

import json
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.utils import timezone

from sobhxh.api.idempotency import fingerprint
from sobhxh.api.models import ApiToken, IdempotentRequest
from sobhxh.api.services import claim_key, prune_keys
from sobhxh.books.models import BookEvent
from sobhxh.testing.factories import make_books, make_token

from .conftest import Caller

pytestmark = pytest.mark.django_db

MOVE = {"action": "start_review", "on": "2017-03-01"}


def test_a_retry_with_the_same_key_gets_the_same_answer_and_one_event(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    api = caller(world.users.district)
    first = api.post(f"/books/{book.number}/actions", MOVE, key="k-1")
    again = api.post(f"/books/{book.number}/actions", MOVE, key="k-1")
    assert first[0] == again[0] == 201 and first[1] == again[1]
    assert api.last["Idempotent-Replayed"] == "true"
    assert BookEvent.objects.filter(book=book, action="start_review").count() == 1


def test_without_a_key_a_second_send_is_a_second_request(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    api = caller(world.users.district)
    assert api.post(f"/books/{book.number}/actions", MOVE)[0] == 201
    assert api.post(f"/books/{book.number}/actions", MOVE)[0] == 409  # now in review


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", "Idempotency-Key này đã được dùng cho một yêu cầu khác"),
        ("en", "This Idempotency-Key was already used for another request"),
    ],
)
def test_the_same_key_on_another_request_is_refused(world, caller, language, expected):
    books = make_books(world.employers.q1, 2)
    api = caller(world.users.district, language)
    assert api.post(f"/books/{books[0].number}/actions", MOVE, key="k-2")[0] == 201
    status, body = api.post(f"/books/{books[1].number}/actions", MOVE, key="k-2")
    assert status == 422 and body["detail"].startswith(expected)
    other_body = {**MOVE, "details": {"note": "khác"}}
    assert api.post(f"/books/{books[0].number}/actions", other_body, key="k-2")[0] == 422
    assert not BookEvent.objects.filter(book=books[1], action="start_review").exists()


def test_keys_are_per_token(world):
    book = make_books(world.employers.q1, 2)
    first = Caller(make_token(world.users.district)[1])
    second = Caller(make_token(world.users.district)[1])
    assert first.post(f"/books/{book[0].number}/actions", MOVE, key="same")[0] == 201
    assert second.post(f"/books/{book[1].number}/actions", MOVE, key="same")[0] == 201


def test_a_refusal_is_kept_and_answered_again(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    api = caller(world.users.district)
    refused = api.post(f"/books/{book.number}/actions", {"action": "hand_over"}, key="k-3")
    assert refused[0] == 409
    assert api.post(f"/books/{book.number}/actions", {"action": "hand_over"}, key="k-3") == refused


def test_a_request_refused_for_its_token_keeps_no_key(world):
    book = make_books(world.employers.q1, 1)[0]
    assert (
        Caller("sbx_00000000_nope").post(f"/books/{book.number}/actions", MOVE, key="k")[0] == 401
    )
    assert not IdempotentRequest.objects.exists()


def test_a_retry_while_the_first_is_under_way_is_told_to_wait(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    api = caller(world.users.district)
    path = f"/api/v1/books/{book.number}/actions"
    # The first request's row as it stands while its write runs: claimed, no answer yet.
    first = RequestFactory().post(path, json.dumps(MOVE), "application/json")
    token = ApiToken.objects.get(user=world.users.district)
    claim_key(token=token, key="k-4", fingerprint=fingerprint(first))
    status, body = api.post(f"/books/{book.number}/actions", MOVE, key="k-4")
    assert status == 409 and body["detail"].startswith("Một yêu cầu với Idempotency-Key này")
    assert not BookEvent.objects.filter(book=book, action="start_review").exists()


def test_two_inserts_of_one_key_make_one_row(world):
    token, _secret = make_token(world.users.district)
    row, mine = claim_key(token=token, key="race", fingerprint="a" * 64)
    again, mine_again = claim_key(token=token, key="race", fingerprint="a" * 64)
    assert mine and not mine_again and again.pk == row.pk
    # What the loser of a real race meets: the database itself refuses the second row.
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotentRequest.objects.create(token=token, key="race", fingerprint="b" * 64)


def test_old_keys_are_pruned(world):
    token, _secret = make_token(world.users.district)
    claim_key(token=token, key="old", fingerprint="a" * 64)
    claim_key(token=token, key="new", fingerprint="a" * 64)
    IdempotentRequest.objects.filter(key="old").update(
        created_at=timezone.now() - timedelta(days=2)
    )
    assert prune_keys() == 1
    assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["new"]
