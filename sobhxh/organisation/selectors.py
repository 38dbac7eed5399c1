"""Reads of the organisation app."""

from django.db.models import Q

from sobhxh.units.models import CENTRE_CODE, Office

from .models import Department


def department_of(user) -> Department | None:
    """The department the user belongs to, or None (no profile, or a user of no department:
    district and employer users, and staff not assigned to one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)  # a missing profile raises an AttributeError
    if profile is None or profile.department_id is None:
        return None
    return profile.department


def departments_for(office: Office, function: str) -> list[Department]:
    """The departments of `function` that answer for `office`, nearest first: its
    province's (none for the centre) and then the centre's. What routing a problem needs."""
    nearest = Q(office__code=CENTRE_CODE)
    if office.level != Office.Level.CENTRE and office.province_id is not None:
        nearest |= Q(office_id=office.province_id)
    departments = Department.objects.select_related("office").filter(nearest, function=function)
    return sorted(departments, key=lambda department: department.office.code == CENTRE_CODE)


def department_in(office: Office, function: str) -> Department | None:
    """The department of `function` in `office`, or None."""
    return Department.objects.filter(office=office, function=function).first()
