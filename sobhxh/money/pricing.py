"""Pricing counted work: pure functions from counts per (day, action) and a table of rates
to the work of each month, per activity and rate, in whole đồng.

Each day's events are priced at the rate in force on that day (the latest rate whose date
is on or before it), so a rate that changes in the middle of a month prices the days
before and after the change differently: the month then has two lines for the activity.
A day before an activity's first rate is priced at 0 đồng and its line says so (no rate).
"""

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from .activities import ACTIVITIES_OF_ACTION, Activity

# (day, action) -> number of events
Counts = Mapping[tuple[date, str], int]


class Rate(NamedTuple):
    # A tuple: hashed and compared in C, as a key of every month's counts.
    valid_from: date | None  # None: no rate was in force
    amount: int


NO_RATE = Rate(None, 0)


class RateTable:
    """The rates of every activity, each sorted by the date it applies from."""

    def __init__(self, rows: Iterable[tuple[str, date, int]]):
        by_activity: dict[str, list[tuple[date, int]]] = defaultdict(list)
        for activity, valid_from, amount in rows:
            by_activity[activity].append((valid_from, amount))
        self._days = {a: [d for d, _ in sorted(v)] for a, v in by_activity.items()}
        self._amounts = {a: [m for _, m in sorted(v)] for a, v in by_activity.items()}
        self._found: dict[tuple[str, date], Rate] = {}  # every office asks of the same days

    def on(self, activity: str, day: date) -> Rate:
        found = self._found.get((activity, day))
        if found is None:
            days = self._days.get(activity, [])
            index = bisect.bisect_right(days, day) - 1
            found = NO_RATE if index < 0 else Rate(days[index], self._amounts[activity][index])
            self._found[(activity, day)] = found
        return found


@dataclass(frozen=True)
class Line:
    activity: str
    rate: Rate
    count: int

    @property
    def amount(self) -> int:
        return self.count * self.rate.amount

    @property
    def activity_label(self) -> str:
        return str(Activity(self.activity).label)


# month (its first day) -> {(activity, rate): count}
Ledger = dict[date, dict[tuple[str, Rate], int]]


def ledger(counts: Counts, rates: RateTable) -> Ledger:
    """The counts of each month per (activity, rate in force on the event's day)."""
    months: Ledger = defaultdict(lambda: defaultdict(int))
    for (day, action), events in counts.items():
        if not events:
            continue
        month = months[day.replace(day=1)]
        for activity, times in _ACTIVITIES.get(action, ()):
            month[(activity, rates.on(activity, day))] += times * events
    return {month: dict(lines) for month, lines in months.items()}


# ACTIVITIES_OF_ACTION with plain strings, as (activity, times) pairs: read once per row.
_ACTIVITIES = {
    str(action): tuple((str(activity), times) for activity, times in found.items())
    for action, found in ACTIVITIES_OF_ACTION.items()
}


def lines(entries: Iterable[Mapping[tuple[str, Rate], int]]) -> list[Line]:
    """The lines of one or more months added together, in the activities' order, each
    activity's rates by date; lines that count nothing are left out."""
    total: dict[tuple[str, Rate], int] = defaultdict(int)
    for entry in entries:
        for key, count in entry.items():
            total[key] += count
    order = {activity: index for index, activity in enumerate(Activity.values)}
    keys = sorted(total, key=lambda k: (order[k[0]], k[1].valid_from or date.min))
    return [Line(key[0], key[1], total[key]) for key in keys if total[key]]


def amount(entries: Iterable[Mapping[tuple[str, Rate], int]]) -> int:
    return sum(line.amount for line in lines(entries))


def by_activity(line_list: Iterable[Line]) -> dict[str, tuple[int, int]]:
    """{activity: (count, amount)} for every activity (0 when none)."""
    totals = {activity: (0, 0) for activity in Activity.values}
    for line in line_list:
        count, money = totals[line.activity]
        totals[line.activity] = (count + line.count, money + line.amount)
    return totals
