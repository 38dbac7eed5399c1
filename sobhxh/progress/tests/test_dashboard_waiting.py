"""Books waiting, by reason, on the dashboard (now and as of a past date), and an
employer's arrears marked and paid from its page, by an office only."""

from datetime import date

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.books.models import Book
from sobhxh.books.services import set_waiting
from sobhxh.progress.verify import verify

from .helpers import Page, build_campaign, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    return build_campaign()


def figures(client, url: str, **query) -> dict[str, str]:
    response = client.get(url, query)
    assert response.status_code == 200
    return Page(response.content.decode()).figures


def test_the_dashboard_counts_the_books_waiting_by_reason_on_any_date(client, campaign):
    waiting = Book.objects.filter(employer=campaign["E760A"], state="not_reviewed").get()
    set_waiting(book=waiting, reason="lost", on=date(2017, 8, 1))
    login(client, Role.PROVINCE, office="79")

    assert figures(client, "/dashboard/79/")["waiting-lost"] == "1"
    assert figures(client, "/dashboard/760/")["waiting-lost"] == "1"
    assert figures(client, "/dashboard/employer/E760A/")["waiting-lost"] == "1"
    before = figures(client, "/dashboard/79/", as_of="31/07/2017")
    assert "waiting-lost" not in before
    assert (
        "Không có sổ nào đang chờ vì một lý do."
        in client.get("/dashboard/79/", {"as_of": "31/07/2017"}).content.decode()
    )


def test_an_office_marks_an_employer_in_arrears_and_then_paid(client, campaign):
    login(client, Role.DISTRICT, office="760")
    page = client.get("/dashboard/employer/E760B/").content.decode()
    assert "Ghi nhận nợ đóng" in page
    url = reverse("books:employer_arrears", args=["E760B"])

    response = client.post(url, {"what": "mark", "on": "01/04/2018"}, follow=True)

    assert "0 sổ của Ánh Dương nay chờ vì đơn vị nợ đóng." in response.content.decode()
    # E760B's books are excluded and handed over: none can wait. E760A has one still due.
    response = client.post(
        reverse("books:employer_arrears", args=["E760A"]),
        {"what": "mark", "on": "01/04/2018"},
        follow=True,
    )
    assert "1 sổ của Công ty May Sài Gòn nay chờ vì đơn vị nợ đóng." in response.content.decode()
    assert figures(client, "/dashboard/760/")["waiting-arrears"] == "1"

    client.post(
        reverse("books:employer_arrears", args=["E760A"]), {"what": "paid", "on": "02/04/2018"}
    )
    assert "waiting-arrears" not in figures(client, "/dashboard/760/")
    assert figures(client, "/dashboard/760/", as_of="01/04/2018")["waiting-arrears"] == "1"
    assert verify() == []


def test_a_date_in_the_future_is_refused_and_nothing_moves(client, campaign):
    login(client, Role.DISTRICT, office="760")
    response = client.post(
        reverse("books:employer_arrears", args=["E760A"]),
        {"what": "mark", "on": "01/01/2999"},
        follow=True,
    )
    assert "Ngày ở tương lai." in response.content.decode()
    assert not Book.objects.exclude(waiting_reason="").exists()


def test_an_employer_user_neither_sees_nor_may_post_the_arrears_form(client, campaign):
    login(client, Role.EMPLOYER, employer="E760A")
    assert "Ghi nhận nợ đóng" not in client.get("/dashboard/employer/E760A/").content.decode()
    response = client.post(
        reverse("books:employer_arrears", args=["E760A"]), {"what": "mark", "on": "01/04/2018"}
    )
    assert response.status_code == 403
    assert not Book.objects.exclude(waiting_reason="").exists()


def test_another_provinces_employer_is_a_404(client, campaign):
    login(client, Role.PROVINCE, office="01")
    response = client.post(
        reverse("books:employer_arrears", args=["E760A"]), {"what": "mark", "on": "01/04/2018"}
    )
    assert response.status_code == 404
