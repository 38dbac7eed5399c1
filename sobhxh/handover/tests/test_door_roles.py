"""The handover work asks the door who may take each action: an employer's staff do the
whole round (review, answers, handover) with their own user, and an action the lifecycle
keeps from employers would be refused to them here as on the book page."""

import pytest

from sobhxh.books import lifecycle
from sobhxh.books.errors import NotPermitted
from sobhxh.books.lifecycle import Action, State
from sobhxh.handover.services import (
    Receipt,
    create_handover_batch,
    record_answers,
    record_receipts,
    start_review_round,
)
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import (
    ANSWER_DAY,
    HANDOVER_DAY,
    ROUND_DAY,
    ids,
    make_books,
)

from .helpers import states

pytestmark = pytest.mark.django_db

WAGE = {"reasons": ["wrong_wage"], "worker_words": "Lương năm 2015 là 5.200.000 đồng"}


@pytest.fixture
def employer(world):
    return world.employers.q1


@pytest.fixture
def staff(world):
    """The world's employer user, staff of `employer`."""
    return world.users.employer


def test_an_employers_staff_do_the_whole_round_through_the_door(employer, staff):
    right, wrong = make_books(employer, 2)
    start_review_round(employer=employer, book_ids=ids([right, wrong]), on=ROUND_DAY, actor=staff)
    answers = record_answers(
        confirmed_ids=[right.pk], disputed={wrong.pk: WAGE}, on=ANSWER_DAY, actor=staff
    )
    batch, _listed = create_handover_batch(
        employer=employer, book_ids=[right.pk], on=HANDOVER_DAY, actor=staff
    )
    received = record_receipts(
        batch=batch, receipts=[Receipt(book_id=right.pk)], on=HANDOVER_DAY, actor=staff
    )

    assert (answers.confirmed, answers.disputed, received.moved) == (1, 1, 1)
    assert states([right, wrong]) == [State.HANDED_OVER, State.DISPUTED]
    assert verify() == []


def test_a_handover_kept_from_employers_would_be_refused_to_their_staff_by_the_door(
    employer, staff, monkeypatch
):
    book = make_books(employer, 1)[0]
    start_review_round(employer=employer, book_ids=[book.pk], on=ROUND_DAY, actor=staff)
    record_answers(confirmed_ids=[book.pk], disputed={}, on=ANSWER_DAY, actor=staff)
    batch, _listed = create_handover_batch(
        employer=employer, book_ids=[book.pk], on=HANDOVER_DAY, actor=staff
    )
    monkeypatch.setattr(
        lifecycle, "EMPLOYER_ACTIONS", lifecycle.EMPLOYER_ACTIONS - {Action.HAND_OVER}
    )

    with pytest.raises(NotPermitted) as refused:
        record_receipts(
            batch=batch, receipts=[Receipt(book_id=book.pk)], on=HANDOVER_DAY, actor=staff
        )

    assert "không được “Bàn giao”" in refused.value.message_vi
    assert states([book]) == [State.CONFIRMED]
    assert batch.lines.get().received_on is None
