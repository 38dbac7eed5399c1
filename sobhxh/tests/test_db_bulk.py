"""The bulk-writing helpers, on whichever database the suite runs."""

import pytest
from django.db import connection

from sobhxh.books.models import Book
from sobhxh.db import upkeep
from sobhxh.db.bulk import upsert_sums
from sobhxh.progress.models import EmployerCount
from sobhxh.testing.factories import make_books, make_employer

pytestmark = pytest.mark.django_db


def test_one_of_finds_the_rows_among_thousands_of_values_and_nothing_for_none():
    books = make_books(make_employer(), 3)
    wanted = [books[0].number, books[2].number, *(f"9{n:09}" for n in range(5000)), None]
    found = Book.objects.filter(number__one_of=wanted).values_list("number", flat=True)
    assert sorted(found) == sorted([books[0].number, books[2].number])
    assert not Book.objects.filter(number__one_of=[]).exists()
    assert not Book.objects.filter(pk__one_of=[None]).exists()


def test_upsert_sums_adds_to_existing_rows_and_creates_missing_ones():
    employer = make_employer()
    other = make_employer("760")  # another office
    make_books(employer, 2)  # a not_reviewed count of 2 for `employer`
    upsert_sums(
        "progress_employercount",
        ("employer_id", "state"),
        "total",
        [
            (employer.pk, "not_reviewed", other.office_id, 3),
            (other.pk, "confirmed", other.office_id, 4),
        ],
        also=("office_id",),
    )
    totals = dict(
        EmployerCount.objects.filter(employer__in=[employer, other]).values_list(
            "employer_id", "total"
        )
    )
    assert totals == {employer.pk: 5, other.pk: 4}
    # `also` is written when a row is created, and left as it was after.
    offices = dict(
        EmployerCount.objects.filter(employer__in=[employer, other]).values_list(
            "employer_id", "office_id"
        )
    )
    assert offices == {employer.pk: employer.office_id, other.pk: other.office_id}


BOOK_TABLES = ("books_book", "books_period", "books_bookevent")
# The largest counters: one row per employer and bucket, and per day.
COUNTER_TABLES = ("progress_employercount", "progress_employerdelta")


@pytest.mark.parametrize("table", BOOK_TABLES + COUNTER_TABLES)
def test_no_index_of_the_registry_repeats_the_start_of_another(table):
    """Each index costs every write: one that a wider index already serves is waste."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    indexes = [tuple(c["columns"]) for c in constraints.values() if c["index"] or c["unique"]]
    for columns in indexes:
        wider = [o for o in indexes if o != columns and o[: len(columns)] == columns]
        assert not wider, f"{table}: index on {columns} is served by {wider}"


# The tables that the busiest pages read from their indexes alone (`sobhxh.db.upkeep`).
READ_FROM_INDEXES = (
    "progress_employercount",
    "progress_employerdelta",
    "units_employer",
    "duplicates_duplicatepair",
)


@pytest.mark.parametrize("table", READ_FROM_INDEXES)
def test_the_tables_read_from_their_indexes_are_vacuumed_after_a_hundredth_changed(table):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no autovacuum to set")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
        options = cursor.fetchone()[0] or []
    assert sorted(options) == sorted(f"{setting}={upkeep.SCALE}" for setting in upkeep.SETTINGS)
