"""Contribution periods go through the books' door: rows and the events that record them
are written together, and `verify` finds them in agreement."""

from datetime import date
from decimal import Decimal

import pytest

from sobhxh.books import services
from sobhxh.books.lifecycle import Action
from sobhxh.books.models import BookEvent, Period
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_books, make_employer

pytestmark = pytest.mark.django_db

ON = date(2017, 6, 1)


def period(book, start: date, end: date, *, wage=4_000_000, rate="8.00", job="Công nhân"):
    return (book.pk, "BHXH", start, end, job, wage, Decimal(rate))


def test_new_periods_of_a_stored_book_are_added_and_counted_in_one_edit_event():
    book = make_books(make_employer(), 1)[0]

    counts = services.write_periods(
        [
            period(book, date(2015, 1, 1), date(2015, 12, 1)),
            period(book, date(2016, 1, 1), date(2016, 12, 1)),
        ],
        on=ON,
    )

    assert (counts.created, counts.updated, counts.unchanged) == (2, 0, 0)
    assert Period.objects.filter(book=book).count() == 2
    event = BookEvent.objects.filter(book=book, action=Action.EDIT).get()
    assert event.details == {"periods_added": 2}
    assert verify() == []


def test_a_changed_period_is_updated_with_its_old_and_new_values_and_an_equal_one_is_not():
    book = make_books(make_employer(), 1)[0]
    services.write_periods(
        [
            period(book, date(2015, 1, 1), date(2015, 12, 1)),
            period(book, date(2016, 1, 1), date(2016, 12, 1)),
        ],
        on=ON,
    )

    counts = services.write_periods(
        [
            period(book, date(2015, 1, 1), date(2015, 12, 1), wage=5_000_000, rate="10.5"),
            period(book, date(2016, 1, 1), date(2016, 12, 1)),
        ],
        on=ON,
    )

    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 1)
    changed = Period.objects.get(book=book, from_month=date(2015, 1, 1))
    assert (changed.wage, changed.rate) == (5_000_000, Decimal("10.50"))
    last = BookEvent.objects.filter(book=book, action=Action.EDIT).order_by("pk").last()
    assert last.details == {
        "periods": {"BHXH 01/2015": {"wage": [4_000_000, 5_000_000], "rate": ["8.00", "10.50"]}}
    }
    assert verify() == []


def test_nothing_given_writes_nothing():
    assert services.write_periods([], on=ON) == services.PeriodCounts()
    assert not BookEvent.objects.filter(action=Action.EDIT).exists()


def test_periods_of_new_books_are_written_as_their_register_events_counted_them():
    employer = make_employer()
    new = [
        services.NewBook(
            number=f"790000000{index}",
            full_name="Nguyễn Văn An",
            birth_date=date(1980, 1, 1),
            sex="male",
            employer_id=employer.pk,
            office_id=employer.office_id,
            periods_added=1,
        )
        for index in range(2)
    ]
    ids = services.register_books(new, on=ON)

    written = services.add_periods_of_new_books(
        (pk, "BHXH", date(2016, 1, 1), date(2016, 12, 1), "", 3_000_000, "8.00")
        for pk in ids.values()
    )

    assert written == 2 and Period.objects.count() == 2
    assert verify() == []
