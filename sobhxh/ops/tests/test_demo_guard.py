"""generate_demo and create_demo_user keep out of a database that holds real data."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from sobhxh.accounts.models import Role
from sobhxh.books.models import Book
from sobhxh.duplicates.selectors import planted_numbers
from sobhxh.ops.demo import real_data
from sobhxh.testing.factories import make_books, make_employer, make_user

pytestmark = pytest.mark.django_db


def generate_demo(**options):
    call_command("generate_demo", books=300, seed=4, quiet=True, stdout=StringIO(), **options)


def create_demo_user(**options) -> str:
    out = StringIO()
    call_command("create_demo_user", stdout=out, **options)
    return out.getvalue()


def usernames() -> set[str]:
    return set(get_user_model().objects.values_list("username", flat=True))


def test_an_empty_database_and_the_demos_own_data_hold_no_real_data():
    assert real_data() == ""
    generate_demo()
    create_demo_user()
    assert real_data() == ""
    staff = {name for name in usernames() if name.startswith("demo.")}
    assert usernames() - staff == {"demo", "demo-tinh", "demo-huyen", "demo-donvi"}
    assert not get_user_model().objects.filter(
        username__in=staff, password__startswith="!"
    ).count() < len(staff)


def test_a_user_named_like_the_demo_staff_who_can_log_in_is_real_data():
    generate_demo()
    make_user("demo.khach", role=Role.CENTRAL)
    assert real_data() == "1 người dùng"


def test_books_registered_by_the_registry_are_real_data():
    generate_demo()
    make_books(make_employer("760"), 1)
    assert real_data() == "sổ không thuộc dữ liệu dùng thử"


def test_generate_demo_refuses_a_database_with_real_users_or_employers():
    make_user("hcm", role=Role.PROVINCE, office="79")
    make_employer("760")

    with pytest.raises(CommandError) as refused:
        generate_demo()

    assert str(refused.value) == (
        "Cơ sở dữ liệu này có dữ liệu thật (1 người dùng, đơn vị chưa có sổ nào): không nạp "
        "dữ liệu dùng thử vào đây. Nếu chắc chắn, hãy thêm --force."
    )
    assert not Book.objects.exists()
    generate_demo(force=True)
    assert Book.objects.exclude(number__in=planted_numbers()).count() == 300


def test_create_demo_user_refuses_a_database_with_real_books():
    make_books(make_employer("760"), 3)

    with pytest.raises(CommandError, match="không thêm người dùng demo, vì mật khẩu") as refused:
        create_demo_user()

    assert "sổ không thuộc dữ liệu dùng thử" in str(refused.value)
    assert usernames() == set()
    create_demo_user(force=True)
    assert "demo" in usernames()


def test_create_demo_user_refuses_a_database_with_a_real_user():
    make_user("admin", role=Role.CENTRAL, is_superuser=True)
    with pytest.raises(CommandError, match=r"\(1 người dùng\)"):
        create_demo_user()
    assert usernames() == {"admin"}


def test_running_create_demo_user_again_is_fine_once_the_demo_users_exist():
    generate_demo()
    create_demo_user()
    make_user("thu", role=Role.CENTRAL)  # someone trying the demo adds a user

    assert "demo-tinh" in create_demo_user()  # nothing to add, so nothing to refuse
