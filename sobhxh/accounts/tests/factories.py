"""Users with a role, made through the real service (`accounts.services.create_user`)."""

import itertools

from sobhxh.accounts.models import Role
from sobhxh.accounts.services import create_user
from sobhxh.units.models import Employer, Unit

PASSWORD = "x-Secret-123"
_serial = itertools.count(1)


def make_user(
    username: str | None = None,
    *,
    role: str = Role.CENTRAL,
    unit: Unit | str | None = None,
    employer: Employer | str | None = None,
    password: str = PASSWORD,
    **extra,
):
    """A user with a profile. `unit` and `employer` take an object or its code."""
    return create_user(
        username=username or f"{role}-{next(_serial)}",
        password=password,
        role=role,
        unit_code=getattr(unit, "code", unit),
        employer_code=getattr(employer, "code", employer),
        **extra,
    )
