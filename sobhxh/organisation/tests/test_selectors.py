import pytest
from django.contrib.auth.models import AnonymousUser

from sobhxh.accounts.models import Role
from sobhxh.organisation.models import Function
from sobhxh.organisation.selectors import department_of, departments_for
from sobhxh.testing.factories import department, make_employer, make_user, office_with_code

pytestmark = pytest.mark.django_db


def test_department_of_is_the_user_s_department_or_none():
    make_employer("760", code="E-1")
    central = make_user(role=Role.CENTRAL, department=Function.IT)
    province = make_user(role=Role.PROVINCE, office="79", department=Function.FINANCE)
    assert department_of(central) == department("VN", "it")
    assert department_of(province) == department("79", "finance")
    for nobody in [
        make_user(role=Role.PROVINCE, office="79"),
        make_user(role=Role.DISTRICT, office="760"),
        make_user(role=Role.EMPLOYER, employer="E-1"),
        make_user(role=None),
        AnonymousUser(),
    ]:
        assert department_of(nobody) is None


@pytest.mark.parametrize(
    ("office", "expected"),
    [
        ("760", ["79", "VN"]),  # a district: its province's department, then the centre's
        ("79", ["79", "VN"]),
        ("01", ["01", "VN"]),
        ("VN", ["VN"]),
    ],
)
def test_departments_for_an_office_are_its_province_s_then_the_centre_s(office, expected):
    found = departments_for(office_with_code(office), Function.REVENUE)
    assert [d.office.code for d in found] == expected
    assert {d.function for d in found} == {Function.REVENUE}
    assert found[-1].name == "Ban Thu"
