"""The dashboard reads counters and deltas only, in a number of queries that does not
grow with the rows it shows; employers come 50 a page, in the order chosen."""

import itertools
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Via
from sobhxh.books.models import Book
from sobhxh.books.services import NewBook, register_books
from sobhxh.testing.factories import make_employer, put_in_state

from .helpers import Page, build_campaign, login

pytestmark = pytest.mark.django_db

# Bounds, with room to spare: session, user, profile, the office, the schedule, the totals
# of the office and of its children, the breadcrumb, the history (an office's: its monthly
# deltas, then the days of the last month).
PAGE_QUERIES = 21
_serial = itertools.count(9_000_000_001)


def district_with(employers: int, code: str = "760") -> list:
    """`employers` employers in a district, two books each, one of them handed over."""
    found = [make_employer(code, code=f"{code}E{i:04d}") for i in range(employers)]
    books = [
        NewBook(
            number=str(next(_serial)),
            full_name=f"Trần Thị Thử {i}",
            birth_date=date(1990, 1, 1),
            sex="female",
            employer_id=employer.pk,
            office_id=employer.office_id,
        )
        for i, employer in enumerate(found * 2, start=1)
    ]
    register_books(books, on=date(2016, 12, 31), via=Via.COMMAND)
    for book in Book.objects.filter(number__in=[b.number for b in books[:employers]]):
        put_in_state(book, "handed_over", on=date(2017, 5, 1))
    return found


def queries_of(client, url: str, **query) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, query)
    assert response.status_code == 200
    return [q["sql"] for q in context.captured_queries]


@pytest.mark.parametrize("as_of", [None, "31/12/2017"])
def test_a_district_page_runs_as_many_queries_for_50_employers_as_for_5(client, as_of):
    query = {"as_of": as_of} if as_of else {}
    district_with(5, "760")
    district_with(50, "761")
    login(client, Role.PROVINCE, office="79")

    few = queries_of(client, "/dashboard/760/", **query)
    many = queries_of(client, "/dashboard/761/", **query)

    assert len(Page(client.get("/dashboard/761/", query).content.decode()).rows) == 50
    assert len(many) == len(few) <= PAGE_QUERIES


@pytest.mark.parametrize("sort", [{}, {"sort": "code", "dir": "desc"}, {"sort": "percent"}])
def test_the_third_page_of_employers_costs_what_the_first_does(client, sort):
    district_with(120)
    login(client, Role.DISTRICT, office="760")
    first = queries_of(client, "/dashboard/760/", **sort)
    third = queries_of(client, "/dashboard/760/", page="3", **sort)
    assert len(first) == len(third)


@pytest.mark.parametrize("as_of", [None, "31/12/2017"])
def test_the_national_page_runs_a_bounded_number_of_queries_and_never_reads_books(client, as_of):
    build_campaign()
    district_with(30, "001")
    login(client)
    sqls = queries_of(client, "/dashboard/VN/", **({"as_of": as_of} if as_of else {}))
    assert len(sqls) <= PAGE_QUERIES
    for sql in sqls:
        assert '"books_book"' not in sql and '"books_bookevent"' not in sql, sql


@pytest.mark.parametrize(
    "url",
    ["/dashboard/79/", "/dashboard/760/", "/dashboard/employer/E760A/", "/dashboard/79/xlsx/"],
)
def test_every_dashboard_page_and_export_reads_counters_only(client, url):
    build_campaign()
    login(client)
    sqls = queries_of(client, url, as_of="31/12/2017")
    assert len(sqls) <= PAGE_QUERIES
    assert not any('"books_book"' in sql or '"books_bookevent"' in sql for sql in sqls)


def test_employers_come_fifty_a_page_in_the_order_chosen(client):
    district_with(120)
    login(client, Role.DISTRICT, office="760")

    first = Page(client.get("/dashboard/760/", {"sort": "code", "dir": "desc"}).content.decode())
    third = Page(
        client.get("/dashboard/760/", {"sort": "code", "dir": "desc", "page": "3"}).content.decode()
    )

    assert len(first.order) == 50 and len(third.order) == 20
    assert first.order[0] == "760E0119" and third.order[-1] == "760E0000"


def test_the_pages_link_to_each_other_keeping_the_order_and_date(client):
    district_with(120)
    login(client, Role.DISTRICT, office="760")
    html = client.get(
        "/dashboard/760/", {"sort": "due", "dir": "desc", "as_of": "31/12/2017", "page": "2"}
    ).content.decode()
    assert "Trang 2/3" in html
    assert 'href="?sort=due&amp;dir=desc&amp;as_of=31%2F12%2F2017&amp;page=1"' in html
    assert 'href="?sort=due&amp;dir=desc&amp;as_of=31%2F12%2F2017&amp;page=3"' in html


def test_sorting_goes_back_to_the_first_page(client):
    district_with(120)
    login(client, Role.DISTRICT, office="760")
    html = client.get("/dashboard/760/", {"page": "2"}).content.decode()
    assert 'href="?sort=percent&amp;dir=asc"' in html


def test_a_page_number_out_of_range_shows_the_last_page(client):
    district_with(60)
    login(client, Role.DISTRICT, office="760")
    page = Page(client.get("/dashboard/760/", {"page": "99"}).content.decode())
    assert len(page.order) == 10
