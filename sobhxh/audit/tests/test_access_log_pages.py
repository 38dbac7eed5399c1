"""Every page, search and download that serves personal data writes one row of the access
log (who, what, where); pages without personal data write none."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.audit.models import Access
from sobhxh.handover.services import create_handover_batch, start_review_round
from sobhxh.testing.factories import (
    HANDOVER_DAY,
    ROUND_DAY,
    confirmed,
    ids,
    make_user,
    make_worker,
)

pytestmark = pytest.mark.django_db

NAMES = ("Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng", "Trương Ngọc Ẩn")


@pytest.fixture
def employer(world):
    return world.employers.q1  # E-Q1, in Quận 1 (760)


@pytest.fixture
def workers(employer):
    return [make_worker(employer, name, periods=2) for name in NAMES]


@pytest.fixture
def officer(client, world):
    client.force_login(world.users.district)
    return world.users.district


def only_row() -> Access:
    rows = list(Access.objects.all())
    assert len(rows) == 1, rows
    return rows[0]


# -- books ---------------------------------------------------------------------------------------


def test_a_book_page_records_who_viewed_which_book(client, officer, workers):
    book = workers[0]
    address = reverse("books:detail", args=[book.number])

    assert client.get(address).status_code == 200

    row = only_row()
    assert (row.user, row.action, row.numbers, row.path) == (
        officer,
        Access.Action.BOOK_VIEW,
        book.number,
        address,
    )


def test_an_action_page_shows_the_book_and_is_recorded_too(client, officer, workers):
    book = workers[0]
    assert client.get(reverse("books:act", args=[book.number, "start_review"])).status_code == 200
    assert (only_row().action, only_row().numbers) == (Access.Action.BOOK_VIEW, book.number)


def test_a_book_out_of_scope_is_not_found_and_nothing_is_recorded(client, workers):
    client.force_login(make_user(role=Role.DISTRICT, office="761"))
    assert client.get(reverse("books:detail", args=[workers[0].number])).status_code == 404
    assert not Access.objects.exists()


def test_a_search_by_name_records_what_was_asked_and_the_books_listed(client, officer, workers):
    response = client.get(reverse("books:search"), {"q": "Nguyễn Thị"})

    assert response.status_code == 200
    row = only_row()
    assert (row.user, row.action) == (officer, Access.Action.SEARCH)
    assert row.numbers == workers[0].number
    assert row.details == {"q": "Nguyễn Thị"}
    assert row.path.startswith("/books/?q=")


def test_a_search_by_number_records_the_search_then_the_book_page(client, officer, workers):
    number = workers[1].number
    response = client.get(reverse("books:search"), {"q": number}, follow=True)

    assert response.status_code == 200
    search, view = Access.objects.order_by("id")
    assert (search.action, search.numbers, search.details) == (
        Access.Action.SEARCH,
        number,
        {"q": number},
    )
    assert (view.action, view.numbers) == (Access.Action.BOOK_VIEW, number)


def test_a_search_for_a_number_not_found_is_recorded_without_books(client, officer, workers):
    client.get(reverse("books:search"), {"q": "0999999999"})
    row = only_row()
    assert (row.action, row.numbers, row.details) == (
        Access.Action.SEARCH,
        "",
        {"q": "0999999999"},
    )


def test_an_employer_filter_and_a_state_are_recorded_with_the_search(client, officer, workers):
    client.get(reverse("books:search"), {"employer": "E-Q1", "state": "not_reviewed"})
    row = only_row()
    assert row.details == {"employer": "E-Q1", "state": "not_reviewed"}
    assert sorted(row.number_list) == sorted(book.number for book in workers)


def test_the_empty_search_form_records_nothing(client, officer, workers):
    assert client.get(reverse("books:search")).status_code == 200
    assert not Access.objects.exists()


def test_the_book_page_costs_one_insert_more(client, officer, workers, monkeypatch):
    address = reverse("books:detail", args=[workers[0].number])
    client.get(address)  # sessions, caches: warm

    with CaptureQueriesContext(connection) as logged:
        client.get(address)
    monkeypatch.setattr("sobhxh.books.views.record_book_view", lambda request, number: None)
    with CaptureQueriesContext(connection) as unlogged:
        client.get(address)

    extra = [q["sql"] for q in logged.captured_queries[len(unlogged.captured_queries) :]]
    assert len(logged.captured_queries) == len(unlogged.captured_queries) + 1
    inserts = [q["sql"] for q in logged.captured_queries if "audit_access" in q["sql"]]
    assert len(inserts) == 1 and inserts[0].startswith("INSERT"), extra


# -- review rounds and handover batches -----------------------------------------------------------


@pytest.fixture
def review_round(employer, workers):
    made, _ = start_review_round(employer=employer, book_ids=ids(workers), on=ROUND_DAY)
    return made


def test_a_review_round_page_records_the_workers_listed(client, officer, workers, review_round):
    client.get(reverse("handover:round", args=[review_round.pk]))
    row = only_row()
    assert row.action == Access.Action.LIST
    assert sorted(row.number_list) == sorted(book.number for book in workers)
    assert row.details == {"employer": "E-Q1", "round": review_round.number, "page": 1}


def test_the_statements_download_records_every_book_it_holds(
    client, officer, workers, review_round
):
    response = client.get(reverse("handover:round_statements", args=[review_round.pk]))

    assert response.status_code == 200
    row = only_row()
    assert (row.user, row.action) == (officer, Access.Action.DOWNLOAD)
    assert row.number_list == [book.number for book in workers]
    assert row.details == {
        "document": "statements",
        "format": "pdf",
        "employer": "E-Q1",
        "round": review_round.number,
    }


def test_the_checklist_of_a_new_round_records_the_workers_listed(
    client, officer, employer, workers
):
    client.get(reverse("handover:start_review", args=[employer.code]))
    row = only_row()
    assert row.action == Access.Action.LIST
    assert sorted(row.number_list) == sorted(book.number for book in workers)
    assert row.details == {"employer": "E-Q1", "state": "not_reviewed", "page": 1}


@pytest.fixture
def batch(employer, workers):
    confirmed(workers)
    made, _ = create_handover_batch(employer=employer, book_ids=ids(workers), on=HANDOVER_DAY)
    return made


def test_the_checklist_of_a_new_batch_records_the_workers_listed(
    client, officer, employer, workers
):
    confirmed(workers)
    client.get(reverse("handover:batch_new", args=[employer.code]))
    row = only_row()
    assert row.details == {"employer": "E-Q1", "state": "confirmed", "page": 1}
    assert len(row.number_list) == 3


def test_a_batch_page_records_the_workers_listed(client, officer, workers, batch):
    client.get(reverse("handover:batch", args=[batch.pk]))
    row = only_row()
    assert row.action == Access.Action.LIST
    assert row.number_list == [book.number for book in workers]
    assert row.details == {"employer": "E-Q1", "batch": batch.number, "page": 1}


@pytest.mark.parametrize("name, suffix", [("batch_list_pdf", "pdf"), ("batch_list_xlsx", "xlsx")])
def test_the_handover_list_download_records_its_books(
    client, officer, workers, batch, name, suffix
):
    assert client.get(reverse(f"handover:{name}", args=[batch.pk])).status_code == 200
    row = only_row()
    assert row.action == Access.Action.DOWNLOAD
    assert row.number_list == [book.number for book in workers]
    assert row.details == {
        "document": "handover_list",
        "format": suffix,
        "employer": "E-Q1",
        "batch": batch.number,
    }


@pytest.mark.parametrize("name", ["batch_minutes_pdf", "batch_minutes_xlsx"])
def test_the_minutes_name_no_worker_and_are_not_recorded(client, officer, batch, name):
    assert client.get(reverse(f"handover:{name}", args=[batch.pk])).status_code == 200
    assert not Access.objects.exists()


def test_the_answers_checklist_records_the_workers_listed(client, officer, employer, workers):
    start_review_round(employer=employer, book_ids=ids(workers), on=ROUND_DAY)
    client.get(reverse("handover:answers", args=[employer.code]))
    row = only_row()
    assert row.action == Access.Action.LIST
    assert sorted(row.number_list) == sorted(book.number for book in workers)
    assert row.details == {"employer": "E-Q1", "state": "in_review", "page": 1}


# -- pages without personal data -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, code",
    [
        ("progress:office", "760"),
        ("progress:office_xlsx", "760"),
        ("progress:employer", "E-Q1"),
        ("progress:employer_xlsx", "E-Q1"),
        ("handover:employer", "E-Q1"),
        ("intake:uploads", None),
    ],
)
def test_pages_of_figures_only_record_nothing(client, officer, employer, workers, name, code):
    assert client.get(reverse(name, args=[code] if code else [])).status_code == 200
    assert not Access.objects.exists()
