from datetime import date

import pytest

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import BookEvent
from sobhxh.books.services import edit_book, transition_many
from sobhxh.progress.models import EmployerCount, OfficeCount
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_books, make_employer, office_with_code, put_in_state

pytestmark = pytest.mark.django_db

ON = date(2017, 6, 1)


def employer_counts(employer) -> dict[str, int]:
    rows = EmployerCount.objects.filter(employer=employer, total__gt=0, state__in=State.values)
    return dict(rows.values_list("state", "total"))


def office_counts(code: str) -> dict[str, int]:
    rows = OfficeCount.objects.filter(
        office=office_with_code(code), total__gt=0, state__in=State.values
    )
    return dict(rows.values_list("state", "total"))


def test_bulk_confirm_moves_the_books_it_may_and_reports_the_others_by_number():
    employer = make_employer("001")
    books = make_books(employer, 5)
    for book in books[:3]:
        put_in_state(book, State.IN_REVIEW)
    put_in_state(books[4], State.CONFIRMED)

    result = transition_many(book_ids=[book.pk for book in books], action=Action.CONFIRM, on=ON)

    assert result.moved == 3
    assert [number for number, _why in result.refused] == [books[3].number, books[4].number]
    assert "Chưa rà soát" in result.refused[0][1]
    assert employer_counts(employer) == {"confirmed": 4, "not_reviewed": 1}
    assert office_counts("01") == {"confirmed": 4, "not_reviewed": 1}
    assert BookEvent.objects.filter(action=Action.CONFIRM, happened_on=ON).count() == 3
    assert verify() == []


def test_bulk_hand_over_of_thousands_is_one_event_per_book_and_stays_exact():
    employer = make_employer("001")
    books = make_books(employer, 2500)
    ids = [book.pk for book in books]
    for action in (Action.START_REVIEW, Action.CONFIRM):
        assert transition_many(book_ids=ids, action=action, on=ON).moved == 2500
    result = transition_many(
        book_ids=ids, action=Action.HAND_OVER, on=ON, details={"receiver": "worker"}
    )
    assert (result.moved, result.refused) == (2500, [])
    assert employer_counts(employer) == {"handed_over": 2500}
    assert BookEvent.objects.filter(action=Action.HAND_OVER).count() == 2500
    assert verify() == []


def test_editing_the_employer_moves_the_book_in_the_counters_and_keeps_old_and_new():
    hanoi = make_employer("001", code="HN001")
    saigon = make_employer("760", code="HCM01")
    book = put_in_state(make_books(hanoi, 1)[0], State.CONFIRMED)

    event = edit_book(book=book, changes={"employer": saigon}, on=ON, note="Chuyển đơn vị")

    assert (book.employer_id, book.office_id, book.state) == (
        saigon.pk,
        saigon.office_id,
        "confirmed",
    )
    assert event.details == {"changes": {"employer": ["HN001", "HCM01"]}, "note": "Chuyển đơn vị"}
    assert (event.action, event.from_state, event.to_state) == ("edit", "confirmed", "confirmed")
    assert employer_counts(hanoi) == {} and employer_counts(saigon) == {"confirmed": 1}
    assert office_counts("01") == {} and office_counts("79") == {"confirmed": 1}
    assert office_counts("VN") == {"confirmed": 1}
    assert verify() == []


def test_an_edit_that_changes_nothing_writes_no_event():
    book = make_books(make_employer(), 1)[0]
    assert edit_book(book=book, changes={"full_name": book.full_name}, on=ON) is None
    assert book.events.count() == 1
