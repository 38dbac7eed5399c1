"""Merging a pair: through the books' door, with periods moved, months paid twice kept for
refund, events on both books, and counters `verify` finds exact."""

from datetime import date

import pytest

from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import Action, State, WaitingReason
from sobhxh.books.models import Period
from sobhxh.books.services import set_waiting, write_periods
from sobhxh.duplicates import services
from sobhxh.duplicates.models import RefundMonth, Status
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_person_book, make_user, put_in_state

from .conftest import key

BIRTH = date(1985, 4, 17)
ON = date(2017, 6, 1)


@pytest.fixture
def pair(world, find):
    kept = make_person_book(world.employers.q1, "Nguyễn Văn Hùng", BIRTH)
    merged = make_person_book(world.employers.q12, "Nguyen Van Hung", BIRTH)
    return kept, merged, find()[key(kept, merged)]


def _with_periods(kept, merged) -> None:
    # Through the service, so that the events record them as `verify` wants.
    rows = [
        (kept.pk, "BHXH", date(2010, 1, 1), date(2015, 12, 1), "", 5_000_000, None),
        (merged.pk, "BHXH", date(2015, 7, 1), date(2016, 6, 1), "", 5_000_000, None),
        (merged.pk, "BHXH", date(2010, 1, 1), date(2010, 3, 1), "", 5_000_000, None),
        (merged.pk, "BHTN", date(2015, 1, 1), date(2015, 3, 1), "", 5_000_000, None),
    ]
    write_periods(rows, on=date(2017, 1, 5))


def test_merge_moves_periods_flags_months_paid_twice_and_keeps_counters_exact(pair):
    kept, merged, found = pair
    _with_periods(kept, merged)
    result = services.merge_pair(pair=found, kept=kept, on=ON, actor=make_user())

    assert result.periods_moved == 2 and result.periods_left == 1
    assert list(Period.objects.filter(book=merged).values_list("from_month", flat=True)) == [
        date(2010, 1, 1)
    ]
    assert Period.objects.filter(book=kept).count() == 3
    assert list(RefundMonth.objects.values_list("fund", "from_month", "to_month")) == [
        ("BHXH", date(2010, 1, 1), date(2010, 3, 1)),
        ("BHXH", date(2015, 7, 1), date(2015, 12, 1)),
    ]
    merged.refresh_from_db()
    assert merged.state == State.EXCLUDED
    last_merged = merged.events.order_by("-id").first()
    assert last_merged.action == Action.EXCLUDE
    assert last_merged.details["reason"] == "duplicate"
    assert last_merged.details["merged_into"] == kept.number
    last_kept = kept.events.order_by("-id").first()
    assert last_kept.action == Action.EDIT
    assert last_kept.details["merged_from"] == merged.number
    assert last_kept.details["periods_added"] == 2
    found.refresh_from_db()
    assert (found.status, found.kept_id) == (Status.MERGED, kept.pk)
    assert verify() == []


def test_the_kept_book_no_longer_waits_as_a_suspected_duplicate(pair, world):
    kept, merged, found = pair
    for book in (kept, merged):
        set_waiting(book=book, reason=WaitingReason.DUPLICATE, on=date(2017, 5, 2))
    services.merge_pair(pair=found, kept=kept, on=ON, actor=world.users.district)
    kept.refresh_from_db()
    merged.refresh_from_db()
    assert (kept.waiting_reason, merged.waiting_reason) == ("", "")
    assert [e.action for e in kept.events.order_by("id")][-2:] == [
        Action.EDIT,
        Action.CLEAR_WAITING,
    ]
    assert verify() == []


def test_a_handed_over_book_is_not_merged_away_but_may_be_kept(pair, world):
    kept, merged, found = pair
    put_in_state(merged, State.HANDED_OVER)
    with pytest.raises(LifecycleError):
        services.merge_pair(pair=found, kept=kept, on=ON, actor=world.users.district)
    found.refresh_from_db()
    assert found.status == Status.OPEN
    services.merge_pair(pair=found, kept=merged, on=ON, actor=world.users.district)
    kept.refresh_from_db()
    assert kept.state == State.EXCLUDED
    assert verify() == []


def test_nothing_is_merged_into_an_excluded_book(pair, world):
    kept, merged, found = pair
    put_in_state(kept, State.EXCLUDED)
    with pytest.raises(LifecycleError, match=kept.number):
        services.merge_pair(pair=found, kept=kept, on=ON, actor=world.users.district)
    merged.refresh_from_db()
    assert merged.state == State.NOT_REVIEWED


def test_a_decided_pair_cannot_be_decided_again(pair, world):
    kept, merged, found = pair
    services.decide_different(pair=found, actor=world.users.district)
    with pytest.raises(services.AlreadyDecided):
        services.merge_pair(pair=found, kept=kept, on=ON, actor=world.users.district)
    assert merged.events.count() == 1


def test_an_employer_may_not_merge(pair, world):
    kept, merged, found = pair
    with pytest.raises(LifecycleError):
        services.merge_pair(pair=found, kept=kept, on=ON, actor=world.users.employer)
    assert merged.events.count() == 1
