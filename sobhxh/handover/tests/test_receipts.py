from datetime import date

import pytest

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import Book, BookEvent
from sobhxh.books.services import transition
from sobhxh.handover.services import Receipt, create_handover_batch, record_receipts
from sobhxh.progress.models import EmployerCount
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import HANDOVER_DAY, confirmed, make_books, make_employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch():
    employer = make_employer("760")
    books = make_books(employer, 5)
    batch, _result = create_handover_batch(
        employer=employer, book_ids=confirmed(books), on=HANDOVER_DAY
    )
    return batch


def lines(batch) -> list[tuple]:
    rows = batch.lines.order_by("order").values_list("received_on", "receiver", "receiver_name")
    return list(rows)


def test_receipts_hand_the_books_over_and_mark_the_lines_by_receiver(batch):
    a, b, c, d, _e = batch.lines.order_by("order").values_list("book_id", flat=True)

    result = record_receipts(
        batch=batch,
        receipts=[
            Receipt(book_id=a),
            Receipt(book_id=b),
            Receipt(book_id=c, receiver="authorised", receiver_name="Trần Văn Bình"),
            Receipt(book_id=d, receiver="authorised", receiver_name="Trần  Văn Bình"),
        ],
        on=HANDOVER_DAY,
    )

    assert (result.moved, result.refused) == (4, [])
    assert lines(batch) == [
        (HANDOVER_DAY, "worker", ""),
        (HANDOVER_DAY, "worker", ""),
        (HANDOVER_DAY, "authorised", "Trần Văn Bình"),
        (HANDOVER_DAY, "authorised", "Trần Văn Bình"),
        (None, "", ""),
    ]
    details = dict(
        BookEvent.objects.filter(action=Action.HAND_OVER).values_list("book_id", "details")
    )
    assert details[a] == {"receiver": "worker"}
    assert details[d] == {"receiver": "authorised", "receiver_name": "Trần Văn Bình"}
    counts = dict(
        EmployerCount.objects.filter(
            employer=batch.employer, total__gt=0, state__in=State.values
        ).values_list("state", "total")
    )
    assert counts == {State.HANDED_OVER: 4, State.CONFIRMED: 1}
    assert verify() == []


def test_refused_receipts_are_reported_and_leave_book_and_line_as_they_were(batch):
    a, b, c, d, _e = batch.lines.order_by("order").values_list("book_id", flat=True)
    record_receipts(batch=batch, receipts=[Receipt(book_id=a)], on=HANDOVER_DAY)
    undone = Book.objects.get(pk=d)
    transition(book=undone, action=Action.EXCLUDE, on=HANDOVER_DAY, details={"reason": "deceased"})
    stranger = make_books(make_employer("760"), 1)[0]

    result = record_receipts(
        batch=batch,
        receipts=[
            Receipt(book_id=a),
            Receipt(book_id=b, receiver="authorised"),
            Receipt(book_id=c),
            Receipt(book_id=d),
            Receipt(book_id=stranger.pk),
        ],
        on=date(2017, 6, 6),
    )

    assert result.moved == 1
    refused = dict(result.refused)
    numbers = dict(Book.objects.values_list("pk", "number"))
    assert set(refused) == {numbers[a], numbers[b], numbers[d], stranger.number}
    assert "05/06/2017" in refused[numbers[a]]
    assert "ủy quyền" in refused[numbers[b]]
    assert "Không phải giao" in refused[numbers[d]]
    assert "không có trong danh sách bàn giao 1/BB-BHXH" in refused[stranger.number]
    assert [line[0] for line in lines(batch)] == [HANDOVER_DAY, None, date(2017, 6, 6), None, None]
    assert verify() == []
