"""Which target applies to an office on a date.

- `target_percent` is the target of the milestone the office is working towards on that
  date: the first milestone on or after it (the last one once all have passed).
- An office is `behind` when a milestone has passed by that date and the office's progress on
  that date is under that milestone's target (DOMAIN.md: "behind").

A province with milestones of its own uses those; every other office uses the campaign's
national ones. Districts and employers follow their province.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models import Campaign, Milestone


@dataclass(frozen=True)
class Schedule:
    # (due_on, target_percent), sorted by date
    national: tuple[tuple[date, Decimal], ...]
    by_province: dict[int, tuple[tuple[date, Decimal], ...]]

    def milestones_for(self, province_id: int | None) -> tuple[tuple[date, Decimal], ...]:
        return self.by_province.get(province_id, self.national)


def load_schedule(campaign: Campaign | None = None) -> Schedule:
    campaign = campaign or Campaign.objects.filter(is_default=True).first()
    if campaign is None:
        return Schedule((), {})
    national: list = []
    by_province: dict[int, list] = {}
    for province_id, due_on, percent in (
        Milestone.objects.filter(campaign=campaign)
        .order_by("due_on")
        .values_list("province_id", "due_on", "target_percent")
    ):
        target = national if province_id is None else by_province.setdefault(province_id, [])
        target.append((due_on, percent))
    return Schedule(tuple(national), {k: tuple(v) for k, v in by_province.items()})


def judge(
    milestones: tuple[tuple[date, Decimal], ...], as_of: date, percent: Decimal | None
) -> tuple[Decimal | None, bool]:
    """(target_percent, behind) for an office whose progress on `as_of` is `percent`."""
    if not milestones:
        return None, False
    upcoming = [target for due_on, target in milestones if due_on >= as_of]
    target_percent = upcoming[0] if upcoming else milestones[-1][1]
    passed = [target for due_on, target in milestones if due_on <= as_of]
    # An office with nothing due has nothing left to hand over: it is not behind.
    behind = bool(passed) and percent is not None and percent < passed[-1]
    return target_percent, behind
