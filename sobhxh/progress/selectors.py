"""Reads of progress: the figures of an office or employer, now or as of any past date.

They read the counters (for today) or sum the daily deltas up to the date asked (for the
past), never the books: the cost depends on the number of units and days, not of books.
"""

import calendar
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import F, Q, QuerySet, Sum
from django.db.models.functions import Collate, TruncMonth
from django.utils import timezone

from sobhxh.books.lifecycle import State, WaitingReason
from sobhxh.units.models import Employer, Office

from . import buckets
from .models import (
    Campaign,
    EmployerCount,
    EmployerDelta,
    OfficeCount,
    OfficeDelta,
    OfficeMonthDelta,
)
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
            "unit": self.code,  # the key of `progress --json`, kept for its readers
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
    return dict.fromkeys(buckets.STATE_BUCKETS, 0)


def is_current(as_of: date) -> bool:
    # Business dates are never in the future, so today's figures are the counters.
    return as_of >= timezone.localdate()


def office_state_totals(office_ids, as_of: date) -> dict[int, dict[str, int]]:
    return _state_totals(OfficeCount, OfficeDelta, "office_id", office_ids, as_of)


def office_book_totals(office_ids, as_of: date) -> dict[int, int]:
    """{office id: its books on `as_of`}, for the offices that had any; `office_ids` may be
    a list or a queryset of ids."""
    totals: Counter = Counter()
    for owner, _state, total in _bucket_rows(
        OfficeCount, OfficeDelta, "office_id", office_ids, as_of, buckets.STATE_BUCKETS
    ):
        totals[owner] += total
    return {owner: total for owner, total in totals.items() if total}


def employer_state_totals(employer_ids, as_of: date) -> dict[int, dict[str, int]]:
    """Totals per employer; `employer_ids` may be a list or a queryset of ids."""
    return _state_totals(EmployerCount, EmployerDelta, "employer_id", employer_ids, as_of)


def office_waiting_totals(office_ids, as_of: date) -> dict[int, dict[str, int]]:
    """{office id: {waiting reason: books waiting for it on `as_of`}}, every reason present;
    an office counts the books it manages directly or through the offices under it."""
    return _waiting_totals(OfficeCount, OfficeDelta, "office_id", office_ids, as_of)


def employer_waiting_totals(employer_ids, as_of: date) -> dict[int, dict[str, int]]:
    return _waiting_totals(EmployerCount, EmployerDelta, "employer_id", employer_ids, as_of)


def office_action_totals(
    office_ids, first_day: date, last_day: date
) -> dict[int, dict[tuple[date, str], int]]:
    """{office id: {(day, action): events of that action dated that day}}, for the days
    from `first_day` to `last_day` and the counted actions (`buckets.COUNTED_ACTIONS`); an
    office counts the events of the books it manages directly or through offices under it."""
    rows = OfficeDelta.objects.filter(
        office_id__in=office_ids,
        day__gte=first_day,
        day__lte=last_day,
        state__in=buckets.ACTION_BUCKETS,
    ).values_list("office_id", "day", "state", "change")
    totals: dict[int, dict[tuple[date, str], int]] = defaultdict(dict)
    for office_id, day, bucket, change in rows:
        totals[office_id][_as_date(day), bucket.removeprefix(buckets.ACTION)] = change
    return totals


def _state_totals(counts, deltas, key: str, ids, as_of: date) -> dict[int, dict[str, int]]:
    """{id: {state: books}} from the counters (today) or the daily deltas up to `as_of`."""
    totals: dict[int, dict[str, int]] = defaultdict(_empty_states)
    for owner, state, total in _bucket_rows(counts, deltas, key, ids, as_of, buckets.STATE_BUCKETS):
        totals[owner][state] += total
    return totals


def _waiting_totals(counts, deltas, key: str, ids, as_of: date) -> dict[int, dict[str, int]]:
    totals: dict[int, dict[str, int]] = defaultdict(
        lambda: {reason: 0 for reason in WaitingReason.values}
    )
    rows = _bucket_rows(counts, deltas, key, ids, as_of, buckets.WAITING_BUCKETS)
    for owner, bucket, total in rows:
        totals[owner][bucket.removeprefix(buckets.WAITING)] += total
    return totals


def _bucket_rows(counts, deltas, key: str, ids, as_of: date, wanted):
    """(owner, bucket, total) of the `wanted` buckets, from the counters (today) or the
    daily deltas up to `as_of`."""
    if is_current(as_of):
        return counts.objects.filter(**{f"{key}__in": ids, "state__in": wanted}).values_list(
            key, "state", "total"
        )
    if deltas is OfficeDelta:
        return _office_rows_by_month(ids, as_of, wanted)
    return _rows_by_day(deltas, key, ids, as_of, wanted)


def _rows_by_day(deltas, key: str, ids, as_of: date, wanted):
    """(owner, bucket, total) as the sum of every daily delta up to `as_of`: plainly right,
    but a row per day since the campaign began. The slow twin of `_office_rows_forward` and
    `_office_rows_backward`."""
    return (
        deltas.objects.filter(**{f"{key}__in": ids, "day__lte": as_of, "state__in": wanted})
        .values_list(key, "state")
        .annotate(total=Sum("change"))
    )


# How far back a past date's figures are read backwards from today's counters
# (`_office_rows_backward`) rather than forwards from the campaign's start: the months
# since then are the fewer for the recent dates that reports and dashboards mostly ask.
BACKWARD_DAYS = 366


def _office_rows_by_month(office_ids, as_of: date, wanted) -> list[tuple[int, str, int]]:
    """(office id, bucket, total) on `as_of`, from the monthly deltas and a month of days at
    most, read from the nearer end: today's counters or the campaign's start."""
    if timezone.localdate() - as_of <= timedelta(days=BACKWARD_DAYS):
        return _office_rows_backward(office_ids, as_of, wanted)
    return _office_rows_forward(office_ids, as_of, wanted)


def _office_rows_backward(office_ids, as_of: date, wanted) -> list[tuple[int, str, int]]:
    """(office id, bucket, total) as today's counters less what changed after `as_of`: the
    monthly deltas of the months after its month and the daily deltas of the rest of its
    month. Right because business dates are never in the future (`is_current`)."""
    next_day = as_of + timedelta(days=1)
    next_month = (as_of.replace(day=1) + timedelta(days=32)).replace(day=1)
    totals: Counter = Counter()
    now = OfficeCount.objects.filter(office_id__in=office_ids, state__in=wanted)
    for office_id, bucket, total in now.values_list("office_id", "state", "total"):
        totals[office_id, bucket] += total
    later = [
        OfficeMonthDelta.objects.filter(
            office_id__in=office_ids, month__gte=next_month, state__in=wanted
        )
    ]
    if next_day < next_month:
        later.append(
            OfficeDelta.objects.filter(
                office_id__in=office_ids, day__gte=next_day, day__lt=next_month, state__in=wanted
            )
        )
    for rows in later:
        summed = rows.values_list("office_id", "state").annotate(total=Sum("change"))
        for office_id, bucket, change in summed:
            totals[office_id, bucket] -= change
    return [(office_id, bucket, total) for (office_id, bucket), total in totals.items()]


def _office_rows_forward(office_ids, as_of: date, wanted) -> list[tuple[int, str, int]]:
    """(office id, bucket, total) as the monthly deltas of the months before `as_of`'s plus
    the daily deltas of its month up to `as_of`: at most a month of days per office. A
    month's last day (what reports ask for) takes its own month's row instead of its days."""
    next_day = as_of + timedelta(days=1)
    days_from = next_day if next_day.day == 1 else as_of.replace(day=1)
    whole_months = (
        OfficeMonthDelta.objects.filter(
            office_id__in=office_ids, month__lt=days_from, state__in=wanted
        )
        .values_list("office_id", "state")
        .annotate(total=Sum("change"))
    )
    days = (
        OfficeDelta.objects.filter(
            office_id__in=office_ids, day__gte=days_from, day__lte=as_of, state__in=wanted
        )
        .values_list("office_id", "state")
        .annotate(total=Sum("change"))
    )
    totals: Counter = Counter()
    for rows in (whole_months, days) if days_from <= as_of else (whole_months,):
        for office_id, bucket, total in rows:
            totals[office_id, bucket] += total
    return [(office_id, bucket, total) for (office_id, bucket), total in totals.items()]


def _judged(figures: Figures, schedule: Schedule, province_id: int | None) -> Figures:
    figures.target_percent, figures.behind = judge(
        schedule.milestones_for(province_id), figures.as_of, figures.percent
    )
    return figures


def office_figures(
    office: Office, as_of: date, *, with_children: bool = True, with_employers: bool = True
) -> Figures:
    """The figures of an office on `as_of`, with its children's: provinces under the
    centre; districts, then the employers it manages itself, under a province; employers
    under a district. The children add up to the office. Without `with_employers`, only
    the offices under it: a page that shows its employers a page at a time reads them with
    `managed_employers`."""
    schedule = load_schedule()
    own = office_state_totals([office.pk], as_of)[office.pk]
    figures = _judged(
        Figures(office.code, office.office_name, office.level, as_of, own),
        schedule,
        office.province_id,
    )
    if not with_children:
        return figures
    children = list(Office.objects.filter(parent=office).order_by("code"))
    child_totals = office_state_totals([c.pk for c in children], as_of)
    for c in children:
        child = Figures(c.code, c.office_name, c.level, as_of, child_totals[c.pk])
        figures.children.append(_judged(child, schedule, c.province_id))
    if with_employers and office.level != Office.Level.CENTRE:
        figures.children += _employer_children(
            office, Employer.objects.filter(office=office).order_by("code"), as_of, schedule
        )
    return figures


def managed_employers(office: Office, *, descending: bool = False) -> QuerySet[Employer]:
    """The employers an office manages itself, in code order as Python sorts text (the
    order `exports.sort_rows` gives): a page of them is a range of this, not a sort of all.
    A district of the national registry manages tens of thousands."""
    order = Collate("code", "C") if connection.vendor == "postgresql" else F("code")
    order = order.desc() if descending else order.asc()
    return Employer.objects.filter(office=office).order_by(order)


def managed_employer_figures(office: Office, employers, as_of: date) -> list[Figures]:
    """The figures of `employers` (managed by `office`: a queryset of them, or a list of
    their (id, code, name)), in the order given."""
    return _employer_children(office, employers, as_of, load_schedule())


def _employer_children(office: Office, employers, as_of: date, schedule) -> list[Figures]:
    if isinstance(employers, list):
        rows, employers = employers, Employer.objects.filter(pk__in=[row[0] for row in employers])
    else:
        rows = list(employers.values_list("pk", "code", "name"))
    # A page's few ids as a list; all of an office's as a subquery (SQLite takes at most
    # 32,766 parameters, and a district may manage more employers).
    ids = [pk for pk, _code, _name in rows] if len(rows) <= 1000 else employers.values("pk")
    totals = employer_state_totals(ids, as_of)
    return [
        _judged(Figures(code, name, "employer", as_of, totals[pk]), schedule, office.province_id)
        for pk, code, name in rows
    ]


def employer_figures(employer: Employer, as_of: date) -> Figures:
    schedule = load_schedule()
    totals = employer_state_totals([employer.pk], as_of)[employer.pk]
    figures = Figures(employer.code, employer.name, "employer", as_of, totals)
    return _judged(figures, schedule, employer.office.province_id)


def default_campaign() -> Campaign | None:
    return Campaign.objects.filter(is_default=True).first()


def handed_over_history(
    owner: Office | Employer, *, until: date, start: date | None = None
) -> list[tuple[date, Decimal | None]]:
    """The handed-over percentage of an office or employer at the end of every month from
    the campaign's start to `until` (the last point is `until` itself).

    One query sums the daily deltas per month; the points are running totals of those
    sums, so the cost depends on the number of months, never on the number of books. A
    point's percentage is None when nothing is due then.
    """
    if start is None:
        campaign = default_campaign()
        start = campaign.starts_on if campaign else None
    if start is None or until < start:
        return []
    if isinstance(owner, Employer):
        changes = monthly_changes_by_day(EmployerDelta.objects.filter(employer=owner), until)
    else:
        changes = office_monthly_changes(owner, until)
    books = handed_over = excluded = 0
    for month in sorted(m for m in changes if m < start.replace(day=1)):
        books, handed_over, excluded = _plus((books, handed_over, excluded), changes[month])
    points = []
    month = start.replace(day=1)
    while month <= until:
        books, handed_over, excluded = _plus((books, handed_over, excluded), changes.get(month))
        point = min(_month_end(month), until)
        by_state = {**_empty_states(), State.HANDED_OVER: handed_over}
        by_state[State.EXCLUDED] = excluded
        by_state[State.NOT_REVIEWED] = books - handed_over - excluded
        points.append((point, Figures("", "", "", point, by_state).percent))
        month = _month_end(month) + timedelta(days=1)
    return points


_MONTH_SUMS = {
    "total": Sum("change"),
    "handed_over": Sum("change", filter=Q(state=State.HANDED_OVER)),
    "excluded": Sum("change", filter=Q(state=State.EXCLUDED)),
}


def monthly_changes_by_day(deltas, until: date) -> dict[date, tuple[int, int, int]]:
    """{first of a month: (books, handed over, excluded) changed in it}, up to `until`,
    summed from the daily deltas: a row per day, plainly right. The slow twin of
    `office_monthly_changes`, and what an employer (no monthly deltas) reads."""
    monthly = (
        deltas.filter(day__lte=until, state__in=State.values)
        .annotate(month=_MonthStart("day"))
        .values("month")
        .annotate(**_MONTH_SUMS)
        .order_by("month")
        .values_list("month", "total", "handed_over", "excluded")
    )
    return {
        _as_date(month): (total, handed or 0, excluded or 0)
        for month, total, handed, excluded in monthly
    }


def office_monthly_changes(office: Office, until: date) -> dict[date, tuple[int, int, int]]:
    """The same for an office, from its monthly deltas for the months before `until`'s
    and the daily ones of that month: a district's chart read a row per day since the
    campaign began (64 ms at 15 M books, district 765)."""
    month = until.replace(day=1)
    before = (
        OfficeMonthDelta.objects.filter(office=office, month__lt=month, state__in=State.values)
        .values("month")
        .annotate(**_MONTH_SUMS)
        .values_list("month", "total", "handed_over", "excluded")
    )
    changes = {
        _as_date(first): (total, handed or 0, excluded or 0)
        for first, total, handed, excluded in before
    }
    this_month = OfficeDelta.objects.filter(
        office=office, day__gte=month, day__lte=until, state__in=State.values
    ).aggregate(**_MONTH_SUMS)
    if this_month["total"] is not None:
        changes[month] = (
            this_month["total"],
            this_month["handed_over"] or 0,
            this_month["excluded"] or 0,
        )
    return changes


class _MonthStart(TruncMonth):
    """TruncMonth of a date, computed by SQLite itself: Django's TruncMonth calls back into
    Python for every row there, which costs more than the rest of a dashboard page."""

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.lhs)
        return f"strftime(%s, {sql})", ["%Y-%m-01", *params]


def _as_date(value) -> date:
    # TruncMonth of a DateField gives a date; some backends hand back a datetime.
    return value.date() if isinstance(value, datetime) else value


def _plus(totals: tuple[int, int, int], change: tuple[int, int, int] | None):
    if change is None:
        return totals
    return tuple(a + b for a, b in zip(totals, change, strict=True))


def _month_end(month: date) -> date:
    return date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
