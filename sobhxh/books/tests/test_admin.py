from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from sobhxh.audit.models import Access
from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book
from sobhxh.progress.models import Campaign, EmployerCount
from sobhxh.testing.factories import make_book, make_employer, put_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("trunguong", password="x-Secret-123")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "name",
    [
        "units_office_changelist",
        "units_employer_changelist",
        "books_book_changelist",
        "progress_campaign_changelist",
    ],
)
def test_admin_lists_open_in_vietnamese(admin_client, name):
    make_book()
    response = admin_client.get(reverse(f"admin:{name}"))
    assert response.status_code == 200
    assert "rà soát và bàn giao sổ BHXH" in response.content.decode()


def test_the_default_campaign_shows_its_milestones(admin_client):
    campaign = Campaign.objects.get(is_default=True)
    page = admin_client.get(reverse("admin:progress_campaign_change", args=[campaign.pk]))
    assert "31/12/2017" in page.content.decode() or "2017-12-31" in page.content.decode()


def test_the_book_page_shows_periods_and_the_event_history_in_vietnamese(admin_client):
    book = put_in_state(make_book(), State.CONFIRMED)
    response = admin_client.get(reverse("admin:books_book_change", args=[book.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Sổ BHXH" in page or "sổ BHXH" in page
    assert "Đã xác nhận" in page
    assert "Bắt đầu rà soát" in page  # the event history, read-only
    assert 'name="state"' not in page  # the state moves only through the lifecycle


def test_search_finds_a_book_by_name_without_accents_and_by_number(admin_client):
    book = make_book()
    url = reverse("admin:books_book_changelist")
    assert book.number in admin_client.get(url, {"q": "nguyen van thu"}).content.decode()
    assert book.number in admin_client.get(url, {"q": book.number}).content.decode()


def test_search_reads_a_number_as_the_books_search_does(admin_client):
    """Leading zeros lost and spaces typed, as on the books page (`searched_book_number`)."""
    book = make_book()
    url = reverse("admin:books_book_changelist")
    digits = book.number.lstrip("0")
    for typed in (digits, f"{book.number[:4]} {book.number[4:]}"):
        assert book.number in admin_client.get(url, {"q": typed}).content.decode()


def test_changing_a_book_in_the_admin_is_an_edit_event_with_old_and_new(admin_client):
    book = make_book()
    old_name = book.full_name
    url = reverse("admin:books_book_change", args=[book.pk])
    data = {
        "full_name": "Nguyễn Văn Sửa",
        "birth_date": "01/01/1990",
        "birth_precision": "day",
        "sex": "male",
        "identity_number": "",
        "employer": book.employer_id,
        "issued_on": "",
        **_empty_inlines(),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    book.refresh_from_db()
    assert book.full_name == "Nguyễn Văn Sửa"
    event = book.events.order_by("id").last()
    assert event.action == "edit"
    assert event.details["changes"] == {"full_name": [old_name, "Nguyễn Văn Sửa"]}


def test_adding_a_book_in_the_admin_registers_it_and_counts_it(admin_client):
    employer = make_employer("001")
    data = {
        "number": "0100000042",
        "full_name": "Trần Thị Mới",
        "birth_date": "02/03/1991",
        "birth_precision": "day",
        "sex": "female",
        "identity_number": "001191000123",
        "employer": employer.pk,
        "issued_on": "",
        **_empty_inlines(),
    }
    response = admin_client.post(reverse("admin:books_book_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    book = Book.objects.get(number="0100000042")
    assert (book.state, book.office_id, book.state_on) == (
        "not_reviewed",
        employer.office_id,
        date.today(),
    )
    assert list(book.events.values_list("action", flat=True)) == ["register"]
    assert EmployerCount.objects.get(employer=employer, state="not_reviewed").total == 1


def test_a_bad_number_is_refused_with_a_vietnamese_message(admin_client):
    employer = make_employer("001")
    data = {
        "number": "12345",
        "full_name": "Lê Văn Sai",
        "birth_date": "02/03/1991",
        "birth_precision": "day",
        "sex": "male",
        "identity_number": "",
        "employer": employer.pk,
        "issued_on": "",
        **_empty_inlines(),
    }
    response = admin_client.post(reverse("admin:books_book_add"), data)
    assert response.status_code == 200
    assert "Mã số BHXH gồm đúng 10 chữ số" in response.content.decode()
    assert not Book.objects.filter(number="12345").exists()


def _empty_inlines() -> dict:
    data = {}
    for prefix in ("periods", "events"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    return data


def test_the_admin_records_each_book_shown_and_each_list_in_the_access_log(admin_client):
    book = make_book()
    admin_client.get(reverse("admin:books_book_change", args=[book.pk]))
    url = reverse("admin:books_book_changelist")
    admin_client.get(url, {"q": "nguyen van thu"})
    admin_client.get(url)
    rows = list(Access.objects.order_by("id").values_list("action", "numbers", "details"))
    assert rows == [
        ("book_view", book.number, {}),
        ("search", book.number, {"query": "nguyen van thu", "admin": True}),
        ("list", book.number, {"admin": True}),
    ]
