"""The world: the usual offices, employers and users, built the same way for every test that
asks for the `world` fixture (a pytest plugin, loaded by the root conftest.py).

Hồ Chí Minh (79) with its districts Quận 1 (760) and Quận 12 (761), and Hà Nội (01) with
Ba Đình (001); an employer in each of the three districts; and a user of each role:

    world.users.central     "tw"    central: sees everything
    world.users.province    "hcm"   Hồ Chí Minh (79) and its districts
    world.users.district    "q1"    Quận 1 (760)
    world.users.employer    "cty"   Công ty May Quận 1 (E-Q1) only

    world.employers.q1      E-Q1    Công ty May Quận 1, under Quận 1 (760)
    world.employers.q12     E-Q12   Công ty Giày Quận 12, under Quận 12 (761)
    world.employers.ba_dinh E-BD    Công ty Ba Đình, under Ba Đình (001), Hà Nội

Every password is `factories.PASSWORD`. The world holds no book: a test registers the ones
its story needs (`make_books(world.employers.q1, 3)`). A test whose story needs other
people or places makes them with the factories, beside the world or instead of it.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AbstractUser

from sobhxh.accounts.models import Role
from sobhxh.units.models import Employer, Office

from .factories import make_employer, make_user, office_with_code


@dataclass(frozen=True)
class Offices:
    centre: Office  # VN
    hcm: Office  # 79, a province
    q1: Office  # 760, a district of 79
    q12: Office  # 761, a district of 79
    hanoi: Office  # 01, another province
    ba_dinh: Office  # 001, a district of 01


@dataclass(frozen=True)
class Employers:
    q1: Employer
    q12: Employer
    ba_dinh: Employer


@dataclass(frozen=True)
class Users:
    central: AbstractUser
    province: AbstractUser
    district: AbstractUser
    employer: AbstractUser

    def __getitem__(self, role: str) -> AbstractUser:
        """The user of `role` (a `Role` or its value), for tests parametrized by role."""
        return getattr(self, Role(role).value)


@dataclass(frozen=True)
class World:
    offices: Offices
    employers: Employers
    users: Users


def make_world() -> World:
    offices = Offices(*(office_with_code(code) for code in ("VN", "79", "760", "761", "01", "001")))
    employers = Employers(
        q1=make_employer("760", code="E-Q1", name="Công ty May Quận 1"),
        q12=make_employer("761", code="E-Q12", name="Công ty Giày Quận 12"),
        ba_dinh=make_employer("001", code="E-BD", name="Công ty Ba Đình"),
    )
    users = Users(
        central=make_user("tw", role=Role.CENTRAL),
        province=make_user("hcm", role=Role.PROVINCE, office=offices.hcm),
        district=make_user("q1", role=Role.DISTRICT, office=offices.q1),
        employer=make_user("cty", role=Role.EMPLOYER, employer=employers.q1),
    )
    return World(offices=offices, employers=employers, users=users)


@pytest.fixture
def world(db) -> World:
    """The offices, employers and users above, new for each test."""
    return make_world()
