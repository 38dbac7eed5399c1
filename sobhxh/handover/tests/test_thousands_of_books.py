"""The whole work at an employer of 3,000 workers, each step in a number of queries that
depends on the chunks of 2,000 books, never on the books themselves."""

import pytest

from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book
from sobhxh.handover.selectors import handover_document, statement_pages
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
    make_employer,
)

pytestmark = pytest.mark.django_db

# Far below one query per book. Bulk inserts still take several statements on SQLite,
# whose limit of 999 parameters per statement cuts an insert of events to ~90 rows.
MAX_QUERIES = 80


def test_a_batch_of_3000_books_goes_from_review_to_receipt_in_bounded_queries(
    django_assert_max_num_queries,
):
    employer = make_employer("760")
    book_ids = ids(make_books(employer, 3000))

    with django_assert_max_num_queries(MAX_QUERIES):
        round_, started = start_review_round(employer=employer, book_ids=book_ids, on=ROUND_DAY)
    with django_assert_max_num_queries(MAX_QUERIES):
        answers = record_answers(confirmed_ids=book_ids, disputed={}, on=ANSWER_DAY)
    with django_assert_max_num_queries(MAX_QUERIES):
        batch, listed = create_handover_batch(employer=employer, book_ids=book_ids, on=HANDOVER_DAY)
    with django_assert_max_num_queries(6):
        pages = statement_pages(book_ids)
    with django_assert_max_num_queries(2):
        document = handover_document(batch)
    with django_assert_max_num_queries(MAX_QUERIES):
        received = record_receipts(
            batch=batch, receipts=[Receipt(book_id=pk) for pk in book_ids], on=HANDOVER_DAY
        )

    assert (started.moved, answers.confirmed, listed.moved, received.moved) == (3000,) * 4
    assert round_.books.count() == 3000 and len(pages) == 3000 and document.count == 3000
    assert not Book.objects.exclude(state=State.HANDED_OVER).filter(employer=employer).exists()
    assert batch.lines.filter(received_on=HANDOVER_DAY).count() == 3000
    assert verify() == []
