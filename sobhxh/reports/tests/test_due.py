"""Due dates: the 5th (district) or the 10th (province) of the next month, or the next
working day when that day is a weekend or a public holiday."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sobhxh.problems.deadlines import is_working_day
from sobhxh.reports import due


@pytest.mark.parametrize(
    ("level", "month", "expected"),
    [
        # Ordinary working days: the 5th and the 10th themselves.
        ("district", date(2017, 3, 1), date(2017, 4, 5)),
        ("province", date(2017, 3, 1), date(2017, 4, 10)),
        # Weekends: the next Monday.
        ("district", date(2017, 1, 1), date(2017, 2, 6)),  # Sun 05/02/2017
        ("province", date(2017, 5, 1), date(2017, 6, 12)),  # Sat 10/06/2017
        # Tết Kỷ Hợi (02–10/02/2019): both January reports wait until Monday 11/02.
        ("district", date(2019, 1, 1), date(2019, 2, 11)),
        ("province", date(2019, 1, 1), date(2019, 2, 11)),
        # Tết Mậu Tuất (14–20/02/2018) falls after the 10th: only the weekend moves it.
        ("district", date(2018, 1, 1), date(2018, 2, 5)),
        ("province", date(2018, 1, 1), date(2018, 2, 12)),
        # After 30/4–1/5: 05/05/2018 is a Saturday, the April report is due Monday 07/05.
        ("district", date(2018, 4, 1), date(2018, 5, 7)),
        ("province", date(2018, 4, 1), date(2018, 5, 10)),
        # The Hùng Kings' day on Sunday 10/04/2022, its day off moved to Monday 11/04.
        ("province", date(2022, 3, 1), date(2022, 4, 12)),
        # December's report is due in January of the next year.
        # … and Saturday 05/01/2019 was a working day (swapped for the 31/12/2018 bridge).
        ("district", date(2018, 12, 1), date(2019, 1, 5)),
    ],
)
def test_due_date_is_the_5th_or_10th_or_the_next_working_day(level, month, expected):
    assert due.due_on(level, month) == expected


def test_the_30_april_and_1_may_days_off_are_not_working_days():
    # The rule leans on the calendar knowing them, though no due date falls on them.
    assert not is_working_day(date(2018, 4, 30))
    assert not is_working_day(date(2018, 5, 1))


def slow_due_on(level: str, month: date) -> date:
    """The first working day among the days of the next month from the 5th or the 10th."""
    year, number = (month.year + 1, 1) if month.month == 12 else (month.year, month.month + 1)
    nominal = date(year, number, {"district": 5, "province": 10}[level])
    days = [nominal + timedelta(days=n) for n in range(31)]
    return next(day for day in days if is_working_day(day))


@given(
    level=st.sampled_from(["district", "province"]),
    month=st.dates(date(2017, 1, 1), date(2030, 12, 31)).map(lambda d: d.replace(day=1)),
)
def test_due_date_matches_the_plain_search_for_a_working_day(level, month):
    assert due.due_on(level, month) == slow_due_on(level, month)


def test_months_and_the_last_ended_one():
    assert due.last_ended_month(date(2019, 7, 1)) == date(2019, 6, 1)
    assert due.last_ended_month(date(2019, 1, 31)) == date(2018, 12, 1)
    assert due.last_day(date(2016, 2, 1)) == date(2016, 2, 29)
    assert due.months(date(2017, 11, 1), date(2018, 2, 1)) == [
        date(2017, 11, 1),
        date(2017, 12, 1),
        date(2018, 1, 1),
        date(2018, 2, 1),
    ]
