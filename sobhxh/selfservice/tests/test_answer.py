"""The worker's answer goes through the book's one door, as the worker online: an event
with via=worker and no user, counters that move, and the district sees it on the book's
page. Nothing else is open to the worker."""

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.books.errors import NotPermitted
from sobhxh.books.lifecycle import Action, State, Via
from sobhxh.books.models import BookEvent
from sobhxh.books.services import today, transition
from sobhxh.progress.models import EmployerCount
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_user

from .helpers import BOOK, logged_in, worker_in_review

pytestmark = pytest.mark.django_db

CONFIRM = reverse("selfservice:confirm")
DISPUTE = reverse("selfservice:dispute")


def count(book, state) -> int:
    row = EmployerCount.objects.filter(employer_id=book.employer_id, state=state).first()
    return row.total if row else 0


def test_the_worker_confirms_their_book(client):
    book = worker_in_review()
    logged_in(client, book)
    before = verify()  # (the factory writes periods without their event: verify says so)

    response = client.post(CONFIRM, {"checked": "on"})

    assert response.status_code == 302 and response["Location"] == BOOK
    event = BookEvent.objects.filter(book=book).latest("id")
    assert (event.action, event.via, event.actor_id) == (Action.CONFIRM, Via.WORKER, None)
    book.refresh_from_db()
    assert book.state == State.CONFIRMED
    assert count(book, State.CONFIRMED) == 1 and count(book, State.IN_REVIEW) == 0
    assert verify() == before
    page = client.get(BOOK).content.decode()
    assert "Cảm ơn bạn: bạn đã xác nhận quá trình đóng là đúng." in page
    assert "Đã xác nhận ngày" in page


def test_confirming_needs_the_box_ticked(client):
    book = worker_in_review()
    logged_in(client, book)

    response = client.post(CONFIRM, {})

    assert response.status_code == 400
    assert "Đánh dấu vào ô này" in response.content.decode()
    book.refresh_from_db()
    assert book.state == State.IN_REVIEW


def test_the_worker_disputes_a_period_in_the_slips_words(client):
    book = worker_in_review()
    logged_in(client, book)
    page = client.get(BOOK).content.decode()
    assert "BHXH 01/2001 – 12/2001" in page
    before = verify()

    response = client.post(DISPUTE, {
        "reasons": ["missing_period", "wrong_wage"],
        "period": "BHXH 01/2001 – 12/2001",
        "words": "Thiếu tháng 3/2001, lương đúng là 5.000.000 đồng",
    })  # fmt: skip

    assert response.status_code == 302
    event = BookEvent.objects.filter(book=book).latest("id")
    assert (event.action, event.via, event.actor_id) == (Action.DISPUTE, Via.WORKER, None)
    assert event.details == {
        "reasons": ["missing_period", "wrong_wage"],
        "worker_words": "Thiếu tháng 3/2001, lương đúng là 5.000.000 đồng",
        "period_concerned": "BHXH 01/2001 – 12/2001",
    }
    assert count(book, State.DISPUTED) == 1
    assert verify() == before
    page = client.get(BOOK).content.decode()
    assert "Thiếu quá trình đóng" in page and "Thiếu tháng 3/2001" in page
    assert 'id="dispute"' not in page  # no answer is open any more


def test_a_dispute_needs_what_is_wrong_and_the_workers_words(client):
    book = worker_in_review()
    logged_in(client, book)

    response = client.post(DISPUTE, {"reasons": [], "words": "  "})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_reasons_error"' in html
    assert "Hãy ghi rõ nội dung sai." in html
    book.refresh_from_db()
    assert book.state == State.IN_REVIEW


def test_a_period_not_on_the_book_is_refused(client):
    book = worker_in_review()
    logged_in(client, book)

    response = client.post(DISPUTE, {"reasons": ["other"], "period": "BHXH 01/1990 – 12/1990",
                                     "words": "Sai"})  # fmt: skip

    assert response.status_code == 400
    assert BookEvent.objects.filter(book=book).latest("id").action == Action.START_REVIEW


def test_a_book_no_longer_in_review_offers_no_answer_and_refuses_one(client):
    book = worker_in_review()
    logged_in(client, book)
    transition(book=book, action=Action.CONFIRM, on=book.state_on)

    page = client.get(BOOK).content.decode()
    assert 'id="confirm"' not in page and 'id="dispute"' not in page
    response = client.post(DISPUTE, {"reasons": ["other"], "words": "Sai"}, follow=True)

    html = response.content.decode()
    assert "message-error" in html and f"Sổ {book.number}" in html
    assert BookEvent.objects.filter(book=book).latest("id").via != Via.WORKER


@pytest.mark.parametrize(
    "action", [Action.START_REVIEW, Action.HAND_OVER, Action.EXCLUDE, Action.CORRECT]
)
def test_the_door_lets_the_worker_only_confirm_or_dispute(action):
    book = worker_in_review()
    with pytest.raises(NotPermitted):
        transition(book=book, action=action, on=book.state_on, via=Via.WORKER,
                   details={"reason": "deceased", "note": "x"})  # fmt: skip


def test_the_district_sees_the_workers_dispute_on_the_books_page(client):
    book = worker_in_review()
    logged_in(client, book)
    client.post(DISPUTE, {"reasons": ["missing_period"], "period": "BHXH 01/2001 – 12/2001",
                          "words": "Thiếu tháng 3/2001"})  # fmt: skip
    district = make_user(role=Role.DISTRICT, office="001")
    client.force_login(district)

    page = client.get(reverse("books:detail", args=[book.number])).content.decode()

    assert "Người lao động (trực tuyến)" in page
    assert "Thiếu tháng 3/2001" in page
    assert "Giai đoạn liên quan: BHXH 01/2001 – 12/2001" in page


def test_an_office_still_acts_after_the_worker(client):
    book = worker_in_review()
    logged_in(client, book)
    client.post(DISPUTE, {"reasons": ["wrong_wage"], "words": "Sai lương"})

    put_back = transition(book=book, action=Action.CORRECT, on=today(),
                          details={"note": "Sửa lương"})  # fmt: skip

    assert put_back.to_state == State.IN_REVIEW
