"""The review pages: in scope only, offices only, in Vietnamese."""

from datetime import date

import pytest

from sobhxh.books.lifecycle import State, Via
from sobhxh.duplicates import services
from sobhxh.duplicates.models import Status
from sobhxh.testing.factories import make_person_book, make_user, put_in_state

from .conftest import key

BIRTH = date(1985, 4, 17)


@pytest.fixture
def found(world, find):
    a = make_person_book(world.employers.q1, "Trần Văn Phong", BIRTH)
    b = make_person_book(world.employers.q12, "Trần Văn Phnog", BIRTH)
    return a, b, find()[key(a, b)]


def _client(client, user):
    client.force_login(user)
    return client


def test_a_district_office_reviews_a_pair_with_one_book_in_its_scope(client, world, found):
    a, _b, pair = found
    page = _client(client, world.users.district).get(f"/duplicates/{pair.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sổ có thể trùng" in text and "Trần Văn Phnog" in text
    assert "Người khác nhau" in text
    listed = client.get("/duplicates/").content.decode()
    assert "Sổ trùng" in listed and a.number in listed


def test_employers_do_not_review_duplicates(client, world, found):
    _a, _b, pair = found
    logged_in = _client(client, world.users.employer)
    assert logged_in.get("/duplicates/").status_code == 404
    assert logged_in.get(f"/duplicates/{pair.pk}/").status_code == 404


def test_a_pair_out_of_scope_answers_404(client, world, found):
    _a, _b, pair = found
    hanoi = make_user("hn", role="province", office=world.offices.hanoi)
    logged_in = _client(client, hanoi)
    assert logged_in.get(f"/duplicates/{pair.pk}/").status_code == 404
    assert logged_in.post(f"/duplicates/{pair.pk}/different/").status_code == 404
    assert str(pair.book_low.number) not in logged_in.get("/duplicates/").content.decode()


def test_merging_from_the_page_keeps_the_number_chosen(client, world, found):
    a, b, pair = found
    response = _client(client, world.users.province).post(
        f"/duplicates/{pair.pk}/merge/", {"kept": b.number, "on": "2017-06-01", "note": ""}
    )
    assert response.status_code == 302
    a.refresh_from_db()
    pair.refresh_from_db()
    assert (a.state, pair.status, pair.kept_id) == (State.EXCLUDED, Status.MERGED, b.pk)
    assert "Đã gộp" in client.get(f"/duplicates/{pair.pk}/").content.decode()


def test_a_refused_merge_says_why_on_the_page(client, world, found):
    a, b, pair = found
    put_in_state(a, State.HANDED_OVER)
    response = _client(client, world.users.province).post(
        f"/duplicates/{pair.pk}/merge/", {"kept": b.number, "on": "2017-06-01"}
    )
    assert response.status_code == 400
    assert a.number in response.content.decode()


def test_different_people_are_recorded(client, world, found):
    _a, _b, pair = found
    _client(client, world.users.district).post(f"/duplicates/{pair.pk}/different/")
    pair.refresh_from_db()
    assert pair.status == Status.DIFFERENT


def test_a_pair_merged_by_a_command_shows_who_as_nobody(client, world, found):
    a, _b, pair = found
    services.merge_pair(pair=pair, kept=a, on=date(2017, 6, 1), actor=None, via=Via.COMMAND)
    page = _client(client, world.users.province).get(f"/duplicates/{pair.pk}/")
    assert page.status_code == 200
    assert f"Mã số giữ lại: {a.number}" in page.content.decode()


def test_both_books_pages_tell_the_merge_and_the_menu_leads_to_the_pairs(client, world, found):
    a, b, pair = found
    _client(client, world.users.province).post(
        f"/duplicates/{pair.pk}/merge/", {"kept": b.number, "on": "2017-06-01", "note": ""}
    )
    merged = client.get(f"/books/{a.number}/").content.decode()
    kept = client.get(f"/books/{b.number}/").content.decode()
    assert f"Đã gộp vào sổ {b.number}" in merged
    assert f"Sổ {a.number} đã được gộp vào sổ này" in kept
    assert 'href="/duplicates/"' in kept and "Sổ trùng" in kept


def test_a_list_longer_than_counted_says_so_and_shows_the_strongest(
    client, world, find, monkeypatch
):
    from sobhxh.duplicates import views

    for name in ("Lê Văn An", "Lê Thị Bình"):
        make_person_book(world.employers.q1, name, BIRTH)
        make_person_book(world.employers.q12, name, BIRTH)
    find()
    monkeypatch.setattr(views, "COUNTED", 1)
    text = _client(client, world.users.province).get("/duplicates/").content.decode()
    assert "Số cặp sổ: hơn 1; danh sách có 1 cặp mạnh nhất" in text
    monkeypatch.setattr(views, "COUNTED", 10)
    text = client.get("/duplicates/").content.decode()
    assert "Số cặp sổ: 2" in text
