"""Working days in Vietnam: weekends and public holidays excluded, from the `holidays`
package (its `Vietnam` calendar: Tết, the Hùng Kings' day, 30/4, 1/5, 2/9 and the days the
government moves to make bridges), not from a hand-typed list that would go stale every
year when the Prime Minister sets the Tết days off.

A Saturday the government makes a working day in exchange for a bridge holiday (05/01/2019
for 31/12/2018) counts as a working day, as the package records it.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _year(year: int) -> tuple[frozenset[date], frozenset[date], frozenset[int]]:
    """(holidays, weekend days that are working days, weekend weekdays) of one year."""
    calendar = holidays.country_holidays("VN", years=year)
    workdays = frozenset(d for d in getattr(calendar, "weekend_workdays", ()) if d.year == year)
    return frozenset(calendar), workdays, frozenset(calendar.weekend)


def is_working_day(day: date) -> bool:
    days_off, weekend_workdays, weekend = _year(day.year)
    if day in days_off:
        return False
    return day.weekday() not in weekend or day in weekend_workdays


def working_days_after(start: date, n: int) -> date:
    """The `n`th working day after `start` (`start` itself not counted): a problem raised on
    `start` with a deadline of `n` working days is due at the end of that day. `n` = 0 is
    `start` itself."""
    if n < 0:
        raise ValueError("a number of working days is not negative")
    day = start
    while n:
        day += timedelta(days=1)
        if is_working_day(day):
            n -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` `end` is (0 when `end` is not after `start`):
    the inverse of `working_days_after` on working days."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count
