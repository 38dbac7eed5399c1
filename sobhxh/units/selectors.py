from collections.abc import Iterable

from .models import CENTRE_CODE, Employer, Office


def centre() -> Office:
    return Office.objects.get(code=CENTRE_CODE)


def office_by_code(code: str) -> Office | None:
    return Office.objects.filter(code=code).first()


def ancestor_map(office_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """For each office, the office itself and every office above it, nearest first."""
    rows = Office.objects.filter(pk__in=set(office_ids)).values_list(
        "pk", "parent_id", "parent__parent_id"
    )
    return {
        pk: tuple(i for i in (pk, parent, grand) if i is not None) for pk, parent, grand in rows
    }


def children_of(office: Office):
    return Office.objects.filter(parent=office).order_by("code")


def employers_managed_by(office: Office):
    return Employer.objects.filter(office=office).order_by("code")


def employers_by_code(codes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(id, managing office id) of the stored employers among these codes, by code."""
    rows = Employer.objects.filter(code__in=set(codes)).values_list("code", "pk", "office_id")
    return {code: (pk, office_id) for code, pk, office_id in rows}
