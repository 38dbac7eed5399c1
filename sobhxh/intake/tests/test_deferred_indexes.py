"""A large file loaded into an empty registry builds the secondary indexes of books and
events once at its end; an interrupted load has them built by the next import."""

import pytest
from django.db import connection

from sobhxh.books.bulk import indexes_dropped, secondary_indexes
from sobhxh.books.models import Book, DroppedIndex
from sobhxh.intake import importing, parsing
from sobhxh.intake.importing import INDEXED_AFTER_LOADING, Importer
from sobhxh.progress.verify import verify

from .files import book, books_file, period, periods_file

pytestmark = pytest.mark.django_db


def indexes():
    return secondary_indexes(INDEXED_AFTER_LOADING)


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
    load = indexes_dropped(INDEXED_AFTER_LOADING)
    load.__enter__()  # and never left, as if killed
    assert indexes() == [] and DroppedIndex.objects.count() == len(before)

    Importer(files, defer_indexes=False).run()

    assert indexes() == before
    assert not DroppedIndex.objects.exists()


def test_postgresql_statistics_of_looked_up_tables_follow_a_growing_load(files, monkeypatch):
    analyzed = []
    monkeypatch.setattr(importing, "FIRST_ANALYZE_AFTER", 2)
    monkeypatch.setattr(importing, "COMMIT_EVERY", 1)
    monkeypatch.setattr(parsing, "CHUNK", 1)  # a commit after each book
    monkeypatch.setattr(importing, "refresh_statistics", lambda *tables: analyzed.append(tables))
    Importer(files).run()
    if connection.vendor == "postgresql":
        # After the 2nd book, then the 4th: each time the books created double.
        assert analyzed[:2] == [(importing.LOOKED_UP,), (importing.LOOKED_UP,)]
    assert analyzed[-1] == ()  # the whole registry, once the load is done
