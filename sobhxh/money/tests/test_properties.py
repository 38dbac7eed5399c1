"""Property: whatever actions offices take, on whatever days (books back-dated against one
another), and whatever rates apply from whatever days (mid-month, month ends, year ends),
the work and cost of every office and month read through the counters equal a plain count
of the events priced one by one at the rate in force on each event's day."""

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sobhxh.books.lifecycle import allowed_actions
from sobhxh.books.models import Book, BookEvent
from sobhxh.books.services import transition
from sobhxh.money import pricing, selectors
from sobhxh.money.activities import ACTIVITIES_OF_ACTION, Activity
from sobhxh.money.models import UnitCost
from sobhxh.money.tests import reference
from sobhxh.testing.factories import DETAILS, make_books, make_employer, make_user, office_with_code
from sobhxh.units.selectors import ancestor_map

FIRST, LAST = date(2017, 1, 1), date(2018, 12, 31)
OFFICES = ("VN", "79", "760", "761", "01", "001")
SPECIAL_DAYS = [date(2017, 1, 1), date(2017, 1, 31), date(2017, 2, 1), date(2017, 6, 15),
                date(2017, 12, 31), date(2018, 1, 1), date(2018, 3, 31)]  # fmt: skip

day = st.one_of(
    st.sampled_from(SPECIAL_DAYS),
    st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + timedelta(days=n)),
)
rate = st.tuples(st.sampled_from(Activity.values), day, st.integers(0, 50_000))
# (which book, which allowed action, days after the book's latest event)
step = st.tuples(st.integers(0, 5), st.integers(0, 10), st.integers(0, 120))


def details_for(action: str) -> dict | None:
    return {"receiver": "worker"} if action == "hand_over" else DETAILS.get(action)


def hand_priced(office_id: int) -> dict[date, dict[str, tuple[int, int]]]:
    """{month: {activity: (count, amount)}} from every event, each priced on its own."""
    rates = list(UnitCost.objects.values_list("activity", "valid_from", "amount"))
    events = list(
        BookEvent.objects.filter(happened_on__range=(FIRST, LAST)).values_list(
            "office_id", "happened_on", "action"
        )
    )
    above = ancestor_map({office for office, _, _ in events})
    months: dict = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for office, happened_on, action in events:
        if office_id not in above[office]:
            continue
        for activity, times in ACTIVITIES_OF_ACTION.get(action, {}).items():
            in_force = [(d, m) for a, d, m in rates if a == activity and d <= happened_on]
            amount = max(in_force)[1] if in_force else 0
            totals = months[happened_on.replace(day=1)][activity]
            totals[0] += times
            totals[1] += times * amount
    priced = {
        month: {a: tuple(v) for a, v in found.items() if v != [0, 0]}
        for month, found in months.items()
    }
    # A month whose work cancels out (a handover and its undoing) prices nothing.
    return {month: found for month, found in priced.items() if found}


def read_priced(office_id: int) -> dict[date, dict[str, tuple[int, int]]]:
    months = selectors.ledgers([office_id], FIRST, LAST)[office_id]
    found = {}
    for month, entry in months.items():
        totals = pricing.by_activity(pricing.lines([entry]))
        found[month] = {a: v for a, v in totals.items() if v != (0, 0)}
    return {month: v for month, v in found.items() if v}


class MoneyProperties(TestCase):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(rates=st.lists(rate, max_size=8), steps=st.lists(step, min_size=1, max_size=25))
    def test_work_and_cost_of_every_office_and_month_equal_the_events_priced_one_by_one(
        self, rates, steps
    ):
        supervisor = make_user("sup", supervisor=True)
        for activity, valid_from, amount in rates:
            if not UnitCost.objects.filter(activity=activity, valid_from=valid_from).exists():
                UnitCost.objects.create(
                    activity=activity, amount=amount, valid_from=valid_from, legal_basis="x"
                )
        books = (
            make_books(make_employer("760"), 2)
            + make_books(make_employer("761"), 2)
            + make_books(make_employer("001"), 2)
        )
        for index, pick, after in steps:
            book = Book.objects.get(pk=books[index].pk)
            allowed = allowed_actions(book.state)
            action = allowed[pick % len(allowed)]
            on = min(max(book.state_on, FIRST) + timedelta(days=after), LAST)
            transition(book=book, action=action, on=on, actor=supervisor,
                       details=details_for(action))  # fmt: skip
        office_ids = [office_with_code(code).pk for code in OFFICES]
        fast = selectors.action_counts(office_ids, FIRST, LAST)
        slow = reference.action_counts_from_events(office_ids, FIRST, LAST)
        for code, office_id in zip(OFFICES, office_ids, strict=True):
            counted = {key: n for key, n in fast.get(office_id, {}).items() if n}
            assert counted == slow[office_id], code
            assert read_priced(office_id) == hand_priced(office_id), code
