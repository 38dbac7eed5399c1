"""Typing or scanning numbers one after another: each number confirms its book at once and
answers JSON for the page's script (or a message and a redirect without it); a refusal
says why and changes nothing; the endpoint is CSRF-protected."""

from datetime import date

import pytest
from django.test import Client
from django.utils import timezone

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import BookEvent
from sobhxh.handover.services import record_answers, start_review_round
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import ROUND_DAY, make_books, make_employer, make_worker

from .helpers import login, page_messages, states, text_of, url

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def book():
    employer = make_employer("760")
    found = make_worker(employer, "Nguyễn Thị Ánh Tuyết")
    start_review_round(employer=employer, book_ids=[found.pk], on=ROUND_DAY)
    return found


def scan(client, book_or_number, *, on: str = "15/05/2017", code: str | None = None, **extra):
    number = getattr(book_or_number, "number", book_or_number)
    code = code or book_or_number.employer.code
    return client.post(url("scan_confirm", code), {"number": number, "on": on}, **extra)


def test_the_scan_page_has_a_labelled_box_that_posts_to_the_confirm_endpoint(client, book):
    login(client)

    response = client.get(url("scan", book.employer.code))

    html = response.content.decode()
    assert f'action="{url("scan_confirm", book.employer.code)}"' in html
    assert '<label for="id_number">Mã số BHXH' in html
    assert 'name="number"' in html and "autofocus" in html
    assert 'aria-live="polite"' in html
    assert "csrfmiddlewaretoken" in html
    assert "handover/scan.js" in html


def test_a_scanned_number_confirms_its_book_and_answers_json(client, book):
    user = login(client)

    response = scan(client, book, **JSON)

    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "status": "confirmed",
        "number": book.number,
        "name": "Nguyễn Thị Ánh Tuyết",
        "message": f"Nguyễn Thị Ánh Tuyết ({book.number}): đã xác nhận.",
    }
    event = BookEvent.objects.get(book=book, action=Action.CONFIRM)
    assert (event.actor, event.happened_on, event.via) == (user, date(2017, 5, 15), "web")
    assert verify() == []


def test_a_number_typed_with_spaces_is_read_as_its_digits(client, book):
    login(client)

    number = f"{book.number[:4]} {book.number[4:]}"
    response = scan(client, number, code=book.employer.code, **JSON)

    assert response.json()["ok"] is True


def test_a_second_scan_of_the_same_book_says_it_was_already_confirmed(client, book):
    login(client)
    scan(client, book, **JSON)

    answer = scan(client, book, **JSON).json()

    assert (answer["ok"], answer["status"]) == (False, "already")
    assert "đã được xác nhận ngày 15/05/2017" in answer["message"]
    assert BookEvent.objects.filter(book=book, action=Action.CONFIRM).count() == 1


def test_a_book_not_in_review_is_refused_with_the_reason_and_left_as_it_was(client):
    employer = make_employer("760")
    fresh = make_books(employer, 1)[0]
    login(client)

    answer = scan(client, fresh, **JSON).json()

    assert answer["ok"] is False and answer["status"] == "refused"
    assert "Chưa rà soát" in answer["message"]
    assert states([fresh]) == [State.NOT_REVIEWED]


def test_a_disputed_book_is_not_confirmed_by_a_scan(client, book):
    record_answers(
        confirmed_ids=[],
        disputed={book.pk: {"reasons": ["other"], "worker_words": "Sai tên đệm"}},
        on=date(2017, 5, 10),
    )
    login(client)

    answer = scan(client, book, **JSON).json()

    assert answer["ok"] is False and "Có sai lệch" in answer["message"]
    assert states([book]) == [State.DISPUTED]


def test_a_number_of_another_employer_is_refused_without_saying_more(client, book):
    mine = make_employer("760")
    login(client, Role.EMPLOYER, employer=mine)

    answer = scan(client, book, code=mine.code, **JSON).json()

    assert answer == {
        "ok": False,
        "status": "refused",
        "number": book.number,
        "name": "",
        "message": f"Không có sổ mã số {book.number} trong các sổ của {mine.name}.",
    }
    assert states([book]) == [State.IN_REVIEW]


@pytest.mark.parametrize("number", ["12345", "01234567890", "abcdefghij", ""])
def test_a_number_that_is_not_10_digits_is_refused(client, book, number):
    login(client)

    answer = scan(client, number, code=book.employer.code, **JSON).json()

    assert answer["ok"] is False and answer["message"]
    assert states([book]) == [State.IN_REVIEW]


def test_a_future_date_is_refused(client, book):
    login(client)

    answer = scan(client, book, on="01/01/2999", **JSON).json()

    assert answer["ok"] is False and "tương lai" in answer["message"]
    assert states([book]) == [State.IN_REVIEW]


def test_without_a_script_the_box_posts_and_comes_back_with_a_message(client, book):
    login(client)

    response = scan(client, book)

    assert response.status_code == 302
    assert response.url == url("scan", book.employer.code) + "?on=15%2F05%2F2017"
    page = client.get(response.url)
    assert page_messages(page) == [f"Nguyễn Thị Ánh Tuyết ({book.number}): đã xác nhận."]
    assert 'value="15/05/2017"' in page.content.decode()
    assert states([book]) == [State.CONFIRMED]


def test_without_a_script_a_refusal_comes_back_as_an_error_message(client, book):
    login(client)
    today = timezone.localdate().strftime("%d/%m/%Y")

    response = scan(client, "0000000000", code=book.employer.code, on=today, follow=True)

    assert response.redirect_chain[-1][0] == url("scan", book.employer.code)
    assert "Không có sổ mã số 0000000000" in text_of(response)


def test_the_confirm_endpoint_enforces_csrf(book):
    guarded = Client(enforce_csrf_checks=True)
    login(guarded)

    refused = scan(guarded, book, **JSON)
    page = guarded.get(url("scan", book.employer.code))
    token = page.context["csrf_token"]
    accepted = guarded.post(
        url("scan_confirm", book.employer.code),
        {"number": book.number, "on": "15/05/2017", "csrfmiddlewaretoken": str(token)},
        **JSON,
    )

    assert refused.status_code == 403
    assert accepted.status_code == 200 and accepted.json()["ok"] is True


def test_the_confirm_endpoint_takes_only_posts(client, book):
    login(client)

    assert client.get(url("scan_confirm", book.employer.code)).status_code == 405
