"""The rules the door (`books.services`) holds for every caller, whichever way a write
comes in: the web book page, the handover pages, an import, a command (the API later).
The other ways in are tested in their own apps; here the door itself and the book page."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import translation

from sobhxh.accounts.models import Role
from sobhxh.books.errors import MissingDetails, NotPermitted, TransitionNotAllowed
from sobhxh.books.lifecycle import (
    EMPLOYER_ACTIONS,
    SUPERVISOR_ACTIONS,
    Action,
    State,
    check_move,
    role_may_take,
)
from sobhxh.books.models import Book
from sobhxh.books.services import (
    BookEdit,
    NewBook,
    edit_book,
    edit_books,
    register_books,
    transition,
    transition_many,
)
from sobhxh.testing.factories import DETAILS, make_book, make_user, put_in_state

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


# -- which role may take which action ------------------------------------------------------

OFFICE_ONLY = [
    (Action.EXCLUDE, State.NOT_REVIEWED, {"reason": "deceased"}),
    (Action.CORRECT, State.DISPUTED, {"note": "Sửa mức lương"}),
    (Action.REINSTATE, State.EXCLUDED, {"reason": "Tìm thấy người lao động"}),
    (Action.UNDO_HANDOVER, State.HANDED_OVER, {"reason": "Giao nhầm người"}),
]


def employer_user(book):
    return make_user(role=Role.EMPLOYER, employer=book.employer)


def test_the_lifecycle_lets_an_employer_take_only_the_everyday_work_and_an_office_any():
    everyday = {Action.START_REVIEW, Action.CONFIRM, Action.DISPUTE, Action.HAND_OVER}
    assert everyday == EMPLOYER_ACTIONS
    for action in Action.values:
        assert role_may_take(Role.EMPLOYER, action) == (action in everyday)
        for role in (Role.CENTRAL, Role.PROVINCE, Role.DISTRICT, None):
            assert role_may_take(role, action)


@pytest.mark.parametrize(("action", "source", "details"), OFFICE_ONLY)
def test_the_door_refuses_an_employer_user_an_action_of_the_offices(action, source, details):
    book = put_in_state(make_book(), source)
    before = state_and_events(book)
    user = employer_user(book)
    if action in SUPERVISOR_ACTIONS:
        user.user_permissions.add(Permission.objects.get(codename="undo_handover"))
        user = get_user_model().objects.get(pk=user.pk)

    with pytest.raises(NotPermitted) as refused:
        transition(book=book, action=action, on=ON, actor=user, details=details)

    label = Action(action).label
    with translation.override("vi"):
        assert refused.value.message_vi == (
            f"Sổ {book.number}: đơn vị sử dụng lao động không được “{label}”; việc này do "
            "cơ quan BHXH thực hiện."
        )
    with translation.override("en"):
        assert refused.value.message_en == (
            f"Book {book.number}: an employer's staff may not “{label}”; the social "
            "insurance office does that."
        )
    assert state_and_events(book) == before


def test_the_door_refuses_a_set_of_books_to_an_employer_user_whole():
    book = make_book()
    with pytest.raises(NotPermitted) as refused:
        transition_many(
            book_ids=[book.pk],
            action=Action.EXCLUDE,
            on=ON,
            actor=employer_user(book),
            details={"reason": "duplicate"},
        )
    assert refused.value.message_en == (
        "An employer's staff may not “Exclude”; the social insurance office does that."
    )
    assert state_and_events(book) == (State.NOT_REVIEWED, 1)


def test_the_door_refuses_an_employer_user_to_register_or_edit_books():
    book = make_book()
    user = employer_user(book)
    with pytest.raises(NotPermitted):
        edit_book(book=book, changes={"full_name": "Nguyễn Văn Khác"}, on=ON, actor=user)
    with pytest.raises(NotPermitted):
        edit_books([BookEdit(book.pk, {"full_name": "Nguyễn Văn Khác"})], on=ON, actor=user)
    new = NewBook(
        "0999999999", "Trần Văn Mới", date(1990, 1, 1), "male", book.employer_id, book.office_id
    )
    with pytest.raises(NotPermitted):
        register_books([new], on=ON, actor=user)
    assert Book.objects.get(pk=book.pk).full_name == book.full_name
    assert not Book.objects.filter(number="0999999999").exists()


def test_an_employer_user_takes_the_everyday_work_through_the_door():
    book = make_book()
    user = employer_user(book)
    for action in (Action.START_REVIEW, Action.DISPUTE):
        transition(book=book, action=action, on=ON, actor=user, details=DETAILS.get(action))
    transition(book=book, action=Action.CORRECT, on=ON, details={"note": "Đã sửa"})
    for action in (Action.CONFIRM, Action.HAND_OVER):
        transition(book=book, action=action, on=ON, actor=user)
    assert state_and_events(book) == (State.HANDED_OVER, 6)
