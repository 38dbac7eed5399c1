from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.organisation.selectors import department_of
from sobhxh.testing.factories import department, make_books, make_employer

pytestmark = pytest.mark.django_db


def create_demo_users() -> str:
    # The books and employers below are made by the factories, not the demo: real data,
    # which the command refuses unless forced (see sobhxh/ops/tests/test_demo_guard.py).
    out = StringIO()
    call_command("create_demo_user", force=True, stdout=out)
    return out.getvalue()


def places() -> dict[str, tuple[str, str]]:
    return {
        user.username: (scope.role(user), scope.home(user).code)
        for user in get_user_model().objects.order_by("username")
    }


def test_demo_users_cover_every_role_in_ho_chi_minh():
    busy_district = "764"  # Gò Vấp: two employers, Quận 1 one
    make_books(make_employer("760", code="Q1-A"), 2)
    make_books(make_employer(busy_district, code="GV-A"), 1)
    make_books(make_employer(busy_district, code="GV-B"), 3)  # the most books in 79
    make_books(make_employer("001", code="HN-A"), 9)  # more, but in Hà Nội

    out = create_demo_users()

    assert places() == {
        "demo": (Role.CENTRAL, "VN"),
        "demo-donvi": (Role.EMPLOYER, "GV-B"),
        "demo-huyen": (Role.DISTRICT, busy_district),
        "demo-tinh": (Role.PROVINCE, "79"),
    }
    for username in places():
        assert get_user_model().objects.get(username=username).check_password("demo-112")
    assert get_user_model().objects.get(username="demo").is_superuser
    assert "Người dùng demo (mật khẩu: demo-112):" in out
    assert "demo-tinh   BHXH tỉnh: BHXH Thành phố Hồ Chí Minh (79)" in out
    assert "demo-huyen  BHXH huyện: BHXH Quận Gò Vấp (764)" in out


def test_the_central_and_provincial_demo_users_work_in_book_and_card():
    out = create_demo_users()
    departments = {user.username: department_of(user) for user in get_user_model().objects.all()}
    assert departments == {
        "demo": department("VN", "book_card"),
        "demo-tinh": department("79", "book_card"),
        "demo-huyen": None,
    }
    assert "demo        Trung ương: BHXH Việt Nam (VN), Ban Sổ - Thẻ" in out
    assert "demo-tinh   BHXH tỉnh: BHXH Thành phố Hồ Chí Minh (79), Phòng Cấp sổ, thẻ" in out


def test_running_it_again_changes_nothing():
    make_books(make_employer("760", code="Q1-A"), 1)
    create_demo_users()
    before = list(get_user_model().objects.values_list("username", "password", "profile__role"))
    make_books(make_employer("761", code="Q12-A"), 5)  # would now be picked

    create_demo_users()

    after = list(get_user_model().objects.values_list("username", "password", "profile__role"))
    assert after == before
    assert places()["demo-donvi"] == (Role.EMPLOYER, "Q1-A")


def test_without_employers_there_is_no_demo_employer_user_and_it_says_so():
    out = create_demo_users()
    assert set(places()) == {"demo", "demo-tinh", "demo-huyen"}
    assert "Chưa có đơn vị nào ở tỉnh 79" in out


def test_an_older_demo_user_without_a_profile_becomes_central():
    get_user_model().objects.create_superuser("demo", password="demo-112")
    create_demo_users()
    profile = get_user_model().objects.get(username="demo").profile
    assert profile.role == Role.CENTRAL
    assert profile.department == department("VN", "book_card")
