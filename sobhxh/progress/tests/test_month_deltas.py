"""The monthly office deltas: kept with the daily ones, rebuilt by the demo's roll-up,
checked by `verify`, and the past figures read through them equal the plain daily sum
(their slow twin) for any moves and any date, above all around month and year ends, read
forwards from the campaign's start or backwards from today's counters."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import MOVES, State, WaitingReason, allowed_actions
from sobhxh.books.models import Book
from sobhxh.books.services import (
    clear_waiting,
    edit_book,
    set_waiting,
    transition,
    transition_many,
)
from sobhxh.progress import buckets
from sobhxh.progress.models import OfficeDelta, OfficeMonthDelta
from sobhxh.progress.recompute import roll_up_employer_counters
from sobhxh.progress.selectors import (
    _office_rows_backward,
    _office_rows_forward,
    _rows_by_day,
    monthly_changes_by_day,
    office_book_totals,
    office_monthly_changes,
)
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import DETAILS, make_books, make_employer, make_user, office_with_code
from sobhxh.units.models import Office

# Late November, so that a few steps cross month ends and the year end.
START = date(2017, 11, 27)
ACTIONS = sorted(MOVES)
REASONS = WaitingReason.values
# (how, which books, which action or reason, days since the last step: negative back-dates)
step = st.tuples(
    st.sampled_from(["one", "one", "many", "wait", "clear", "edit"]),
    st.lists(st.integers(0, 5), min_size=1, max_size=3),
    st.integers(0, 20),
    st.integers(-5, 25),
)


def details_for(action: str) -> dict | None:
    return {"receiver": "worker"} if action == "hand_over" else DETAILS.get(action)


def pick_action(book: Book, pick: int) -> str:
    book.refresh_from_db()
    allowed = allowed_actions(book.state) or ACTIONS
    return allowed[pick % len(allowed)]


def dates_near_month_ends(first: date, last: date) -> list[date]:
    """Every month's first two days, its last day, and its 15th, from `first` to `last`."""
    days = []
    month = first.replace(day=1)
    while month <= last:
        days += [month - timedelta(days=1), month, month + timedelta(days=1), month.replace(day=15)]
        month = (month + timedelta(days=32)).replace(day=1)
    return days


def as_dict(rows) -> dict[tuple[int, str], int]:
    return {(owner, bucket): total for owner, bucket, total in rows if total}


def apply(steps, supervisor, employers, books) -> date:
    day = START
    for kind, indexes, pick, delta in steps:
        on = day + timedelta(days=delta)
        day = max(day, on)
        chosen = [books[i] for i in indexes]
        if kind == "many":
            action = pick_action(chosen[0], pick)
            transition_many(
                book_ids=[b.pk for b in chosen],
                action=action,
                on=on,
                actor=supervisor,
                details=details_for(action),
            )
            continue
        for book in chosen:
            try:
                if kind == "wait":
                    reason = REASONS[pick % len(REASONS)]
                    set_waiting(book=book, reason=reason, on=on, actor=supervisor, words="lý do")
                elif kind == "clear":
                    clear_waiting(book=book, on=on, actor=supervisor)
                elif kind == "one":
                    action = pick_action(book, pick)
                    transition(
                        book=book,
                        action=action,
                        on=on,
                        actor=supervisor,
                        details=details_for(action),
                    )
                else:
                    other = employers[1] if book.employer_id == employers[0].pk else employers[0]
                    edit_book(book=book, changes={"employer": other}, on=on)
            except LifecycleError:
                book.refresh_from_db()
    return day


class MonthDeltaProperties(TestCase):
    @settings(
        max_examples=30,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(steps=st.lists(step, min_size=1, max_size=25))
    def test_past_figures_by_month_equal_the_plain_daily_sum(self, steps):
        supervisor = make_user("sup", supervisor=True)
        # Employers in two provinces, so that an edit moves books across the tree.
        employers = [make_employer("001"), make_employer("760")]
        books = make_books(employers[0], 3) + make_books(employers[1], 3)
        last = apply(steps, supervisor, employers, books)

        assert verify() == []
        office_ids = list(Office.objects.values_list("pk", flat=True))
        today = timezone.localdate()  # the counters, not the deltas
        for as_of in [*dates_near_month_ends(date(2016, 12, 1), last + timedelta(days=40)), today]:
            for wanted in (State.values, buckets.WAITING_BUCKETS):
                slow = _rows_by_day(OfficeDelta, "office_id", office_ids, as_of, wanted)
                for fast in (_office_rows_forward, _office_rows_backward):
                    got = fast(office_ids, as_of, wanted)
                    assert as_dict(got) == as_dict(slow), (fast.__name__, as_of)
            plain_books = Counter()
            for office_id, _state, total in _rows_by_day(
                OfficeDelta, "office_id", office_ids, as_of, State.values
            ):
                plain_books[office_id] += total
            every_office = Office.objects.values("pk")
            assert office_book_totals(every_office, as_of) == {
                office_id: books for office_id, books in plain_books.items() if books
            }, as_of
            moved = OfficeDelta.objects.values("office_id").distinct()
            for office in Office.objects.filter(pk__in=moved):
                daily = OfficeDelta.objects.filter(office=office)
                plain = {m: c for m, c in monthly_changes_by_day(daily, as_of).items() if any(c)}
                fast = {m: c for m, c in office_monthly_changes(office, as_of).items() if any(c)}
                assert fast == plain, (office.code, as_of)


@pytest.mark.django_db
def test_roll_up_writes_the_monthly_deltas_from_the_daily_ones():
    supervisor = make_user("sup", supervisor=True)
    books = make_books(make_employer("001"), 3)
    for on in (date(2017, 1, 31), date(2017, 2, 1), date(2017, 12, 31), date(2018, 1, 2)):
        book = books[on.day % 3]
        book.refresh_from_db()
        action = allowed_actions(book.state)[0]
        transition(book=book, action=action, on=on, actor=supervisor, details=details_for(action))
    kept = set(OfficeMonthDelta.objects.values_list("office_id", "month", "state", "change"))
    OfficeMonthDelta.objects.all().delete()

    roll_up_employer_counters()

    rolled = set(OfficeMonthDelta.objects.values_list("office_id", "month", "state", "change"))
    assert rolled == {row for row in kept if row[3]}
    assert {month for _office, month, _state, _change in rolled} >= {
        date(2016, 12, 1),
        date(2017, 1, 1),
        date(2017, 2, 1),
        date(2017, 12, 1),
        date(2018, 1, 1),
    }
    assert verify() == []


@pytest.mark.django_db
def test_verify_finds_a_monthly_delta_that_is_off():
    make_books(make_employer("001"), 2)
    row = OfficeMonthDelta.objects.filter(office=office_with_code("VN")).first()
    row.change += 1
    row.save()

    problems = verify()

    assert problems and all("progress_officemonthdelta" in p for p in problems)
