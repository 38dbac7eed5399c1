from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction

from sobhxh.accounts.management.commands import create_user as command
from sobhxh.accounts.models import Profile, Role
from sobhxh.accounts.services import create_user
from sobhxh.organisation.models import Department
from sobhxh.testing.factories import department, make_employer

pytestmark = pytest.mark.django_db

PASSWORD = "x-Secret-123"


def run(*args, password: str | None = PASSWORD, monkeypatch=None):
    out, err = StringIO(), StringIO()
    if monkeypatch is not None:
        if password is None:
            monkeypatch.delenv(command.PASSWORD_VARIABLE, raising=False)
        else:
            monkeypatch.setenv(command.PASSWORD_VARIABLE, password)
    status = 0
    try:
        call_command("create_user", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        status = exit.code
    return status, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    ("role", "place", "office", "employer"),
    [
        (Role.CENTRAL, {}, None, None),
        (Role.PROVINCE, {"office_code": "79"}, "79", None),
        (Role.DISTRICT, {"office_code": "760"}, "760", None),
        (Role.EMPLOYER, {"employer_code": "E-1"}, None, "E-1"),
    ],
)
def test_create_user_gives_the_user_its_role_and_place(role, place, office, employer):
    make_employer("760", code="E-1")
    user = create_user(username="nguoidung", password=PASSWORD, role=role, **place)
    profile = Profile.objects.select_related("office", "employer").get(user=user)
    assert profile.role == role
    assert getattr(profile.office, "code", None) == office
    assert getattr(profile.employer, "code", None) == employer
    assert user.check_password(PASSWORD)
    assert not user.is_staff and not user.is_superuser


@pytest.mark.parametrize(
    ("role", "place", "message"),
    [
        ("chief", {}, "Vai trò “chief” không hợp lệ"),
        (Role.CENTRAL, {"office_code": "79"}, "Người dùng Trung ương không thuộc"),
        (Role.PROVINCE, {}, "cần mã của một BHXH tỉnh"),
        (Role.PROVINCE, {"office_code": "760"}, "“760” là BHXH Quận 1, không hợp với vai trò này"),
        (Role.PROVINCE, {"office_code": "99"}, "Không có cơ quan BHXH nào mang mã “99”"),
        (Role.DISTRICT, {"office_code": "79"}, "cần mã của một BHXH huyện"),
        (Role.DISTRICT, {"office_code": "760", "employer_code": "E-1"}, "không cho mã đơn vị"),
        (Role.EMPLOYER, {}, "cần mã đơn vị"),
        (Role.EMPLOYER, {"employer_code": "E-404"}, "Không có đơn vị nào có mã “E-404”"),
        (Role.EMPLOYER, {"employer_code": "E-1", "office_code": "760"}, "không cho mã cơ quan"),
    ],
)
def test_create_user_refuses_a_place_that_does_not_fit_the_role(role, place, message):
    make_employer("760", code="E-1")
    with pytest.raises(ValidationError) as refused:
        create_user(username="nguoidung", password=PASSWORD, role=role, **place)
    assert message in " ".join(refused.value.messages)
    assert not get_user_model().objects.filter(username="nguoidung").exists()


def test_create_user_refuses_a_taken_name_and_a_weak_password():
    create_user(username="hcm", password=PASSWORD, role=Role.PROVINCE, office_code="79")
    with pytest.raises(ValidationError, match="đã có người dùng"):
        create_user(username="hcm", password=PASSWORD, role=Role.PROVINCE, office_code="79")
    with pytest.raises(ValidationError, match="Mật khẩu quá ngắn"):
        create_user(username="q1", password="short", role=Role.DISTRICT, office_code="760")
    assert not get_user_model().objects.filter(username="q1").exists()


@pytest.mark.parametrize(
    ("username", "password", "reason"),
    [
        ("nguyenvanan", "nguyenvanan1", "quá giống với Tên đăng nhập"),
        ("hcm", "0912345678", "hoàn toàn là số"),
        ("hcm", "12345678", "quá phổ biến"),
    ],
)
def test_a_password_like_the_user_name_or_all_digits_is_refused(username, password, reason):
    with pytest.raises(ValidationError, match=reason):
        create_user(username=username, password=password, role=Role.CENTRAL)
    assert not get_user_model().objects.filter(username=username).exists()


def test_the_database_refuses_a_profile_whose_place_does_not_fit_its_role():
    user = get_user_model().objects.create_user("x", password=PASSWORD)
    employer = make_employer("760")
    for role, place in [
        (Role.CENTRAL, {"employer": employer}),
        (Role.PROVINCE, {}),
        (Role.DISTRICT, {"employer": employer}),
        (Role.EMPLOYER, {}),
        ("chief", {}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Profile.objects.create(user=user, role=role, **place)


def test_the_command_creates_a_user_with_the_password_from_the_environment(monkeypatch):
    status, out, _ = run("hcm", "--role", "province", "--office", "79", monkeypatch=monkeypatch)
    assert status == 0
    assert "Đã tạo người dùng “hcm”: BHXH tỉnh, BHXH Thành phố Hồ Chí Minh." in out
    user = get_user_model().objects.get(username="hcm")
    assert user.check_password(PASSWORD) and user.profile.office.code == "79"


@pytest.fixture
def terminal(monkeypatch):
    monkeypatch.setattr(command, "interactive", lambda: True)


def test_the_command_asks_the_password_twice_when_the_environment_has_none(monkeypatch, terminal):
    answers = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr(command.getpass, "getpass", lambda prompt: next(answers))
    status, _, _ = run("tw", "--role", "central", password=None, monkeypatch=monkeypatch)
    assert status == 0
    assert get_user_model().objects.get(username="tw").check_password(PASSWORD)


def test_the_command_refuses_two_different_passwords(monkeypatch, terminal):
    answers = iter([PASSWORD, PASSWORD + "x"])
    monkeypatch.setattr(command.getpass, "getpass", lambda prompt: next(answers))
    status, _, err = run("tw", "--role", "central", password=None, monkeypatch=monkeypatch)
    assert status == 2
    assert "Hai mật khẩu không giống nhau" in err
    assert not get_user_model().objects.filter(username="tw").exists()


def test_the_command_stops_cleanly_when_the_prompt_is_interrupted(monkeypatch, terminal):
    def interrupted(prompt):
        raise KeyboardInterrupt

    monkeypatch.setattr(command.getpass, "getpass", interrupted)
    status, _, err = run("tw", "--role", "central", password=None, monkeypatch=monkeypatch)
    assert status == 2 and "Đã hủy" in err


def test_the_command_without_a_terminal_or_a_password_says_where_to_put_it(monkeypatch):
    monkeypatch.setattr(command, "interactive", lambda: False)
    status, _, err = run("tw", "--role", "central", password=None, monkeypatch=monkeypatch)
    assert status == 2 and "biến môi trường SOBHXH_PASSWORD" in err
    assert not get_user_model().objects.filter(username="tw").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["hcm"], "Hãy chọn vai trò"),
        (["hcm", "--role", "boss"], "Vai trò “boss” không hợp lệ"),
        (["hcm", "--role", "province"], "cần mã của một BHXH tỉnh"),
        (["hcm", "--role", "district", "--office", "79"], "không hợp với vai trò này"),
        (["hcm", "--role", "employer", "--employer", "NOPE"], "Không có đơn vị nào có mã"),
    ],
)
def test_the_command_refuses_bad_input_with_exit_status_2_and_a_vietnamese_message(
    monkeypatch, args, message
):
    status, out, err = run(*args, monkeypatch=monkeypatch)
    assert status == 2
    assert message in err
    assert "Traceback" not in err + out
    assert not get_user_model().objects.filter(username="hcm").exists()


# -- departments -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "place", "function", "office", "name"),
    [
        (Role.CENTRAL, {}, "book_card", "VN", "Ban Sổ - Thẻ"),
        (Role.CENTRAL, {}, "benefits", "VN", "Ban Thực hiện chính sách BHXH"),
        (Role.PROVINCE, {"office_code": "79"}, "book_card", "79", "Phòng Cấp sổ, thẻ"),
        (Role.PROVINCE, {"office_code": "01"}, "finance", "01", "Phòng Kế hoạch - Tài chính"),
    ],
)
def test_a_central_or_province_user_joins_the_department_of_their_office(
    role, place, function, office, name
):
    user = create_user(
        username="nguoidung", password=PASSWORD, role=role, department=function, **place
    )
    profile = Profile.objects.select_related("department__office").get(user=user)
    assert profile.department == department(office, function)
    assert profile.department.name == name
    profile.full_clean()


def test_without_a_department_a_staff_user_has_none():
    user = create_user(username="hcm", password=PASSWORD, role=Role.PROVINCE, office_code="79")
    assert user.profile.department is None


@pytest.mark.parametrize(
    ("role", "place", "function", "message"),
    [
        (
            Role.DISTRICT,
            {"office_code": "760"},
            "book_card",
            "Chỉ người dùng Trung ương hoặc BHXH tỉnh mới thuộc một phòng ban",
        ),
        (
            Role.EMPLOYER,
            {"employer_code": "E-1"},
            "book_card",
            "Chỉ người dùng Trung ương hoặc BHXH tỉnh mới thuộc một phòng ban",
        ),
        (Role.PROVINCE, {"office_code": "79"}, "legal", "Phòng ban “legal” không hợp lệ"),
        (Role.CENTRAL, {}, "Ban Thu", "Phòng ban “Ban Thu” không hợp lệ: hãy chọn book_card"),
    ],
)
def test_create_user_refuses_a_department_that_does_not_fit(role, place, function, message):
    make_employer("760", code="E-1")
    with pytest.raises(ValidationError) as refused:
        create_user(
            username="nguoidung", password=PASSWORD, role=role, department=function, **place
        )
    assert message in " ".join(refused.value.messages)
    assert not get_user_model().objects.filter(username="nguoidung").exists()


def test_create_user_refuses_a_department_the_office_does_not_have():
    Department.objects.filter(office__code="79", function="it").delete()
    with pytest.raises(ValidationError) as refused:
        create_user(
            username="hcm", password=PASSWORD, role=Role.PROVINCE, office_code="79", department="it"
        )
    assert refused.value.messages == [
        "BHXH Thành phố Hồ Chí Minh chưa có phòng ban phụ trách “Công nghệ thông tin”."
    ]


def test_a_profile_s_department_must_be_one_of_its_own_office():
    user = create_user(username="hcm", password=PASSWORD, role=Role.PROVINCE, office_code="79")
    profile = user.profile
    profile.department = department("01", "book_card")
    with pytest.raises(ValidationError, match="Phòng ban này không thuộc cơ quan BHXH"):
        profile.full_clean()
    central = create_user(username="tw", password=PASSWORD, role=Role.CENTRAL).profile
    central.department = department("79", "book_card")
    with pytest.raises(ValidationError, match="Phòng ban này không thuộc cơ quan BHXH"):
        central.full_clean()
    central.department = department("VN", "book_card")
    central.full_clean()


def test_the_database_refuses_a_department_for_a_district_or_employer_user():
    user = get_user_model().objects.create_user("x", password=PASSWORD)
    employer = make_employer("760")
    for role, place in [
        (Role.DISTRICT, {"office": employer.office}),
        (Role.EMPLOYER, {"employer": employer}),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            Profile.objects.create(
                user=user, role=role, department=department("79", "book_card"), **place
            )


def test_the_command_gives_the_user_a_department(monkeypatch):
    status, out, _ = run(
        "hcm",
        "--role",
        "province",
        "--office",
        "79",
        "--department",
        "revenue",
        monkeypatch=monkeypatch,
    )
    assert status == 0
    assert (
        "Đã tạo người dùng “hcm”: BHXH tỉnh, BHXH Thành phố Hồ Chí Minh, Phòng Quản lý thu." in out
    )
    assert get_user_model().objects.get(username="hcm").profile.department == department(
        "79", "revenue"
    )
    status, out, _ = run("tw", "--role", "central", "--department", "it", monkeypatch=monkeypatch)
    assert status == 0 and "Trung tâm Công nghệ thông tin" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["q1", "--role", "district", "--office", "760", "--department", "book_card"],
            "Chỉ người dùng Trung ương hoặc BHXH tỉnh mới thuộc một phòng ban",
        ),
        (["tw", "--role", "central", "--department", "hr"], "Phòng ban “hr” không hợp lệ"),
    ],
)
def test_the_command_refuses_a_department_that_does_not_fit(monkeypatch, args, message):
    status, out, err = run(*args, monkeypatch=monkeypatch)
    assert status == 2
    assert message in err
    assert "Traceback" not in err + out
    assert not get_user_model().objects.filter(username=args[0]).exists()
