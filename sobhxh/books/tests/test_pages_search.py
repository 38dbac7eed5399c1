"""The books search (`books:search`): by number, by name with or without diacritics, by
employer and state, always inside the user's scope, a page of 50 at a time.

The shared `world` (sobhxh/testing/world.py): Hồ Chí Minh (79) with an employer in Quận 1
(760) and one in Quận 12 (761), and an employer in Ba Đình (001), Hà Nội, and a user of each
role; `books` gives those employers workers of chosen names.
"""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse

from sobhxh.books import selectors
from sobhxh.books.lifecycle import Action, State, Via
from sobhxh.books.models import Book
from sobhxh.books.services import NewBook, register_books, transition

pytestmark = pytest.mark.django_db

_serial = iter(range(1, 10_000_000))


def register(employer, *names: str) -> list[Book]:
    new = [
        NewBook(
            number=f"{next(_serial) + 4_000_000:010d}",
            full_name=name,
            birth_date=date(1980, 5, 17),
            sex="female",
            employer_id=employer.pk,
            office_id=employer.office_id,
        )
        for name in names
    ]
    register_books(new, on=date(2016, 12, 31), via=Via.COMMAND)
    return list(Book.objects.filter(number__in=[n.number for n in new]).order_by("pk"))


@pytest.fixture
def books(world):
    """Books of chosen names in the world's employers: three in Quận 1, one in Quận 12, one
    in Ba Đình."""
    q1, q12, ba_dinh = world.employers.q1, world.employers.q12, world.employers.ba_dinh
    return SimpleNamespace(
        an=register(q1, "Nguyễn Văn An")[0],
        anh=register(q1, "Nguyễn Văn Anh")[0],
        binh=register(q12, "Nguyễn Văn Bình")[0],
        nguyen=register(q1, "Trần Văn Nguyên")[0],
        hanoi=register(ba_dinh, "Nguyễn Văn Hà")[0],
    )


def numbers_shown(response) -> list[str]:
    return re.findall(r'href="/books/(\d{10})/"', response.content.decode())


def main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def search(client, user, **query):
    client.force_login(user)
    return client.get(reverse("books:search"), query)


def test_a_ten_digit_number_in_scope_opens_the_book(client, world, books):
    response = search(client, world.users.district, q=books.an.number)
    assert response.status_code == 302
    assert response.url == reverse("books:detail", args=[books.an.number])


def test_a_number_whose_leading_zeros_were_lost_still_opens_the_book(client, world, books):
    response = search(client, world.users.central, q=books.an.number.lstrip("0"))
    assert response.url == reverse("books:detail", args=[books.an.number])


def test_a_number_out_of_scope_answers_like_a_number_that_does_not_exist(client, world, books):
    outside = search(client, world.users.province, q=books.hanoi.number)
    nowhere = search(client, world.users.province, q="9999999999")
    assert outside.status_code == nowhere.status_code == 200
    assert f"Không có sổ mã số {books.hanoi.number}" in outside.content.decode()
    page = main(outside).replace(books.hanoi.number, "9999999999")
    assert page == main(nowhere)


@pytest.mark.parametrize("typed", ["nguyen van", "Nguyễn Văn", "NGUYEN   VAN", " nguyễn van "])
def test_a_name_is_found_with_or_without_diacritics(client, world, books, typed):
    shown = numbers_shown(search(client, world.users.province, q=typed))
    b = books
    assert shown == [b.an.number, b.anh.number, b.binh.number]


def test_a_name_is_matched_from_its_start_not_anywhere_inside(client, world, books):
    assert numbers_shown(search(client, world.users.central, q="van an")) == []
    assert numbers_shown(search(client, world.users.central, q="nguyen van an")) == [
        books.an.number,
        books.anh.number,
    ]


def test_the_name_search_is_a_range_on_the_folded_name_that_the_index_serves(world, books):
    found = selectors.books_matching(world.users.central, name="Nguyễn Văn")
    sql = str(found.query)
    assert '"search_name" >= nguyen van' in sql and "LIKE" not in sql.upper()
    if connection.vendor == "sqlite":
        assert "USING INDEX book_search_name_number" in found.explain()


def test_the_employer_filter_keeps_that_employers_books(client, world, books):
    shown = numbers_shown(search(client, world.users.province, q="nguyen", employer="E-Q12"))
    assert shown == [books.binh.number]
    page = search(client, world.users.province, employer="E-Q1").content.decode()
    assert "Sổ của Công ty May Quận 1 (E-Q1)" in page


def test_an_employer_out_of_scope_is_refused_and_shows_nothing(client, world, books):
    response = search(client, world.users.province, q="nguyen", employer="E-BD")
    page = response.content.decode()
    assert "Không có đơn vị nào mang mã “E-BD” trong phạm vi bạn được xem." in page
    assert numbers_shown(response) == []


def test_the_state_filter_keeps_books_in_that_state(client, world, books):
    transition(book=books.anh, action=Action.START_REVIEW, on=date(2017, 3, 1))
    shown = numbers_shown(search(client, world.users.central, q="nguyen", state=State.IN_REVIEW))
    assert shown == [books.anh.number]


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("central", {"an", "anh", "binh", "nguyen", "hanoi"}),
        ("province", {"an", "anh", "binh", "nguyen"}),
        ("district", {"an", "anh", "nguyen"}),
        ("employer", {"an", "anh", "nguyen"}),
    ],
)
def test_books_out_of_scope_never_appear(client, world, books, role, seen):
    user = world.users[role]
    shown = set(numbers_shown(search(client, user, q="n")))
    shown |= set(numbers_shown(search(client, user, q="t")))
    assert shown == {getattr(books, key).number for key in seen}


def test_an_employer_user_sees_its_workers_without_asking_and_has_no_employer_box(
    client, world, books
):
    response = search(client, world.users.employer)
    assert len(numbers_shown(response)) == 3
    assert 'name="employer"' not in response.content.decode()


def test_an_office_user_lists_nothing_until_asked(client, world, books):
    response = search(client, world.users.central)
    assert numbers_shown(response) == []
    assert 'name="q"' in response.content.decode()


def test_the_employer_box_offers_the_employers_in_scope(client, world, books):
    page = search(client, world.users.province).content.decode()
    assert '<option value="E-Q1">' in page and '<option value="E-Q12">' in page
    assert "E-BD" not in page


def test_results_come_fifty_a_page_ordered_by_name_then_number(client, world, books):
    register(world.employers.q12, *[f"Lê Thị Mai {i % 7}" for i in range(120)])
    expected = list(
        Book.objects.filter(search_name__startswith="le thi mai")
        .order_by("search_name", "number")
        .values_list("number", flat=True)
    )
    client.force_login(world.users.district)  # Quận 1 has none of them
    assert numbers_shown(client.get(reverse("books:search"), {"q": "le thi mai"})) == []

    client.force_login(world.users.province)
    pages, url = [], reverse("books:search") + "?q=le+thi+mai"
    while url:
        response = client.get(url)
        pages.append(numbers_shown(response))
        found = re.search(r'href="([^"]+)" rel="next"', response.content.decode())
        url = found.group(1).replace("&amp;", "&") if found else None
    assert [len(page) for page in pages] == [50, 50, 20]
    assert [n for page in pages for n in page] == expected
    assert "Trang đầu" in response.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_results(
    client, world, books, django_assert_max_num_queries
):
    register(world.employers.q1, *[f"Phạm Văn Long {i}" for i in range(5)])
    register(world.employers.q1, *[f"Phạm Thị Hoa {i}" for i in range(50)])
    client.force_login(world.users.province)
    client.get(reverse("books:search"), {"q": "pham"})  # session and caches warm

    counts = []
    for typed, rows in (("pham van long", 5), ("pham thi hoa", 50)):
        with django_assert_max_num_queries(10) as captured:
            response = client.get(reverse("books:search"), {"q": typed, "employer": "E-Q1"})
        assert len(numbers_shown(response)) == rows
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_search_needs_a_login(client):
    response = client.get(reverse("books:search"), {"q": "nguyen"})
    assert response.status_code == 302 and "/accounts/login/" in response.url
