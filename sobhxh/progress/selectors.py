"""Reads of progress: the figures of an office or employer, now or as of any past date.

They read the counters (for today) or sum the daily deltas up to the date asked (for the
past), never the books: the cost depends on the number of units and days, not of books.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from sobhxh.books.lifecycle import State
from sobhxh.units.models import Employer, Unit

from .models import EmployerCount, EmployerDelta, UnitCount, UnitDelta
from .targets import Schedule, judge, load_schedule


@dataclass
class Figures:
    code: str
    name: str
    kind: str  # "centre", "province", "district" or "employer"
    as_of: date
    by_state: dict[str, int]
    target_percent: Decimal | None = None
    behind: bool = False
    children: list["Figures"] = field(default_factory=list)

    @property
    def books(self) -> int:
        return sum(self.by_state.values())

    @property
    def excluded(self) -> int:
        return self.by_state[State.EXCLUDED]

    @property
    def due(self) -> int:
        return self.books - self.excluded

    @property
    def handed_over(self) -> int:
        return self.by_state[State.HANDED_OVER]

    @property
    def percent(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(100 * self.handed_over) / self.due).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )

    def as_dict(self, *, with_children: bool = True) -> dict:
        data = {
            "unit": self.code,
            "name": self.name,
            "as_of": self.as_of.isoformat(),
            "books": self.books,
            "excluded": self.excluded,
            "due": self.due,
            "handed_over": self.handed_over,
            "percent": float(self.percent) if self.percent is not None else None,
            "target_percent": float(self.target_percent)
            if self.target_percent is not None
            else None,
            "behind": self.behind,
            "by_state": dict(self.by_state),
        }
        if with_children:
            data["children"] = [child.as_dict(with_children=False) for child in self.children]
        return data


def _empty_states() -> dict[str, int]:
    return {state: 0 for state in State.values}


def _is_current(as_of: date) -> bool:
    # Business dates are never in the future, so today's figures are the counters.
    return as_of >= timezone.localdate()


def unit_state_totals(unit_ids, as_of: date) -> dict[int, dict[str, int]]:
    return _state_totals(UnitCount, UnitDelta, "unit_id", unit_ids, as_of)


def employer_state_totals(employer_ids, as_of: date) -> dict[int, dict[str, int]]:
    """Totals per employer; `employer_ids` may be a list or a queryset of ids."""
    return _state_totals(EmployerCount, EmployerDelta, "employer_id", employer_ids, as_of)


def _state_totals(counts, deltas, key: str, ids, as_of: date) -> dict[int, dict[str, int]]:
    """{id: {state: books}} from the counters (today) or the daily deltas up to `as_of`."""
    totals: dict[int, dict[str, int]] = defaultdict(_empty_states)
    if _is_current(as_of):
        rows = counts.objects.filter(**{f"{key}__in": ids}).values_list(key, "state", "total")
    else:
        rows = (
            deltas.objects.filter(**{f"{key}__in": ids, "day__lte": as_of})
            .values_list(key, "state")
            .annotate(total=Sum("change"))
        )
    for owner, state, total in rows:
        totals[owner][state] += total
    return totals


def _judged(figures: Figures, schedule: Schedule, province_id: int | None) -> Figures:
    figures.target_percent, figures.behind = judge(
        schedule.milestones_for(province_id), figures.as_of, figures.percent
    )
    return figures


def unit_figures(unit: Unit, as_of: date, *, with_children: bool = True) -> Figures:
    """The figures of an office on `as_of`, with its children's: provinces under the
    centre; districts, then the employers it manages itself, under a province; employers
    under a district. The children add up to the unit."""
    schedule = load_schedule()
    own = unit_state_totals([unit.pk], as_of)[unit.pk]
    figures = _judged(
        Figures(unit.code, unit.office_name, unit.level, as_of, own), schedule, unit.province_id
    )
    if not with_children:
        return figures
    offices = list(Unit.objects.filter(parent=unit).order_by("code"))
    office_totals = unit_state_totals([office.pk for office in offices], as_of)
    for office in offices:
        child = Figures(
            office.code, office.office_name, office.level, as_of, office_totals[office.pk]
        )
        figures.children.append(_judged(child, schedule, office.province_id))
    if unit.level != Unit.Level.CENTRE:
        managed = Employer.objects.filter(unit=unit)
        employers = list(managed.order_by("code").values_list("pk", "code", "name"))
        employer_totals = employer_state_totals(managed.values("pk"), as_of)
        for pk, code, name in employers:
            child = Figures(code, name, "employer", as_of, employer_totals[pk])
            figures.children.append(_judged(child, schedule, unit.province_id))
    return figures


def employer_figures(employer: Employer, as_of: date) -> Figures:
    schedule = load_schedule()
    totals = employer_state_totals([employer.pk], as_of)[employer.pk]
    figures = Figures(employer.code, employer.name, "employer", as_of, totals)
    return _judged(figures, schedule, employer.unit.province_id)
