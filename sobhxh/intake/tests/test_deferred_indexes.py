"""A large file loaded into an empty registry builds the secondary indexes of books and
events once at its end, and on PostgreSQL adds their foreign keys back at its end; an
interrupted load has them built by the next import."""

import pytest
from django.db import IntegrityError, connection, transaction

from sobhxh.books.models import Book, DroppedIndex
from sobhxh.db.bulk import (
    drop_for_loading,
    foreign_keys,
    rebuild_dropped_indexes,
    secondary_indexes,
)
from sobhxh.intake import importing, pipeline
from sobhxh.intake.importing import CHECKED_AFTER_LOADING, INDEXED_AFTER_LOADING, Importer
from sobhxh.progress.verify import verify
from sobhxh.testing.files import book, books_file, period, periods_file

pytestmark = pytest.mark.django_db


def indexes():
    return secondary_indexes(INDEXED_AFTER_LOADING)


def references():
    return foreign_keys(CHECKED_AFTER_LOADING)


only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cannot drop a foreign key"
)


@pytest.fixture
def files(tmp_path):
    numbers = [f"01{n:08d}" for n in range(1, 6)]
    return (
        books_file(tmp_path, *[book(number, f"Lê Văn {n}") for n, number in enumerate(numbers)]),
        periods_file(tmp_path, *[period(number) for number in numbers]),
    )


def test_a_large_file_into_an_empty_registry_builds_the_indexes_at_its_end(files, monkeypatch):
    monkeypatch.setattr(importing, "DEFER_INDEXES_FROM_BYTES", 0)  # every file is large
    before = indexes()
    assert {name for name, _sql in before} >= {"book_search_name_number", "event_book_id"}
    during = []
    Importer(files, progress=lambda rows: during.append(indexes())).run()

    assert during and all(seen == [] for seen in during)
    assert indexes() == before
    assert not DroppedIndex.objects.exists()
    assert Book.objects.count() == 5 and verify() == []


def test_a_registry_that_holds_books_keeps_its_indexes_up_to_date_row_by_row(files, monkeypatch):
    monkeypatch.setattr(importing, "DEFER_INDEXES_FROM_BYTES", 0)
    Importer(files[:1]).run()
    before = indexes()
    during = []
    Importer(files, progress=lambda rows: during.append(indexes())).run()
    assert during and all(seen == before for seen in during)


def test_indexes_dropped_by_a_load_that_died_are_built_by_the_next_import(files):
    before = indexes()
    drop_for_loading(INDEXED_AFTER_LOADING)  # and the load killed before building them
    assert indexes() == [] and DroppedIndex.objects.count() == len(before)

    Importer(files, defer_indexes=False).run()

    assert indexes() == before
    assert not DroppedIndex.objects.exists()


@only_postgresql
def test_a_large_file_into_an_empty_registry_adds_the_foreign_keys_back_at_its_end(
    files, monkeypatch
):
    monkeypatch.setattr(importing, "DEFER_INDEXES_FROM_BYTES", 0)
    before = references()
    tables = {table for _name, table, _sql in before}
    assert tables == set(CHECKED_AFTER_LOADING)
    during = []
    Importer(files, progress=lambda rows: during.append(references())).run()

    assert during and all(seen == [] for seen in during)
    assert references() == before
    assert not DroppedIndex.objects.exists()
    assert Book.objects.count() == 5 and verify() == []


@only_postgresql
def test_foreign_keys_dropped_by_a_load_that_died_are_added_by_the_next_import(files):
    before = references()
    drop_for_loading(INDEXED_AFTER_LOADING, CHECKED_AFTER_LOADING)  # and the load killed
    assert references() == []

    Importer(files, defer_indexes=False).run()

    assert references() == before
    assert not DroppedIndex.objects.exists()


@only_postgresql
def test_adding_a_foreign_key_back_checks_every_row_written_without_it(files):
    Importer(files, defer_indexes=False).run()
    drop_for_loading((), CHECKED_AFTER_LOADING)
    with connection.cursor() as cursor:  # what no import writes: a period of no book
        cursor.execute(
            "INSERT INTO books_period (book_id, fund, from_month, to_month, job, wage) "
            "SELECT book_id + 1000000, fund, from_month, to_month, job, wage FROM books_period "
            "LIMIT 1"
        )

    with pytest.raises(IntegrityError, match="books_period"), transaction.atomic():
        rebuild_dropped_indexes()


def test_postgresql_statistics_of_looked_up_tables_follow_a_growing_load(files, monkeypatch):
    analyzed = []
    monkeypatch.setattr(importing, "FIRST_ANALYZE_AFTER", 2)
    monkeypatch.setattr(importing, "COMMIT_EVERY", 1)
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", 1)  # a commit after each book
    monkeypatch.setattr(importing, "refresh_statistics", lambda *tables: analyzed.append(tables))
    Importer(files).run()
    if connection.vendor == "postgresql":
        # After the 2nd book, then the 4th: each time the books created double.
        assert analyzed[:2] == [(importing.LOOKED_UP,), (importing.LOOKED_UP,)]
    assert analyzed[-1] == ()  # the whole registry, once the load is done
