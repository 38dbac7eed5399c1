from datetime import date

import pytest

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import Book, BookEvent
from sobhxh.handover.errors import NothingToDo
from sobhxh.handover.models import ReviewRound, ReviewRoundBook
from sobhxh.handover.services import start_review_round
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import (
    ROUND_DAY,
    ids,
    make_books,
    make_employer,
    make_user,
    put_in_state,
)

pytestmark = pytest.mark.django_db


def test_starting_a_round_puts_the_books_in_review_and_the_round_holds_them():
    employer = make_employer("760")
    books = make_books(employer, 3)
    actor = make_user()

    round_, result = start_review_round(
        employer=employer, book_ids=ids(books), on=ROUND_DAY, actor=actor
    )

    assert (result.moved, result.refused) == (3, [])
    assert set(Book.objects.filter(pk__in=ids(books)).values_list("state", flat=True)) == {
        State.IN_REVIEW
    }
    assert set(round_.books.values_list("pk", flat=True)) == set(ids(books))
    assert (round_.employer, round_.office_id, round_.started_on) == (
        employer,
        employer.office_id,
        ROUND_DAY,
    )
    assert round_.created_by == actor
    events = BookEvent.objects.filter(action=Action.START_REVIEW)
    assert set(events.values_list("actor", flat=True)) == {actor.pk}
    assert verify() == []


def test_rounds_are_numbered_per_office_and_year():
    employer, neighbour = make_employer("760"), make_employer("760")
    elsewhere = make_employer("001")

    def start(who, on=ROUND_DAY):
        return start_review_round(employer=who, book_ids=ids(make_books(who, 1)), on=on)[0]

    assert [start(employer).number, start(neighbour).number] == ["1/2017", "2/2017"]
    assert start(elsewhere).number == "1/2017"
    assert start(employer, on=date(2018, 1, 3)).number == "1/2018"


def test_books_of_another_employer_or_already_in_review_are_refused_and_left_out():
    employer, other = make_employer("760"), make_employer("760")
    fresh, already = make_books(employer, 2)
    put_in_state(already, State.IN_REVIEW)
    foreign = make_books(other, 1)[0]

    round_, result = start_review_round(
        employer=employer, book_ids=[fresh.pk, already.pk, foreign.pk, 999_999], on=ROUND_DAY
    )

    assert result.moved == 1
    refused = dict(result.refused)
    assert set(refused) == {already.number, foreign.number, "#999999"}
    assert "không thuộc" in refused[foreign.number]
    assert "Đang rà soát" in refused[already.number]
    assert list(round_.books.all()) == [fresh]
    foreign.refresh_from_db()
    assert foreign.state == State.NOT_REVIEWED
    assert verify() == []


def test_a_round_where_no_book_can_move_is_refused_and_writes_nothing():
    employer = make_employer("760")
    book = put_in_state(make_books(employer, 1)[0], State.CONFIRMED)
    events = BookEvent.objects.count()

    with pytest.raises(NothingToDo) as error:
        start_review_round(employer=employer, book_ids=[book.pk], on=ROUND_DAY)

    assert [number for number, _why in error.value.refused] == [book.number]
    assert "Không sổ nào" in error.value.message_vi
    assert ReviewRound.objects.count() == ReviewRoundBook.objects.count() == 0
    assert BookEvent.objects.count() == events
