"""Everything that writes probable duplicates: the finder's upserts, an office's decision,
and the merge, which goes through the books' own door (`books.services.merge_books`)."""

import json
from datetime import date

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import Via
from sobhxh.books.models import Book
from sobhxh.books.services import MergeResult, merge_books

from .models import DuplicatePair, RefundMonth, Status
from .rules import Row, score


class AlreadyDecided(LifecycleError):
    pass


PLACES = ("office_low_id", "office_high_id", "province_low_id", "province_high_id")


def next_run() -> int:
    return (DuplicatePair.objects.aggregate(last=Max("run"))["last"] or 0) + 1


class PairWriter:
    """Upserts found pairs a chunk at a time: a new pair is written open, an open one gets
    its new score, reasons and run, a decided one is left exactly as it was."""

    def __init__(self, *, run: int, chunk: int = 1000):
        self.run, self.chunk = run, chunk
        self.pending: dict[tuple[int, int], list[str]] = {}
        self.written = 0
        self.now = timezone.now()

    def add(self, a: Row, b: Row, reasons: list[str]) -> None:
        low, high = (a, b) if a.id < b.id else (b, a)
        self.pending[(low.id, high.id)] = (
            reasons, low.office, high.office, low.province, high.province
        )  # fmt: skip
        if len(self.pending) >= self.chunk:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        reasons = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
        row = f"(%s, %s, %s, {reasons}, 'open', %s, %s, %s, %s, %s, %s)"
        values = ", ".join([row] * len(self.pending))
        params: list = []
        for (low, high), (why, *places) in self.pending.items():
            params += [low, high, score(why), json.dumps(why), self.run, self.now, *places]
        table = DuplicatePair._meta.db_table
        # An open pair found again takes its books' places now: the lists read them.
        refreshed = ", ".join(f"{place} = excluded.{place}" for place in PLACES)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (book_low_id, book_high_id, score, reasons, status, run, "
                f"found_at, {', '.join(PLACES)}) VALUES {values} "
                "ON CONFLICT (book_low_id, book_high_id) DO UPDATE "
                "SET score = excluded.score, reasons = excluded.reasons, run = excluded.run, "
                f"{refreshed} WHERE {table}.status = 'open'",
                params,
            )
        self.written += len(self.pending)
        self.pending = {}


def open_pairs() -> int:
    return DuplicatePair.objects.filter(status=Status.OPEN).count()


def withdraw_unfound(*, run: int) -> int:
    """Delete the open pairs that run `run` did not find again: their books no longer look
    alike (corrected, or one was excluded). Decided pairs stay for ever."""
    # One statement, not the ORM's collector (which reads every row first): an open pair
    # has nothing that refers to it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {DuplicatePair._meta.db_table} WHERE status = %s AND run < %s",
            [Status.OPEN, run],
        )
        return cursor.rowcount


def decide_different(*, pair: DuplicatePair, actor) -> DuplicatePair:
    """The two books are different people's: never proposed again."""
    return _decide(pair, Status.DIFFERENT, actor)


def merge_pair(
    *, pair: DuplicatePair, kept: Book, on: date, actor, via: str = Via.WEB, note: str = ""
) -> MergeResult:
    """The two books are one worker's: merge the other into `kept` through the books'
    door, record the months both paid for refund, and close the pair, in one transaction."""
    if kept.pk not in (pair.book_low_id, pair.book_high_id):
        raise ValueError("the kept book is not one of the pair")
    merged_id = pair.book_high_id if kept.pk == pair.book_low_id else pair.book_low_id
    with transaction.atomic():
        pair = _lock_open(pair)
        merged = Book.objects.get(pk=merged_id)
        result = merge_books(kept=kept, merged=merged, on=on, actor=actor, via=via, note=note)
        RefundMonth.objects.bulk_create(
            RefundMonth(pair=pair, fund=fund, from_month=first, to_month=last)
            for fund, first, last in result.overlaps
        )
        pair.kept = kept
        _decide(pair, Status.MERGED, actor)
    return result


def _decide(pair: DuplicatePair, status: str, actor) -> DuplicatePair:
    with transaction.atomic():
        locked = _lock_open(pair)
        locked.status = status
        locked.kept = pair.kept if status == Status.MERGED else None
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "kept", "decided_by", "decided_at"])
    pair.refresh_from_db()
    return pair


def _lock_open(pair: DuplicatePair) -> DuplicatePair:
    locked = DuplicatePair.objects.select_for_update().get(pk=pair.pk)
    if locked.status != Status.OPEN:
        raise AlreadyDecided(
            _("These two books were decided already: “%(status)s”."),
            status=Status(locked.status).label,
        )
    return locked
