"""Every role × every page and download × an object in its scope and out of it.

The shared `world`: two provinces, Hồ Chí Minh (79) with districts Quận 1 (760) and Quận 12
(761), and Hà Nội (01) with Ba Đình (001), an employer in each district and a user of each
role; here each employer gets a book in review and each district an upload. A user sees
what lies under their own place and gets 404 — never 403, never a detail — for the rest.
"""

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import State
from sobhxh.intake.models import Upload
from sobhxh.testing.factories import make_books, make_user, office_with_code, put_in_state

pytestmark = pytest.mark.django_db
DISTRICTS = ("760", "761", "001")


@pytest.fixture
def places(world) -> dict[str, tuple]:
    """By district: the world's employer there and a book of it in review."""
    found = {}
    for employer in (world.employers.q1, world.employers.q12, world.employers.ba_dinh):
        book = put_in_state(make_books(employer, 1)[0], State.IN_REVIEW)
        found[employer.office.code] = (employer, book)
    return found


@pytest.fixture
def uploads() -> dict:
    """By district: an upload by a user of that district's office."""
    return {
        district: Upload.objects.create(
            user=make_user(f"up{district}", role=Role.DISTRICT, office=district),
            office=office_with_code(district),
            file_names=["books.csv"],
            files=[],
        )
        for district in DISTRICTS
    }


# What each role may see, by place: the centre, a province, or a district (and all in it).
SEES = {
    "central": {"VN", "79", "760", "761", "01", "001"},
    "province": {"79", "760", "761"},
    "district": {"760"},
    "employer": set(),  # no office page at all
}
SEES_IN_DISTRICT = {  # employers, books: by the district they are in
    "central": set(DISTRICTS),
    "province": {"760", "761"},
    "district": {"760"},
    "employer": {"760"},
}


def office_pages():
    for code in ("VN", "79", "760", "761", "01", "001"):
        for name in ("progress:office", "progress:office_xlsx"):
            yield name, code, lambda _places, code=code: {"code": code}


def district_pages():
    for district in DISTRICTS:
        for name in ("progress:employer", "progress:employer_xlsx"):
            yield name, district, lambda p, d=district: {"code": p[d][0].code}
        yield "books:detail", district, lambda p, d=district: {"number": p[d][1].number}
        yield "books:act", district, lambda p, d=district: {
            "number": p[d][1].number, "action": "confirm",
        }  # fmt: skip


@pytest.mark.parametrize("role", list(SEES))
@pytest.mark.parametrize(("page", "place", "kwargs"), list(office_pages()))
def test_office_pages_answer_only_within_the_users_place(
    client, world, places, role, page, place, kwargs
):
    client.force_login(world.users[role])
    response = client.get(reverse(page, kwargs=kwargs(places)))
    assert response.status_code == (200 if place in SEES[role] else 404)


@pytest.mark.parametrize("role", list(SEES))
@pytest.mark.parametrize(("page", "place", "kwargs"), list(district_pages()))
def test_employer_and_book_pages_answer_only_within_the_users_place(
    client, world, places, role, page, place, kwargs
):
    client.force_login(world.users[role])
    response = client.get(reverse(page, kwargs=kwargs(places)))
    assert response.status_code == (200 if place in SEES_IN_DISTRICT[role] else 404)


@pytest.mark.parametrize("role", list(SEES))
@pytest.mark.parametrize("page", ["intake:upload_detail", "intake:upload_status"])
def test_another_users_upload_is_seen_by_the_centre_only(
    client, world, places, uploads, role, page
):
    client.force_login(world.users[role])
    for upload in uploads.values():
        response = client.get(reverse(page, args=[upload.pk]))
        assert response.status_code == (200 if role == "central" else 404)


def test_out_of_scope_answers_say_nothing_about_the_object(client, world, places, uploads):
    client.force_login(world.users["district"])
    book = places["001"][1]
    missing = client.get(reverse("books:detail", args=["0999999999"]))
    elsewhere = client.get(reverse("books:detail", args=[book.number]))
    assert missing.status_code == elsewhere.status_code == 404
    assert book.full_name not in elsewhere.content.decode()
