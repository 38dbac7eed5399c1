"""The rules the door (`books.services`) holds for every caller, whichever way a write
comes in: the web book page, the handover pages, an import, a command (the API later).
The other ways in are tested in their own apps; here the door itself and the book page."""

from datetime import date

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.accounts.tests.factories import make_user
from sobhxh.books.errors import MissingDetails, TransitionNotAllowed
from sobhxh.books.lifecycle import Action, State, check_move
from sobhxh.books.models import Book
from sobhxh.books.services import transition, transition_many
from sobhxh.testing import make_book

from .helpers import put_in_state

pytestmark = pytest.mark.django_db

ON = date(2017, 6, 1)
NO_WORDS = {"reasons": ["wrong_wage"], "worker_words": "   "}


def state_and_events(book) -> tuple[str, int]:
    fresh = Book.objects.get(pk=book.pk)
    return fresh.state, fresh.events.count()


# -- a dispute records what is wrong and the worker's words ----------------------------------


def test_a_dispute_without_the_workers_words_is_refused_by_the_door_in_both_languages():
    book = put_in_state(make_book(), State.IN_REVIEW)
    before = state_and_events(book)

    with pytest.raises(MissingDetails) as refused:
        transition(book=book, action=Action.DISPUTE, on=ON, details=NO_WORDS)

    assert refused.value.message_vi == (
        f"Sổ {book.number}: ghi lại lời người lao động về nội dung sai."
    )
    assert refused.value.message_en == (
        f"Book {book.number}: write down what the worker says is wrong."
    )
    assert state_and_events(book) == before


def test_a_set_of_disputes_without_the_workers_words_is_refused_whole():
    books = [put_in_state(make_book(), State.IN_REVIEW) for _ in range(2)]

    with pytest.raises(MissingDetails):
        transition_many(
            book_ids=[book.pk for book in books],
            action=Action.DISPUTE,
            on=ON,
            details={"reasons": ["other"]},
        )

    assert [state_and_events(book)[0] for book in books] == [State.IN_REVIEW] * 2


def test_the_workers_words_are_kept_with_their_spaces_tidied():
    book = put_in_state(make_book(), State.IN_REVIEW)
    details = {"reasons": ["wrong_wage"], "worker_words": "  Thiếu   tháng 3/2015 "}
    event = transition(book=book, action=Action.DISPUTE, on=ON, details=details)
    assert event.details == {"reasons": ["wrong_wage"], "worker_words": "Thiếu tháng 3/2015"}


def test_the_book_page_refuses_a_dispute_without_the_workers_words(client):
    book = put_in_state(make_book(), State.IN_REVIEW, on=ON)
    client.force_login(make_user("q1", role=Role.CENTRAL))
    url = reverse("books:act", args=[book.number, Action.DISPUTE])
    data = {
        "dispute-on": "01/06/2017",
        "dispute-reasons": ["wrong_wage"],
        "dispute-worker_words": "",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert f"Sổ {book.number}: ghi lại lời người lao động về nội dung sai." in (
        response.content.decode()
    )
    assert state_and_events(book) == (State.IN_REVIEW, 2)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(url, data)
    assert f"Book {book.number}: write down what the worker says is wrong." in (
        response.content.decode()
    )
    assert state_and_events(book) == (State.IN_REVIEW, 2)


# -- only a confirmed book is handed over: one rule, one message --------------------------


def test_the_lifecycle_says_a_book_not_confirmed_cannot_be_handed_over():
    assert check_move(Action.HAND_OVER, State.CONFIRMED, number="0100000001") == (State.HANDED_OVER)
    with pytest.raises(TransitionNotAllowed) as refused:
        check_move(Action.HAND_OVER, State.IN_REVIEW, number="0100000001")
    assert refused.value.message_vi == (
        "Sổ 0100000001 đang ở trạng thái “Đang rà soát”: không được “Bàn giao”, "
        "chỉ bàn giao được sổ đã xác nhận."
    )
    assert refused.value.message_en == (
        "Book 0100000001 is “In review”: “Hand over” is not allowed; only confirmed books "
        "can be handed over."
    )


def test_the_door_refuses_a_handover_in_the_lifecycles_words():
    book = put_in_state(make_book(), State.DISPUTED)
    with pytest.raises(TransitionNotAllowed) as door:
        transition(book=book, action=Action.HAND_OVER, on=ON)
    with pytest.raises(TransitionNotAllowed) as lifecycle:
        check_move(Action.HAND_OVER, State.DISPUTED, number=book.number)
    assert (door.value.message_vi, door.value.message_en) == (
        lifecycle.value.message_vi,
        lifecycle.value.message_en,
    )
    refused = transition_many(book_ids=[book.pk], action=Action.HAND_OVER, on=ON).refused
    assert refused == [(book.number, lifecycle.value.message)]
