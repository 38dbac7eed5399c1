import pytest
from django.utils import translation

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import BookEvent
from sobhxh.handover.services import record_answers, start_review_round
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import (
    ANSWER_DAY,
    ROUND_DAY,
    ids,
    make_books,
    make_employer,
    put_in_state,
)

from .helpers import states

pytestmark = pytest.mark.django_db

WAGE = {"reasons": ["wrong_wage"], "worker_words": "Lương năm 2015 là 5.200.000 đồng"}


@pytest.fixture
def in_review():
    employer = make_employer("760")
    books = make_books(employer, 6)
    start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)
    return books


def test_answers_confirm_and_dispute_the_books_and_keep_each_workers_words(in_review):
    own_words = {"reasons": ["identity", "other"], "worker_words": "Sai năm sinh: 1979"}

    result = record_answers(
        confirmed_ids=ids(in_review[:3]),
        disputed={in_review[3].pk: WAGE, in_review[4].pk: WAGE, in_review[5].pk: own_words},
        on=ANSWER_DAY,
    )

    assert (result.confirmed, result.disputed, result.refused) == (3, 3, [])
    assert states(in_review) == [State.CONFIRMED] * 3 + [State.DISPUTED] * 3
    details = dict(
        BookEvent.objects.filter(action=Action.DISPUTE).values_list("book_id", "details")
    )
    assert details[in_review[3].pk] == details[in_review[4].pk] == WAGE
    assert details[in_review[5].pk] == {
        "reasons": ["identity", "other"],
        "worker_words": "Sai năm sinh: 1979",
    }
    assert verify() == []


def test_a_dispute_without_reasons_or_without_the_workers_words_is_refused(in_review):
    no_words, no_reason, right = in_review[:3]

    result = record_answers(
        confirmed_ids=[right.pk],
        disputed={
            no_words.pk: {"reasons": ["wrong_wage"], "worker_words": "  "},
            no_reason.pk: {"reasons": [], "worker_words": "Thiếu tháng 3/2015"},
        },
        on=ANSWER_DAY,
    )

    assert (result.confirmed, result.disputed) == (1, 0)
    refused = dict(result.refused)
    assert set(refused) == {no_words.number, no_reason.number}
    assert "lời người lao động" in refused[no_words.number]
    assert "sai" in refused[no_reason.number]
    assert states([no_words, no_reason, right]) == [State.IN_REVIEW] * 2 + [State.CONFIRMED]


def test_disputes_without_the_workers_words_get_the_doors_message_in_the_active_language(
    in_review,
):
    no_words = {"reasons": ["other"], "worker_words": ""}
    with translation.override("en"):
        result = record_answers(
            confirmed_ids=[],
            disputed={in_review[0].pk: no_words, in_review[1].pk: no_words},
            on=ANSWER_DAY,
        )
    assert result.refused == [
        (book.number, f"Book {book.number}: write down what the worker says is wrong.")
        for book in in_review[:2]
    ]
    assert states(in_review[:2]) == [State.IN_REVIEW] * 2


def test_a_book_given_both_right_and_wrong_is_refused_and_left_in_review(in_review):
    book = in_review[0]

    result = record_answers(confirmed_ids=[book.pk], disputed={book.pk: WAGE}, on=ANSWER_DAY)

    assert (result.confirmed, result.disputed) == (0, 0)
    assert [number for number, _why in result.refused] == [book.number]
    assert states([book]) == [State.IN_REVIEW]


def test_answers_for_books_not_in_review_or_unknown_are_reported_and_the_rest_recorded():
    employer = make_employer("760")
    fresh, confirmed, in_review, lone = make_books(employer, 4)
    put_in_state(confirmed, State.CONFIRMED)
    put_in_state(in_review, State.IN_REVIEW)

    result = record_answers(
        confirmed_ids=[fresh.pk, confirmed.pk, in_review.pk, 424_242],
        disputed={lone.pk: WAGE},
        on=ANSWER_DAY,
    )

    assert (result.confirmed, result.disputed) == (1, 0)
    assert {number for number, _why in result.refused} == {
        fresh.number,
        confirmed.number,
        lone.number,
        "#424242",
    }
    assert verify() == []


def test_equal_disputes_move_together_in_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    employer = make_employer("760")
    books = make_books(employer, 600)
    start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)

    with django_assert_max_num_queries(40):
        result = record_answers(
            confirmed_ids=ids(books[:300]),
            disputed={book.pk: WAGE for book in books[300:]},
            on=ANSWER_DAY,
        )

    assert (result.confirmed, result.disputed, result.refused) == (300, 300, [])
    assert verify() == []
