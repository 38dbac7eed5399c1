"""The lookup: two proofs and a challenge open a worker's own book; anything else gets one
neutral answer that reveals nothing, and bad input gets a form error, never a 500."""

import re

import pytest

from sobhxh.books.models import Book
from sobhxh.testing.challenge import solved

from .helpers import BOOK, IDENTITY, LOOKUP, look_up, worker_in_review

pytestmark = pytest.mark.django_db

NO_MATCH = "Không tìm thấy sổ nào khớp với thông tin bạn nhập."


def page_without_tokens(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_the_page_asks_for_the_number_and_a_second_proof_behind_a_challenge(client):
    html = client.get(LOOKUP).content.decode()

    assert "Tra cứu sổ BHXH của bạn" in html
    assert 'name="number"' in html and 'name="identity_number"' in html
    assert 'name="birth_date"' in html and "<altcha-widget" in html


def test_the_number_and_identity_number_open_the_book_without_the_number_in_the_address(client):
    book = worker_in_review()

    response = look_up(client, book.number, identity=IDENTITY)

    assert response.status_code == 302 and response["Location"] == BOOK
    page = client.get(BOOK).content.decode()
    assert "Trần Thị Hoa" in page and book.number in page
    assert "Công ty TNHH May Hòa Bình" in page


def test_the_date_of_birth_opens_the_book_too(client):
    book = worker_in_review()

    assert look_up(client, book.number, birth="14/07/1985").status_code == 302


def test_a_date_of_birth_known_only_to_the_year_never_matches(client):
    book = worker_in_review(precision="year")

    response = look_up(client, book.number, birth="14/07/1985")

    assert response.status_code == 200 and NO_MATCH in response.content.decode()


def test_an_unknown_number_and_a_wrong_second_proof_get_the_same_bytes(client):
    book = worker_in_review()

    unknown = look_up(client, "9999999999", identity=IDENTITY)
    wrong = look_up(client, book.number, identity="001185099999")
    wrong_birth = look_up(client, book.number, birth="15/07/1985")
    unknown_birth = look_up(client, "9999999998", birth="14/07/1985")

    assert unknown.status_code == wrong.status_code == 200
    assert NO_MATCH in unknown.content.decode()
    assert page_without_tokens(unknown) == page_without_tokens(wrong)
    assert page_without_tokens(wrong_birth) == page_without_tokens(unknown_birth)
    assert page_without_tokens(unknown) == page_without_tokens(wrong_birth)
    # Nothing typed is echoed back.
    assert book.number not in unknown.content.decode()
    assert "9999999999" not in unknown.content.decode()


def test_a_book_without_an_identity_number_does_not_match_an_empty_one(client):
    book = worker_in_review()
    Book.objects.filter(pk=book.pk).update(identity_number="")

    response = look_up(client, book.number, identity="000000000")

    assert NO_MATCH in response.content.decode()


@pytest.mark.parametrize(
    ("number", "identity", "birth", "message"),
    [
        ("12345", IDENTITY, "", "Mã số BHXH gồm đúng 10 chữ số"),
        ("01234567ab", IDENTITY, "", "Mã số BHXH gồm đúng 10 chữ số"),
        ("0123456789", "12345", "", "Số định danh gồm 9 chữ số (CMND) hoặc 12 chữ số (CCCD)"),
        ("0123456789", "", "31/02/1985", "Ghi ngày sinh theo dạng dd/mm/yyyy"),
        ("0123456789", "", "1985", "Ghi ngày sinh theo dạng dd/mm/yyyy"),
        ("0123456789", "", "", "Nhập số CCCD hoặc ngày sinh của bạn."),
        ("0123456789", IDENTITY, "14/07/1985", "Chỉ nhập một trong hai"),
        pytest.param("x" * 5000, "", "", "tối đa 20 k", id="long"),
    ],
)
def test_bad_input_gets_a_form_error(client, number, identity, birth, message):
    response = look_up(client, number, identity=identity, birth=birth)

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_missing_challenge_is_refused(client):
    book = worker_in_review()

    response = client.post(LOOKUP, {"number": book.number, "identity_number": IDENTITY})

    assert response.status_code == 200
    assert "Vui lòng chờ kiểm tra chống máy tự động" in response.content.decode()
    assert "selfservice" not in client.session


def test_a_replayed_challenge_is_refused(client):
    book = worker_in_review()
    payload = solved(client)
    data = {"number": book.number, "identity_number": IDENTITY, "altcha": payload}

    assert client.post(LOOKUP, data).status_code == 302
    client.post(reverse_end())
    again = client.post(LOOKUP, data)

    assert again.status_code == 200
    assert "Kiểm tra chống máy tự động đã hết hạn" in again.content.decode()
    assert "selfservice" not in client.session


def reverse_end() -> str:
    from django.urls import reverse

    return reverse("selfservice:end")


def test_a_failed_lookup_is_cheap_and_indexed(client, django_assert_max_num_queries):
    worker_in_review()
    data = {"number": "9999999999", "identity_number": IDENTITY, "altcha": solved(client)}
    client.get(LOOKUP)  # the public pages' menu, read once and then from the cache

    # The book by its unique number, the access log row; no session is read or written.
    with django_assert_max_num_queries(2) as queries:
        client.post(LOOKUP, data)

    selects = [q["sql"] for q in queries.captured_queries if q["sql"].strip().startswith("SELECT")]
    assert len(selects) == 1 and "WHERE number = " in selects[0]


def test_a_successful_lookup_is_cheap(client, django_assert_max_num_queries):
    book = worker_in_review()
    data = {"number": book.number, "identity_number": IDENTITY, "altcha": solved(client)}

    with django_assert_max_num_queries(8) as queries:
        assert client.post(LOOKUP, data).status_code == 302

    # The book, the log row, the new session (is the key free? insert); and savepoints.
    statements = [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert len(statements) <= 4, statements


def test_the_lookup_reads_by_index_only():
    from django.db import connection

    from sobhxh.selfservice.selectors import _ONE_ROW

    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        cursor.execute(explain + _ONE_ROW, ["0123456789"])
        plan = " ".join(str(row) for row in cursor.fetchall())

    assert "SCAN books_book" not in plan and "Seq Scan" not in plan, plan
    assert "INDEX" in plan.upper(), plan
