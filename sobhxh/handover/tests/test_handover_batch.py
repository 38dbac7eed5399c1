import pytest

from sobhxh.books.errors import TransitionNotAllowed
from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import Book, BookEvent
from sobhxh.books.services import transition
from sobhxh.handover.errors import NothingToDo
from sobhxh.handover.models import HandoverBatch, HandoverLine
from sobhxh.handover.services import create_handover_batch
from sobhxh.testing.factories import (
    HANDOVER_DAY,
    confirmed,
    make_books,
    make_employer,
    make_user,
    put_in_state,
)

pytestmark = pytest.mark.django_db


def test_a_batch_lists_the_confirmed_books_in_the_order_given_and_moves_none():
    employer = make_employer("760")
    books = make_books(employer, 3)
    book_ids = confirmed(books)
    events = BookEvent.objects.count()
    actor = make_user()

    batch, result = create_handover_batch(
        employer=employer, book_ids=book_ids[::-1], on=HANDOVER_DAY, actor=actor
    )

    assert (result.moved, result.refused) == (3, [])
    lines = list(batch.lines.order_by("order").values_list("order", "book_id"))
    assert lines == [(1, book_ids[2]), (2, book_ids[1]), (3, book_ids[0])]
    assert (batch.handed_on, batch.office_id, batch.created_by) == (
        HANDOVER_DAY,
        employer.office_id,
        actor,
    )
    assert set(Book.objects.filter(pk__in=book_ids).values_list("state", flat=True)) == {
        State.CONFIRMED
    }
    assert BookEvent.objects.count() == events


def test_batches_are_numbered_like_minutes_per_office_and_year():
    employer = make_employer("760")
    books = make_books(employer, 2)
    book_ids = confirmed(books)

    first, _ = create_handover_batch(employer=employer, book_ids=book_ids[:1], on=HANDOVER_DAY)
    second, _ = create_handover_batch(employer=employer, book_ids=book_ids[1:], on=HANDOVER_DAY)

    assert (first.number, second.number) == ("1/BB-BHXH", "2/BB-BHXH")
    assert (first.year, second.serial) == (2017, 2)


def test_books_not_confirmed_or_of_another_employer_are_refused_and_not_listed():
    employer, other = make_employer("760"), make_employer("760")
    ready, disputed, handed_over = make_books(employer, 3)
    confirmed([ready])
    put_in_state(disputed, State.DISPUTED)
    put_in_state(handed_over, State.HANDED_OVER)
    foreign = make_books(other, 1)[0]
    confirmed([foreign])

    batch, result = create_handover_batch(
        employer=employer,
        book_ids=[disputed.pk, ready.pk, handed_over.pk, foreign.pk],
        on=HANDOVER_DAY,
    )

    assert result.moved == 1
    assert list(batch.lines.values_list("book_id", "order")) == [(ready.pk, 1)]
    refused = dict(result.refused)
    assert set(refused) == {disputed.number, handed_over.number, foreign.number}
    assert "Có sai lệch" in refused[disputed.number]
    assert "chỉ bàn giao được sổ đã xác nhận" in refused[handed_over.number]


def test_a_batch_without_any_confirmed_book_is_refused_and_not_created():
    employer = make_employer("760")
    book = make_books(employer, 1)[0]

    with pytest.raises(NothingToDo) as error:
        create_handover_batch(employer=employer, book_ids=[book.pk], on=HANDOVER_DAY)

    assert [number for number, _why in error.value.refused] == [book.number]
    assert HandoverBatch.objects.count() == HandoverLine.objects.count() == 0


def test_a_batch_refuses_a_book_not_confirmed_in_the_words_the_door_would_use():
    employer = make_employer("760")
    listed, disputed = make_books(employer, 2)
    confirmed([listed])
    put_in_state(disputed, State.DISPUTED)

    _batch, result = create_handover_batch(
        employer=employer, book_ids=[listed.pk, disputed.pk], on=HANDOVER_DAY
    )
    with pytest.raises(TransitionNotAllowed) as door:
        transition(book=disputed, action=Action.HAND_OVER, on=HANDOVER_DAY)

    assert result.refused == [(disputed.number, door.value.message)]
    assert door.value.message_vi == (
        f"Sổ {disputed.number} đang ở trạng thái “Có sai lệch”: không được “Bàn giao”, "
        "chỉ bàn giao được sổ đã xác nhận."
    )
