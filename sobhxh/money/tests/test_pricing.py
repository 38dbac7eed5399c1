"""Work counted from the events and priced at the rate in force on each event's day."""

from datetime import date

import pytest

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition_many
from sobhxh.money import selectors
from sobhxh.money.activities import Activity
from sobhxh.money.pricing import RateTable, ledger, lines
from sobhxh.testing.factories import ids, make_books, make_unit_cost

pytestmark = pytest.mark.django_db


def review(books, on):
    transition_many(book_ids=ids(books), action=Action.START_REVIEW, on=on)


def test_a_rate_change_in_the_middle_of_a_month_prices_the_days_before_and_after_apart(world):
    make_unit_cost(Activity.REVIEW, 6_000, date(2017, 3, 15))
    books = make_books(world.employers.q1, 5)
    review(books[:3], date(2017, 3, 14))  # at the example rate, 5.000 đ
    review(books[3:], date(2017, 3, 15))  # at the new rate, from its first day

    for office in (world.offices.q1, world.offices.hcm, world.offices.centre):
        months = selectors.ledgers([office.pk], date(2017, 1, 1), date(2017, 12, 31))[office.pk]
        march = lines([months[date(2017, 3, 1)]])
        assert [(line.rate.amount, line.count, line.amount) for line in march] == [
            (5_000, 3, 15_000),
            (6_000, 2, 12_000),
        ]
        assert sum(line.amount for line in march) == 27_000


def test_another_province_counts_nothing_of_it(world):
    review(make_books(world.employers.q1, 2), date(2017, 3, 14))
    months = selectors.ledgers([world.offices.hanoi.pk], date(2017, 1, 1), date(2017, 12, 31))
    assert months[world.offices.hanoi.pk] == {}


def test_each_action_counts_its_activities_and_an_undone_handover_takes_its_own_back():
    rates = RateTable(
        [("handover", date(2016, 1, 1), 2_000), ("postage", date(2016, 1, 1), 15_000)]
    )
    counts = {
        (date(2017, 6, 5), Action.HAND_OVER): 4,
        (date(2017, 6, 9), Action.UNDO_HANDOVER): 1,
        (date(2017, 6, 9), Action.DISPUTE): 7,
    }
    june = lines([ledger(counts, rates)[date(2017, 6, 1)]])
    assert [(line.activity, line.count, line.amount) for line in june] == [
        ("handover", 3, 6_000),
        ("postage", 3, 45_000),
    ]


def test_a_day_before_any_rate_of_its_activity_is_priced_at_nothing():
    rates = RateTable([("review", date(2017, 2, 1), 5_000)])
    counts = {
        (date(2017, 1, 31), Action.START_REVIEW): 2,
        (date(2017, 2, 1), Action.START_REVIEW): 1,
    }
    months = ledger(counts, rates)
    assert lines([months[date(2017, 1, 1)]])[0].amount == 0
    assert lines([months[date(2017, 2, 1)]])[0].amount == 5_000


def test_the_forecast_carries_the_average_month_to_the_year_end():
    assert selectors.forecast(3_000_000, 3) == 12_000_000
    assert selectors.forecast(1_000, 7) == 1_714  # 1.714,28… rounded half up
    assert selectors.forecast(5, 8) == 8  # 7,5 rounded half up
    assert selectors.forecast(0, 0) is None
    assert selectors.months_elapsed(2017, date(2017, 4, 30)) == 4
    assert selectors.months_elapsed(2017, date(2018, 1, 1)) == 12
    assert selectors.months_elapsed(2018, date(2017, 12, 31)) == 0


def test_a_year_is_said_to_use_example_rates_until_official_ones_replace_all_of_them(world):
    assert selectors.examples_in_year(2017)
    for activity in Activity.values:
        make_unit_cost(activity, 1_000, date(2019, 1, 1))
    assert selectors.examples_in_year(2018)
    assert not selectors.examples_in_year(2019)
