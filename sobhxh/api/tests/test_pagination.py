"""Keyset pages: walked from the first to the last by their `next` cursors, they give the
same rows in the same order as one plain ordered query, for list sizes around the page
size (hypothesis chooses both)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.accounts.models import Role
from sobhxh.books.models import Book, Period
from sobhxh.books.text import fold
from sobhxh.testing.factories import make_employer, make_token, make_user, make_worker

from .conftest import Caller

pytestmark = pytest.mark.django_db

NAMES = ["Nguyễn Văn An", "Nguyễn Văn Ân", "Trần Thị Bình", "Lê Văn Cường", "Nguyễn An"]
SETTINGS = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def walk(api: Caller, path: str, **params) -> list:
    items, cursor, pages = [], None, 0
    while True:
        asked = {**params, **({"cursor": cursor} if cursor else {})}
        status, body = api.get(path, **asked)
        assert status == 200, body
        assert len(body["items"]) <= params["limit"]
        items += body["items"]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return items
        assert pages < 1000


# Events are never deleted, so each example writes its books under an employer of its own
# and pages through that employer's books; the plain query asks for the same.
@SETTINGS
@given(
    names=st.lists(st.sampled_from(NAMES), min_size=0, max_size=13),
    limit=st.integers(min_value=1, max_value=6),
    q=st.sampled_from(["", "nguyen", "Nguyễn Văn", "tran"]),
)
def test_keyset_pages_equal_the_plain_ordered_list(db, names, limit, q):
    employer = make_employer("760")
    for name in names:
        make_worker(employer, name)
    api = Caller(make_token(make_user(role=Role.DISTRICT, office="760"))[1])

    pages = walk(api, "/books", q=q, employer=employer.code, limit=limit)

    prefix = fold(q)
    plain = [
        number
        for number, search_name in Book.objects.filter(employer=employer)
        .order_by("search_name", "number")
        .values_list("number", "search_name")
        if search_name.startswith(prefix)
    ]
    assert [item["number"] for item in pages] == plain


@SETTINGS
@given(
    count=st.integers(min_value=0, max_value=9),
    periods=st.integers(min_value=0, max_value=9),
    limit=st.integers(min_value=1, max_value=4),
    prefix=st.sampled_from(["", "0", "009", "0090000001"]),
)
def test_number_prefix_and_period_pages_equal_the_plain_list(db, count, periods, limit, prefix):
    employer = make_employer("760")
    made = [make_worker(employer, "Phạm Thị Dung", periods=periods) for _ in range(count)]
    api = Caller(make_token(make_user(role=Role.CENTRAL))[1])

    pages = walk(api, "/books", number=prefix, limit=limit)
    plain = Book.objects.filter(number__startswith=prefix).order_by("number")
    assert [item["number"] for item in pages] == list(plain.values_list("number", flat=True))

    for book in made[:2]:
        pages = walk(api, f"/books/{book.number}/periods", limit=limit)
        stored = Period.objects.filter(book=book).order_by("from_month", "fund", "id")
        assert [p["from_month"] for p in pages] == [f"{p.from_month:%Y-%m-%d}" for p in stored]


def test_a_cursor_not_from_the_list_is_refused(world, caller):
    api = caller(world.users.central)
    for cursor in ["!!!", "e30", "WyJhIl0", "WzEsMiwzXQ"]:
        status, body = api.get("/books", cursor=cursor)
        assert status == 422, cursor
        assert body["detail"].startswith("Con trỏ này không phải do danh sách này trả về")
