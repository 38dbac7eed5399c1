"""Writing the access log: one INSERT per request that served personal data, from values
the view already holds (no query to find them), and pruning rows past the retention.

A view calls one of `record_book_view`, `record_search`, `record_list`, `record_download`
before it answers: if the row cannot be written the request fails, so nothing is served
without its record.
"""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from .models import PATH_LENGTH, Access

PRUNE_BATCH = 10_000


def record_access(
    *, user, action: str, path: str, numbers: Iterable[str] = (), details: dict | None = None
) -> Access:
    """Add one row to the access log: `user` served `numbers` (book numbers) and what
    `details` says, at `path`."""
    return Access.objects.create(
        user_id=getattr(user, "pk", None),
        action=action,
        numbers=" ".join(numbers),
        details=details or {},
        path=path[:PATH_LENGTH],
    )


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
