"""Migration 0006 fills each employer counter's office from its employer, on the database
the suite runs on (an UPDATE … FROM on PostgreSQL, a subquery on SQLite)."""

import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from sobhxh.books.lifecycle import State
from sobhxh.progress.models import EmployerCount, EmployerDelta
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_books, make_employer, office_with_code, put_in_state

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sobhxh.progress.migrations.0006_employer_counters_by_office")


def test_the_migration_gives_every_employer_counter_its_employer_s_office():
    employers = [make_employer("001"), make_employer("760")]
    for employer in employers:
        (book,) = make_books(employer, 1)
        put_in_state(book, State.HANDED_OVER)
    elsewhere = office_with_code("VN")
    for table in (EmployerCount, EmployerDelta):
        table.objects.update(office=elsewhere)  # as if the column had just been added
    assert verify() != []

    # What the migration reads of its schema editor (SQLite's cannot open in a test's
    # transaction).
    migration.fill_offices(None, SimpleNamespace(connection=connection))

    for table in (EmployerCount, EmployerDelta):
        rows = set(table.objects.values_list("employer_id", "office_id"))
        assert rows == {(e.pk, e.office_id) for e in employers}
    assert verify() == []
