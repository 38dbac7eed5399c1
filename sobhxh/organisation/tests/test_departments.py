from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from sobhxh.organisation.models import Committee, Department, Function
from sobhxh.organisation.services import create_departments
from sobhxh.units.models import Office
from sobhxh.units.offices import read_structure

pytestmark = pytest.mark.django_db

CENTRAL = {
    "book_card": "Ban Sổ - Thẻ",
    "it": "Trung tâm Công nghệ thông tin",
    "finance": "Vụ Tài chính - Kế toán",
    "revenue": "Ban Thu",
    "benefits": "Ban Thực hiện chính sách BHXH",
}
PROVINCIAL = {
    "book_card": "Phòng Cấp sổ, thẻ",
    "it": "Phòng Công nghệ thông tin",
    "finance": "Phòng Kế hoạch - Tài chính",
    "revenue": "Phòng Quản lý thu",
    "benefits": "Phòng Chế độ BHXH",
}


def names(office_code: str) -> dict[str, str]:
    return dict(Department.objects.filter(office__code=office_code).values_list("function", "name"))


def test_the_migration_loads_the_centre_s_five_departments_and_five_in_each_province():
    assert Department.objects.count() == 5 + 63 * 5
    assert names("VN") == CENTRAL
    for code in ("01", "79", "96"):
        assert names(code) == PROVINCIAL
    provinces = Office.objects.filter(level=Office.Level.PROVINCE)
    assert provinces.count() == 63
    assert not Department.objects.filter(office__level=Office.Level.DISTRICT).exists()
    per_office = Department.objects.values_list("office_id", flat=True)
    assert set(per_office) == {
        *provinces.values_list("pk", flat=True),
        Office.objects.get(code="VN").pk,
    }


def test_a_department_says_its_name_and_office():
    department = Department.objects.get(office__code="79", function=Function.BOOK_CARD)
    assert str(department) == "Phòng Cấp sổ, thẻ – BHXH Thành phố Hồ Chí Minh"
    assert str(Department.objects.get(office__code="VN", function="it")) == (
        "Trung tâm Công nghệ thông tin – BHXH Việt Nam"
    )


def test_an_office_has_one_department_per_function():
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(
            office=Office.objects.get(code="79"), function=Function.IT, name="Phòng CNTT 2"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Department.objects.create(
            office=Office.objects.get(code="79"), function="legal", name="Phòng Pháp chế"
        )


def test_create_departments_is_idempotent_and_fills_only_what_is_missing():
    offices = Office.objects.all()
    assert create_departments(offices) == 0
    Department.objects.filter(office__code="79").delete()
    Department.objects.filter(office__code="VN", function=Function.FINANCE).delete()

    assert create_departments(offices) == 6

    assert names("79") == PROVINCIAL and names("VN") == CENTRAL
    assert create_departments(offices) == 0
    assert Department.objects.count() == 5 + 63 * 5


def test_loading_the_2025_structure_gives_its_provinces_their_departments():
    # A database holding the 2025 structure only: empty the tree, then load it (the centre
    # and 34 provinces are new).
    Committee.objects.all().delete()
    Department.objects.all().delete()
    Office.objects.update(parent=None, province=None)
    Office.objects.all().delete()
    out = StringIO()

    call_command("load_offices", "2025", stdout=out)

    provinces = read_structure("2025")["provinces"]
    assert Office.objects.filter(level=Office.Level.PROVINCE).count() == len(provinces) == 34
    assert Department.objects.count() == 5 + 34 * 5
    assert all(names(province["code"]) == PROVINCIAL for province in provinces)
    assert names("VN") == CENTRAL
    assert Committee.objects.count() == 1 + 34  # and each its steering committee
    assert "Cơ cấu 2025: 35 cơ quan BHXH mới, 175 phòng ban mới." in out.getvalue()

    out = StringIO()
    call_command("load_offices", "2025", stdout=out)
    assert "Cơ cấu 2025: 0 cơ quan BHXH mới, 0 phòng ban mới." in out.getvalue()


def test_loading_the_2025_structure_over_2017_adds_nothing_twice():
    out = StringIO()
    call_command("load_offices", "2025", stdout=out)
    assert "0 phòng ban mới" in out.getvalue()
    assert Department.objects.count() == 5 + 63 * 5


def test_load_offices_refuses_an_unknown_structure_in_vietnamese():
    with pytest.raises(CommandError) as refused:
        call_command("load_offices", "2030")
    assert str(refused.value) == "Cơ cấu “2030” không hợp lệ: hãy chọn 2017 hoặc 2025."
