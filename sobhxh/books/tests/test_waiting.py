"""Why a book still waits: set and cleared through the door as events, cleared by the
book's next move, counted beside the states on every past date, and set for all of an
employer's books at once when it is in arrears."""

from datetime import date

import pytest

from sobhxh.accounts.models import Role
from sobhxh.books.errors import InvalidDate, MissingDetails, NotPermitted, TransitionNotAllowed
from sobhxh.books.lifecycle import Action, State, WaitingReason
from sobhxh.books.services import (
    clear_employer_arrears,
    clear_waiting,
    edit_book,
    mark_employer_in_arrears,
    set_waiting,
    transition,
)
from sobhxh.progress.selectors import employer_waiting_totals, office_waiting_totals
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_book, make_books, make_employer, make_user, put_in_state

pytestmark = pytest.mark.django_db

ON = date(2017, 6, 1)


def waiting_of(employer, as_of=ON) -> dict[str, int]:
    totals = employer_waiting_totals([employer.pk], as_of)[employer.pk]
    return {reason: n for reason, n in totals.items() if n}


def test_a_reason_is_an_event_that_keeps_the_state_and_is_counted_by_reason():
    book = put_in_state(make_book(), State.CONFIRMED)

    event = set_waiting(book=book, reason=WaitingReason.UNREACHABLE, on=ON)

    assert (event.action, event.from_state, event.to_state) == (
        Action.SET_WAITING,
        State.CONFIRMED,
        State.CONFIRMED,
    )
    assert event.waiting_reason == "unreachable"
    assert event.details == {"reason": "unreachable"}
    assert (book.state, book.waiting_reason, book.state_on) == (State.CONFIRMED, "unreachable", ON)
    assert waiting_of(book.employer) == {"unreachable": 1}
    assert verify() == []


def test_the_next_move_clears_the_reason_in_the_book_the_event_and_the_counters():
    book = put_in_state(make_book(), State.CONFIRMED)
    set_waiting(book=book, reason=WaitingReason.DECEASED, on=ON)

    event = transition(
        book=book,
        action=Action.HAND_OVER,
        on=date(2017, 7, 1),
        details={"receiver": "authorised", "receiver_name": "Lê Thị Hoa"},
    )

    assert event.waiting_reason == ""
    assert book.waiting_reason == ""
    assert waiting_of(book.employer, date(2017, 6, 30)) == {"deceased": 1}
    assert waiting_of(book.employer, date(2017, 7, 1)) == {}
    assert verify() == []


def test_a_new_reason_replaces_the_old_one_and_clearing_leaves_none():
    book = make_book()
    set_waiting(book=book, reason=WaitingReason.LOST, on=ON)
    set_waiting(book=book, reason=WaitingReason.DUPLICATE, on=date(2017, 6, 5))
    assert waiting_of(book.employer, date(2017, 6, 5)) == {"duplicate": 1}

    clear_waiting(book=book, on=date(2017, 6, 9), note="Đã tìm thấy sổ")

    assert book.waiting_reason == ""
    assert waiting_of(book.employer, date(2017, 6, 4)) == {"lost": 1}
    assert waiting_of(book.employer, date(2017, 6, 9)) == {}
    assert verify() == []


def test_other_needs_the_offices_words():
    book = make_book()
    with pytest.raises(MissingDetails, match="why the book is still waiting"):
        set_waiting(book=book, reason=WaitingReason.OTHER, on=ON)
    set_waiting(book=book, reason=WaitingReason.OTHER, on=ON, words="  Đơn vị   đang sáp nhập ")
    assert book.events.last().details == {"reason": "other", "words": "Đơn vị đang sáp nhập"}


@pytest.mark.parametrize("state", [State.HANDED_OVER, State.EXCLUDED])
def test_only_a_book_still_due_and_not_handed_over_can_wait(state):
    book = put_in_state(make_book(), state)
    with pytest.raises(TransitionNotAllowed):
        set_waiting(book=book, reason=WaitingReason.LOST, on=ON)
    book.refresh_from_db()
    assert book.waiting_reason == ""


def test_refusals_name_the_book_and_change_nothing():
    book = make_book()
    set_waiting(book=book, reason=WaitingReason.LOST, on=ON)
    with pytest.raises(TransitionNotAllowed, match="already waits"):
        set_waiting(book=book, reason=WaitingReason.LOST, on=ON)
    with pytest.raises(InvalidDate, match="before its latest event"):
        clear_waiting(book=book, on=date(2017, 5, 1))
    clear_waiting(book=book, on=ON)
    with pytest.raises(TransitionNotAllowed, match="not waiting"):
        clear_waiting(book=book, on=ON)
    with pytest.raises(NotPermitted):
        set_waiting(
            book=book,
            reason=WaitingReason.LOST,
            on=ON,
            actor=make_user(role=Role.EMPLOYER, employer=book.employer),
        )
    assert book.events.count() == 3
    assert verify() == []


def test_an_edit_keeps_the_reason_and_moving_the_book_moves_its_reason():
    book = make_book()
    other = make_employer("760")
    set_waiting(book=book, reason=WaitingReason.DISSOLVED, on=ON)

    event = edit_book(book=book, changes={"employer": other}, on=date(2017, 6, 2))

    assert event.waiting_reason == "dissolved"
    assert waiting_of(other, date(2017, 6, 2)) == {"dissolved": 1}
    assert waiting_of(other, ON) == {}
    centre = office_waiting_totals([book.office.pk], date(2017, 6, 2))[book.office.pk]
    assert centre["dissolved"] == 1
    assert verify() == []


def test_an_employer_in_arrears_holds_all_its_books_still_due_at_once():
    employer = make_employer("001")
    books = make_books(employer, 6)
    put_in_state(books[0], State.HANDED_OVER)
    put_in_state(books[1], State.EXCLUDED)
    put_in_state(books[2], State.DISPUTED)
    set_waiting(book=books[3], reason=WaitingReason.DECEASED, on=ON)

    result = mark_employer_in_arrears(employer=employer, on=date(2017, 6, 10))

    assert (result.moved, result.refused) == (3, [])
    assert waiting_of(employer, date(2017, 6, 10)) == {"arrears": 3, "deceased": 1}
    assert [b.waiting_reason for b in employer.books.order_by("pk")] == [
        "",
        "",
        "arrears",
        "deceased",
        "arrears",
        "arrears",
    ]

    paid = clear_employer_arrears(employer=employer, on=date(2017, 9, 1))

    assert paid.moved == 3
    assert waiting_of(employer, date(2017, 9, 1)) == {"deceased": 1}
    assert waiting_of(employer, date(2017, 8, 31)) == {"arrears": 3, "deceased": 1}
    assert verify() == []


def test_verify_finds_a_reason_written_behind_the_door():
    book = make_book()
    type(book).objects.filter(pk=book.pk).update(waiting_reason="lost")
    problems = verify()
    assert any("replay of their events" in problem for problem in problems)
    assert any("progress_employercount" in problem for problem in problems)
