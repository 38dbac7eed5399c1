from collections.abc import Iterable

from .models import CENTRE_CODE, Employer, Unit


def centre() -> Unit:
    return Unit.objects.get(code=CENTRE_CODE)


def unit_by_code(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).first()


def ancestor_map(unit_ids: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """For each unit, the unit itself and every office above it, nearest first."""
    rows = Unit.objects.filter(pk__in=set(unit_ids)).values_list(
        "pk", "parent_id", "parent__parent_id"
    )
    return {
        pk: tuple(i for i in (pk, parent, grand) if i is not None) for pk, parent, grand in rows
    }


def children_of(unit: Unit):
    return Unit.objects.filter(parent=unit).order_by("code")


def employers_managed_by(unit: Unit):
    return Employer.objects.filter(unit=unit).order_by("code")


def employers_by_code(codes: Iterable[str]) -> dict[str, tuple[int, int]]:
    """(id, managing office id) of the stored employers among these codes, by code."""
    rows = Employer.objects.filter(code__in=set(codes)).values_list("code", "pk", "unit_id")
    return {code: (pk, office_id) for code, pk, office_id in rows}
