import pytest

from sobhxh.units.models import CENTRE_CODE, Office
from sobhxh.units.offices import read_structure

pytestmark = pytest.mark.django_db


def test_a_migrated_database_holds_the_2017_office_tree():
    data = read_structure("2017")
    districts = sum(len(province["districts"]) for province in data["provinces"])
    assert Office.objects.filter(level="centre").get().code == CENTRE_CODE
    assert Office.objects.filter(level="province").count() == 63
    assert Office.objects.filter(level="district").count() == districts
    assert 680 <= districts <= 720


@pytest.mark.parametrize(
    ("code", "name"),
    [("01", "Thành phố Hà Nội"), ("79", "Thành phố Hồ Chí Minh"), ("74", "Tỉnh Bình Dương")],
)
def test_provinces_carry_the_statistics_office_codes_and_names(code, name):
    province = Office.objects.get(code=code)
    assert (province.name, province.level, province.parent.code) == (name, "province", "VN")
    assert province.province == province
    assert province.office_name == f"BHXH {name}"


def test_every_district_hangs_under_its_province_with_a_three_digit_code():
    districts = Office.objects.filter(level="district").select_related("parent", "province")
    for district in districts:
        assert len(district.code) == 3 and district.code.isdigit()
        assert district.parent == district.province
        assert district.parent.level == "province"


def test_the_2025_structure_is_available_as_data():
    data = read_structure("2025")
    assert len(data["provinces"]) == 34
    assert all(not province.get("districts") for province in data["provinces"])
