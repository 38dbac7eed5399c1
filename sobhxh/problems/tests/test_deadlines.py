from datetime import date

import holidays
import pytest

from sobhxh.problems.deadlines import is_working_day, working_days_after, working_days_between


def test_the_package_knows_tet_2017_and_2018_as_the_government_set_them():
    vietnam = holidays.country_holidays("VN", years=[2017, 2018])
    # Tết Đinh Dậu: Thursday 26/01 to Wednesday 01/02/2017; Mậu Tuất: 14/02 to 20/02/2018.
    assert all(date(2017, 1, day) in vietnam for day in range(26, 32))
    assert date(2017, 2, 1) in vietnam
    assert date(2017, 2, 2) not in vietnam
    assert all(date(2018, 2, day) in vietnam for day in range(14, 21))


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2017, 3, 1), 0, date(2017, 3, 1)),
        (date(2017, 3, 1), 1, date(2017, 3, 2)),
        (date(2017, 3, 3), 1, date(2017, 3, 6)),  # Friday: the weekend is skipped
        (date(2017, 3, 4), 1, date(2017, 3, 6)),  # raised on a Saturday
        (date(2017, 3, 1), 10, date(2017, 3, 15)),
        # Tết 2017: Wednesday 25/01, then nine days off (26/01 – 01/02 and two weekends).
        (date(2017, 1, 25), 1, date(2017, 2, 2)),
        (date(2017, 1, 25), 5, date(2017, 2, 8)),
        (date(2017, 1, 20), 5, date(2017, 2, 3)),  # 23, 24, 25/01, then 02 and 03/02
        (date(2017, 1, 27), 1, date(2017, 2, 2)),  # raised during Tết
        # Tết 2018: Tuesday 13/02, then 14/02 – 20/02 off.
        (date(2018, 2, 13), 1, date(2018, 2, 21)),
        # 30/4 – 1/5 2017: 30/4 a Sunday, 1/5 Monday, 2/5 the day in lieu of 30/4.
        (date(2017, 4, 28), 1, date(2017, 5, 3)),
        (date(2017, 4, 28), 3, date(2017, 5, 5)),
        # 30/4 – 1/5 2018: Monday and Tuesday.
        (date(2018, 4, 27), 1, date(2018, 5, 2)),
        # Hùng Kings' day 2017 (10/3 lunar): Thursday 06/04.
        (date(2017, 4, 5), 1, date(2017, 4, 7)),
        # A year's turn: 31/12/2018 was given off in exchange for Saturday 05/01/2019.
        (date(2018, 12, 28), 1, date(2019, 1, 2)),
        (date(2019, 1, 4), 1, date(2019, 1, 5)),
    ],
)
def test_working_days_after_skip_weekends_and_vietnamese_holidays(start, n, due):
    assert working_days_after(start, n) == due


def test_no_day_off_is_a_working_day():
    assert not is_working_day(date(2017, 1, 30))  # Monday of Tết
    assert not is_working_day(date(2017, 9, 4))  # the day in lieu of 2/9, a Saturday
    assert is_working_day(date(2017, 9, 5))


@pytest.mark.parametrize("n", [0, 1, 5, 20, 60])
def test_working_days_between_counts_back_what_working_days_after_adds(n):
    start = date(2017, 1, 18)
    assert working_days_between(start, working_days_after(start, n)) == n


def test_a_negative_number_of_working_days_is_refused():
    with pytest.raises(ValueError):
        working_days_after(date(2017, 1, 1), -1)
