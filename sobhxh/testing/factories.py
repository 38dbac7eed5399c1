"""Factories: small, explicit builders of real rows through the real services."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from sobhxh.accounts.models import Role
from sobhxh.accounts.services import create_user
from sobhxh.books.lifecycle import Via
from sobhxh.books.models import Book
from sobhxh.books.services import NewBook, register_books
from sobhxh.units.models import Employer, Unit

PASSWORD = "x-Secret-123"
REGISTERED_ON = date(2016, 12, 31)
_numbers = itertools.count(1)
_usernames = itertools.count(1)


def unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def make_employer(office_code: str = "001", code: str | None = None, name: str = "") -> Employer:
    serial = next(_numbers)
    code = code or f"TE{serial:05d}"
    return Employer.objects.create(
        code=code, name=name or f"Công ty TNHH Thử nghiệm {serial}", unit=unit(office_code)
    )


def make_books(employer: Employer, count: int = 1, *, on: date = REGISTERED_ON) -> list[Book]:
    new = []
    for _ in range(count):
        serial = next(_numbers)
        new.append(
            NewBook(
                number=f"{serial:010d}",
                full_name=f"Nguyễn Văn Thử {serial}",
                birth_date=date(1990, 1, 1),
                sex="male",
                employer_id=employer.pk,
                unit_id=employer.unit_id,
            )
        )
    register_books(new, on=on, via=Via.COMMAND)
    return list(Book.objects.filter(number__in=[n.number for n in new]).order_by("pk"))


def make_book(employer: Employer | None = None, **kwargs) -> Book:
    return make_books(employer or make_employer(), 1, **kwargs)[0]


def make_user(
    username: str | None = None,
    *,
    role: str | None = Role.CENTRAL,
    unit: Unit | str | None = None,
    employer: Employer | str | None = None,
    password: str = PASSWORD,
    supervisor: bool = False,
    **extra,
):
    """A user with a profile, made through the real service (`accounts.services.create_user`).

    `unit` and `employer` take an object or its code; `extra` is the service's other
    arguments (`first_name`, `last_name`, `is_superuser`). `role=None` makes an account with
    no profile at all, which sees nothing. A `supervisor` may also undo a handover.
    """
    username = username or f"{role or 'user'}-{next(_usernames)}"
    if role is None:
        user = get_user_model().objects.create_user(username=username, password=password)
    else:
        user = create_user(
            username=username,
            password=password,
            role=role,
            unit_code=getattr(unit, "code", unit),
            employer_code=getattr(employer, "code", employer),
            **extra,
        )
    if supervisor:
        user.user_permissions.add(Permission.objects.get(codename="undo_handover"))
        user = get_user_model().objects.get(pk=user.pk)  # forget the cached permissions
    return user
