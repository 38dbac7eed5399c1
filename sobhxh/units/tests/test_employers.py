"""Employers are created through the units' door, under one rule: a name and an office."""

import pytest

from sobhxh.testing.factories import office_with_code
from sobhxh.units import services
from sobhxh.units.models import Employer
from sobhxh.units.selectors import employers_by_code

pytestmark = pytest.mark.django_db


def test_an_employer_needs_a_name_and_then_an_office():
    office = office_with_code("760").pk
    assert services.refusal("", office) == ("name", services.NO_NAME)
    assert services.refusal("Công ty May Sài Gòn", None) == ("office", services.NO_OFFICE)
    assert services.refusal("Công ty May Sài Gòn", office) is None


def test_employers_are_created_together_with_their_ids_and_offices():
    office = office_with_code("760").pk
    created = services.create_employers(
        [
            services.NewEmployer("TA0001A", "Công ty May Sài Gòn", office),
            services.NewEmployer("TA0002A", "Công ty Điện tử Tân Bình", office),
        ]
    )
    assert set(created) == {"TA0001A", "TA0002A"}
    assert created["TA0001A"] == (Employer.objects.get(code="TA0001A").pk, office)
    assert employers_by_code(["TA0002A", "KHONG-CO"]) == {"TA0002A": created["TA0002A"]}


def test_an_employer_the_rule_refuses_is_not_created():
    with pytest.raises(ValueError):
        services.create_employers([services.NewEmployer("TA0003A", "", office_with_code("760").pk)])
    assert not Employer.objects.exists()
