"""Writing the access log: one INSERT per request that served personal data, from values
the view already holds (no query to find them), and pruning rows past the retention.

A view calls one of `record_book_view`, `record_search`, `record_list`, `record_download`
before it answers: if the row cannot be written the request fails, so nothing is served
without its record.
"""

import json
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import PATH_LENGTH, Access

PRUNE_BATCH = 10_000


def record_access(
    *, user, action: str, path: str, numbers: Iterable[str] = (), details: dict | None = None
) -> Access:
    """Add one row to the access log: `user` served `numbers` (book numbers) and what
    `details` says, at `path`."""
    row = Access(
        user_id=getattr(user, "pk", None),
        action=action,
        numbers=" ".join(numbers),
        details=details or {},
        path=path[:PATH_LENGTH],
    )
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        _insert_without_waiting(row)
    else:
        row.save(force_insert=True)
    return row


# A commit on PostgreSQL waits until its WAL is on disk: 4 ms a page on the machine measured
# (bench/book_page_access_log.py), as long as the page itself. The row is inserted in a
# statement of its own that turns that wait off for its own transaction only
# (`set_config(..., true)`): 0.1 ms. A crash of the database server may lose the rows of its
# last fraction of a second (three times `wal_writer_delay` at most), never corrupt any.
_INSERT = """
    INSERT INTO audit_access (at, user_id, action, numbers, details, path)
    SELECT %s, %s, %s, %s, %s::jsonb, %s
    WHERE set_config('synchronous_commit', 'off', true) IS NOT NULL
    RETURNING id
"""


def _insert_without_waiting(row: Access) -> None:
    """Insert `row` in autocommit, its commit not waiting for the disk (PostgreSQL)."""
    values = (row.at, row.user_id, row.action, row.numbers, json.dumps(row.details), row.path)
    with connection.cursor() as cursor:
        cursor.execute(_INSERT, values)
        row.pk = cursor.fetchone()[0]
    row._state.adding = False


def _record(request, action: str, numbers: Iterable[str], details: dict) -> Access:
    return record_access(
        user=request.user,
        action=action,
        path=request.get_full_path(),
        numbers=numbers,
        details={key: value for key, value in details.items() if value not in (None, "")},
    )


def record_book_view(request, number: str) -> Access:
    """A book's page (or a page of one of its actions) was shown."""
    return _record(request, Access.Action.BOOK_VIEW, [number], {})


def record_search(request, *, numbers: Iterable[str], **asked) -> Access:
    """A search was run: what was asked (`asked`) and the books it listed."""
    return _record(request, Access.Action.SEARCH, numbers, asked)


def record_list(request, *, numbers: Iterable[str], **shown) -> Access:
    """A page listing workers (a review round, a handover batch, a checklist) was shown:
    the books on it and where they come from (`shown`: employer, round, batch, page)."""
    return _record(request, Access.Action.LIST, numbers, shown)


def record_download(request, *, numbers: Iterable[str] = (), **document) -> Access:
    """A document or export was downloaded: the books it holds, when at hand, and what it
    is (`document`: kind, format, employer, round or batch, part, upload)."""
    return _record(request, Access.Action.DOWNLOAD, numbers, document)


def prune_access_log(
    *, older_than_days: int | None = None, now: datetime | None = None, dry_run: bool = False
) -> int:
    """Delete the rows older than `older_than_days` (default `ACCESS_LOG_DAYS`); returns how
    many (with `dry_run`, how many would go). Deletes in batches, each its own transaction,
    so that pages keep writing their rows meanwhile."""
    days = settings.ACCESS_LOG_DAYS if older_than_days is None else older_than_days
    old = Access.objects.filter(at__lt=(now or timezone.now()) - timedelta(days=days))
    if dry_run:
        return old.count()
    deleted = 0
    while True:
        batch = list(old.order_by("pk").values_list("pk", flat=True)[:PRUNE_BATCH])
        if not batch:
            return deleted
        deleted += Access.objects.filter(pk__in=batch).delete()[0]
