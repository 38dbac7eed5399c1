"""Writing a row: what the page passes is what the log keeps, on either database; on
PostgreSQL a page's row does not wait for the disk (one statement, `_insert_without_waiting`)."""

import pytest
from django.db import connection

from sobhxh.audit import selectors, services
from sobhxh.audit.models import Access
from sobhxh.audit.services import _insert_without_waiting as insert_without_waiting
from sobhxh.audit.services import record_access
from sobhxh.testing.factories import make_user

pytestmark = pytest.mark.django_db


def _write(user) -> Access:
    return record_access(
        user=user,
        action=Access.Action.DOWNLOAD,
        path="/work/rounds/7/statements.pdf?part=2",
        numbers=["0100000001", "0100000002"],
        details={"document": "statements", "round": "12/2017", "part": 2, "employer": "Đông Á"},
    )


def _kept(row: Access) -> tuple:
    found = Access.objects.get(pk=row.pk)
    return (found.user_id, found.action, found.path, found.number_list, found.details, found.at)


def test_a_row_keeps_what_the_page_passed():
    user = make_user()
    row = _write(user)
    assert _kept(row) == (
        user.pk,
        "download",
        "/work/rounds/7/statements.pdf?part=2",
        ["0100000001", "0100000002"],
        {"document": "statements", "round": "12/2017", "part": 2, "employer": "Đông Á"},
        row.at,
    )


def test_a_long_address_is_cut_to_fit():
    row = record_access(user=None, action=Access.Action.SEARCH, path="/books/?q=" + "a" * 2000)
    assert len(Access.objects.get(pk=row.pk).path) == 1000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_outside_a_transaction_postgresql_writes_the_same_row_in_one_statement(monkeypatch):
    user = make_user()
    expected = _kept(_write(user))[:5]
    written = []

    def spy(row):
        written.append(row)
        insert_without_waiting(row)

    # Tests run inside a transaction; a page runs outside one.
    monkeypatch.setattr(connection, "in_atomic_block", False)
    monkeypatch.setattr(services, "_insert_without_waiting", spy)
    row = _write(user)
    monkeypatch.undo()
    assert written == [row]
    assert _kept(row)[:5] == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_book_number_is_found_through_an_index_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the table is empty here
        # Nor walk the primary key backwards and filter: what other tests' statistics of
        # the table may make look cheap. The question is whether the number has an index.
        cursor.execute("SET LOCAL enable_indexscan = off")
    query = selectors.matching(selectors.accesses(), "0100000001")
    assert "audit_access_numbers_trgm" in query.explain()
