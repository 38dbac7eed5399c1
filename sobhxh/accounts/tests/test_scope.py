"""The one door for visibility: every role against objects inside and outside its scope.

The tree: Hồ Chí Minh (79) with an employer managed by the provincial office itself, two
in Quận 1 (760) and one in Quận 12 (761); and one in Ba Đình (001), Hà Nội. It is this
module's own rather than the shared `world`, whose employers it lacks: here an employer's
code is its key in SEES.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.testing.factories import make_books, make_employer, make_user
from sobhxh.units.models import Office

pytestmark = pytest.mark.django_db

EMPLOYERS = {"79": "79", "760": "760", "760b": "760", "761": "761", "001": "001"}
ALL = set(EMPLOYERS)
SEES = {
    "central": ALL,
    "superuser": ALL,
    "province": {"79", "760", "760b", "761"},
    "district": {"760", "760b"},
    "employer": {"760"},
    "no_profile": set(),
    "inactive": set(),
    "anonymous": set(),
}
OFFICES_IN_79 = {"79", "760", "761"}


@pytest.fixture
def tree():
    employers = {
        key: make_employer(office, code=f"E-{key}", name=f"Công ty {key}")
        for key, office in EMPLOYERS.items()
    }
    books = {key: make_books(employer, 2) for key, employer in employers.items()}
    users = get_user_model().objects
    inactive = make_user("inactive", role=Role.PROVINCE, office="79")
    inactive.is_active = False
    inactive.save()
    people = {
        "central": make_user("tw", role=Role.CENTRAL),
        "superuser": users.create_superuser("root", password="x-Secret-123"),
        "province": make_user("hcm", role=Role.PROVINCE, office="79"),
        "district": make_user("q1", role=Role.DISTRICT, office="760"),
        "employer": make_user("cty", role=Role.EMPLOYER, employer=employers["760"]),
        "no_profile": make_user("nobody", role=None),
        "inactive": inactive,
        "anonymous": AnonymousUser(),
    }
    return SimpleNamespace(employers=employers, books=books, users=people)


def employer_keys(codes) -> set[str]:
    return {code.removeprefix("E-") for code in codes}


@pytest.mark.parametrize("who", SEES)
def test_books_are_exactly_those_of_the_users_scope(tree, who):
    seen = scope.books(tree.users[who]).values_list("employer__code", flat=True)
    assert employer_keys(seen) == SEES[who]
    assert scope.books(tree.users[who]).count() == 2 * len(SEES[who])


@pytest.mark.parametrize("who", SEES)
def test_employers_are_exactly_those_managed_within_the_users_scope(tree, who):
    seen = scope.employers(tree.users[who]).values_list("code", flat=True)
    assert employer_keys(seen) == SEES[who]


@pytest.mark.parametrize("who", ["central", "superuser"])
def test_central_users_see_every_office(tree, who):
    assert scope.offices(tree.users[who]).count() == Office.objects.count() > 700


def test_a_province_user_sees_its_province_and_its_districts_only(tree):
    seen = set(scope.offices(tree.users["province"]).values_list("code", flat=True))
    assert seen >= OFFICES_IN_79
    assert seen == set(Office.objects.filter(province__code="79").values_list("code", flat=True))
    assert not seen & {"VN", "01", "001"}


def test_a_district_user_sees_its_own_office_only(tree):
    assert list(scope.offices(tree.users["district"]).values_list("code", flat=True)) == ["760"]


@pytest.mark.parametrize("who", ["employer", "no_profile", "inactive", "anonymous"])
def test_employer_users_and_users_without_a_role_see_no_office(tree, who):
    assert not scope.offices(tree.users[who]).exists()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("central", "VN"),
        ("superuser", "VN"),
        ("province", "79"),
        ("district", "760"),
        ("employer", "E-760"),
        ("no_profile", None),
        ("inactive", None),
        ("anonymous", None),
    ],
)
def test_home_is_where_the_users_dashboard_starts(tree, who, expected):
    place = scope.home(tree.users[who])
    assert getattr(place, "code", None) == expected


@pytest.mark.parametrize("who", SEES)
@pytest.mark.parametrize("key", sorted(ALL))
def test_book_or_404_finds_books_in_scope_and_404s_the_others(tree, who, key):
    number = tree.books[key][0].number
    if key in SEES[who]:
        assert scope.book_or_404(tree.users[who], number).number == number
    else:
        with pytest.raises(Http404) as refused:
            scope.book_or_404(tree.users[who], number)
        assert str(refused.value) == ""  # no detail, not even which check refused


@pytest.mark.parametrize("who", SEES)
@pytest.mark.parametrize("key", sorted(ALL))
def test_employer_or_404_finds_employers_in_scope_and_404s_the_others(tree, who, key):
    code = f"E-{key}"
    if key in SEES[who]:
        assert scope.employer_or_404(tree.users[who], code).code == code
    else:
        with pytest.raises(Http404):
            scope.employer_or_404(tree.users[who], code)


OFFICES_SEEN = {
    "central": {"VN", "01", "001", "79", "760", "761"},
    "superuser": {"VN", "01", "001", "79", "760", "761"},
    "province": OFFICES_IN_79,
    "district": {"760"},
}


@pytest.mark.parametrize("who", SEES)
@pytest.mark.parametrize("code", ["VN", "01", "001", "79", "760", "761"])
def test_office_or_404_finds_offices_in_scope_and_404s_the_others(tree, who, code):
    if code in OFFICES_SEEN.get(who, set()):
        assert scope.office_or_404(tree.users[who], code).code == code
    else:
        with pytest.raises(Http404):
            scope.office_or_404(tree.users[who], code)


@pytest.mark.parametrize("who", ["central", "province", "district", "employer"])
def test_nonexistent_objects_answer_404_like_objects_out_of_scope(tree, who):
    user = tree.users[who]
    for lookup, value in [
        (scope.book_or_404, "0999999999"),
        (scope.employer_or_404, "NO-SUCH"),
        (scope.office_or_404, "999"),
    ]:
        with pytest.raises(Http404):
            lookup(user, value)


def test_a_superusers_role_is_central_even_with_another_profile(tree):
    user = make_user("boss", role=Role.DISTRICT, office="001", is_superuser=True)
    assert scope.role(user) == Role.CENTRAL
    assert scope.books(user).count() == 2 * len(ALL)


def test_the_profile_is_read_once_however_many_querysets_a_page_builds(
    tree, django_assert_num_queries
):
    user = get_user_model().objects.get(username="q1")
    with django_assert_num_queries(1):
        scope.books(user)
        scope.offices(user)
        scope.employers(user)


def test_a_province_scope_is_one_indexed_filter_not_a_walk_down_the_tree(tree):
    sql = str(scope.books(tree.users["province"]).query)
    assert '"province_id" = ' in sql
    assert sql.count("SELECT") == 1
