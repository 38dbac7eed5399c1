"""Everything that can change a book. The book's state changes here and nowhere else
(DESIGN.md invariant 1): each move is checked against the lifecycle, written as an
append-only event and counted, in one transaction, whether it concerns one book or
thousands."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import NamedTuple

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts import scope
from sobhxh.db import bulk
from sobhxh.progress.services import apply_moves, moves_of
from sobhxh.units.models import Employer

from .details import EDITABLE_FIELDS, clean_details
from .errors import InvalidDate, LifecycleError, NotPermitted, TransitionNotAllowed
from .lifecycle import (
    MOVES,
    SUPERVISOR_ACTIONS,
    SUPERVISOR_PERMISSION,
    WAITING_STATES,
    Action,
    State,
    Via,
    WaitingReason,
    check_move,
    role_may_take,
    via_may_take,
)
from .models import Book, BookEvent, Period
from .selectors import periods_by_key
from .text import clean_name, fold

# Books written or locked by one statement.
BOOKS_PER_STATEMENT = 2000
_ROW_FIELDS = ("pk", "number", "state", "state_on", "office_id", "employer_id", "waiting_reason")


@dataclass
class BulkResult:
    moved: int = 0
    # (book number, why not) for each book that was left as it was
    refused: list[tuple[str, str]] = field(default_factory=list)


def today() -> date:
    return timezone.localdate()


def transition(
    *,
    book: Book,
    action: str,
    on: date,
    actor=None,
    via: str = Via.WEB,
    details: dict | None = None,
    changes: dict | None = None,
) -> BookEvent:
    """Move one book by `action` on business date `on`; raise a LifecycleError if refused.

    `changes` (book field -> new value) is for `correct`: the office's fix, kept with its
    old values in the event. A move clears the book's waiting reason: whatever held it up
    has been dealt with, or the office records the reason again. Setting or clearing a
    waiting reason (which moves no state) goes through here too.
    """
    if action in WAITING_ACTIONS:
        return _one_waiting(book, action, details or {}, on, actor, via)
    details = clean_details(action, details, number=book.number)
    _check_actor(action, actor, book.number, via=via)
    with transaction.atomic():
        row = _lock_rows([book.pk])[0]
        _check_move(row, action, on)
        if changes:
            details["changes"] = _apply_changes(book, changes)
        event = _move_checked(row, action, on, actor=actor, via=via, details=details)
    book.refresh_from_db()
    return event


def _move_checked(
    row: dict, action: str, on: date, *, actor, via: str, details: dict, recorded_at=None
) -> BookEvent:
    """Move one book, locked and checked (`row` from `_lock_rows`, `_check_move` passed):
    its state, its event, the counters. The one place a single book's state is written
    (`transition`; `merge_books` for the merged book)."""
    target = MOVES[action][1]
    Book.objects.filter(pk=row["pk"]).update(state=target, state_on=on, waiting_reason="")
    fresh = Book.objects.only("office_id", "employer_id").get(pk=row["pk"])
    event = BookEvent.objects.create(
        book_id=row["pk"],
        action=action,
        from_state=row["state"],
        to_state=target,
        happened_on=on,
        recorded_at=recorded_at or timezone.now(),
        actor=actor,
        via=via,
        details=details,
        office_id=fresh.office_id,
        employer_id=fresh.employer_id,
    )
    apply_moves(moves_of(on, _place(row), (fresh.office_id, fresh.employer_id, target, ""), action))
    return event


def transition_many(
    *,
    book_ids: Iterable[int],
    action: str,
    on: date,
    actor=None,
    via: str = Via.WEB,
    details: dict | None = None,
) -> BulkResult:
    """Move many books by the same action, set-based, in one transaction.

    A book the rules refuse is left as it was and reported in `refused`; the others move.
    """
    if action in WAITING_ACTIONS:
        return _many_waiting(book_ids, action, details or {}, on, actor, via)
    details = clean_details(action, details)
    _check_actor(action, actor, via=via)
    target = MOVES[action][1]
    result = BulkResult()
    ids = list(dict.fromkeys(book_ids))
    recorded_at = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), BOOKS_PER_STATEMENT):
            rows = _lock_rows(ids[start : start + BOOKS_PER_STATEMENT])
            movable = []
            for row in rows:
                try:
                    _check_move(row, action, on)
                except (TransitionNotAllowed, InvalidDate) as refusal:
                    result.refused.append((row["number"], refusal.message))
                else:
                    movable.append(row)
            if not movable:
                continue
            _write_moves(movable, action, target, on, actor, via, details, recorded_at)
            result.moved += len(movable)
    return result


def _write_moves(rows, action, target, on, actor, via, details, recorded_at) -> None:
    moved_ids = [row["pk"] for row in rows]
    updated = Book.objects.filter(pk__in=moved_ids, state__in=MOVES[action][0]).update(
        state=target, state_on=on, waiting_reason=""
    )
    assert updated == len(moved_ids), "books changed state under a held lock"
    BookEvent.objects.bulk_create(
        [
            BookEvent(
                book_id=row["pk"],
                action=action,
                from_state=row["state"],
                to_state=target,
                happened_on=on,
                recorded_at=recorded_at,
                actor=actor,
                via=via,
                details=details,
                office_id=row["office_id"],
                employer_id=row["employer_id"],
            )
            for row in rows
        ],
        batch_size=500,
    )
    apply_moves(
        move
        for row in rows
        for move in moves_of(
            on, _place(row), (row["office_id"], row["employer_id"], target, ""), action
        )
    )


def _place(row: dict, **changed) -> tuple[int, int, str, str]:
    """Where a locked book row is counted (`progress.services.Place`), with `changed`."""
    place = {key: row[key] for key in ("office_id", "employer_id", "state", "waiting_reason")}
    place.update(changed)
    return (place["office_id"], place["employer_id"], place["state"], place["waiting_reason"])


# -- why a book still waits ----------------------------------------------------------------

WAITING_ACTIONS = frozenset({Action.SET_WAITING, Action.CLEAR_WAITING})


def set_waiting(
    *, book: Book, reason: str, on: date, actor=None, via: str = Via.WEB, words: str = ""
) -> BookEvent:
    """Record on `on` why a book not yet handed over still waits (replacing any earlier
    reason); raise a LifecycleError if refused."""
    details = {"reason": reason, "words": words}
    return _one_waiting(book, Action.SET_WAITING, details, on, actor, via)


def clear_waiting(
    *, book: Book, on: date, actor=None, via: str = Via.WEB, note: str = ""
) -> BookEvent:
    """Record on `on` that a book no longer waits for its reason."""
    return _one_waiting(book, Action.CLEAR_WAITING, {"note": note}, on, actor, via)


def set_waiting_many(
    *, book_ids: Iterable[int], reason: str, on: date, actor=None, via: str = Via.WEB,
    words: str = "",
) -> BulkResult:  # fmt: skip
    """`set_waiting` for many books, set-based; a book refused is reported and left."""
    details = {"reason": reason, "words": words}
    return _many_waiting(book_ids, Action.SET_WAITING, details, on, actor, via)


def clear_waiting_many(
    *, book_ids: Iterable[int], on: date, actor=None, via: str = Via.WEB, note: str = ""
) -> BulkResult:
    return _many_waiting(book_ids, Action.CLEAR_WAITING, {"note": note}, on, actor, via)


def mark_employer_in_arrears(
    *, employer: Employer, on: date, actor=None, via: str = Via.WEB
) -> BulkResult:
    """All the employer's books that are still due, not handed over and not waiting for
    another reason wait for its arrears from `on`: one statement per chunk of books."""
    ids = Book.objects.filter(
        employer=employer, state__in=WAITING_STATES, waiting_reason=""
    ).values_list("pk", flat=True)
    return set_waiting_many(
        book_ids=list(ids), reason=WaitingReason.ARREARS, on=on, actor=actor, via=via
    )


def clear_employer_arrears(
    *, employer: Employer, on: date, actor=None, via: str = Via.WEB
) -> BulkResult:
    """The employer has paid: none of its books waits for its arrears from `on`."""
    ids = Book.objects.filter(employer=employer, waiting_reason=WaitingReason.ARREARS).values_list(
        "pk", flat=True
    )
    note = _("The employer has paid its arrears.")
    return clear_waiting_many(book_ids=list(ids), on=on, actor=actor, via=via, note=str(note))


def _one_waiting(book: Book, action: str, details: dict, on: date, actor, via: str):
    details = clean_details(action, details, number=book.number)
    _check_actor(action, actor, book.number, via=via)
    with transaction.atomic():
        row = _lock_rows([book.pk])[0]
        _check_waiting(row, action, details, on)
        event = _write_waiting([row], action, details, on, actor, via, timezone.now())[0]
    book.refresh_from_db()
    return event


def _many_waiting(book_ids, action: str, details: dict, on: date, actor, via: str):
    details = clean_details(action, details)
    _check_actor(action, actor, via=via)
    result = BulkResult()
    ids = list(dict.fromkeys(book_ids))
    recorded_at = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), BOOKS_PER_STATEMENT):
            writable = []
            for row in _lock_rows(ids[start : start + BOOKS_PER_STATEMENT]):
                try:
                    _check_waiting(row, action, details, on)
                except LifecycleError as refusal:
                    result.refused.append((row["number"], refusal.message))
                else:
                    writable.append(row)
            if writable:
                _write_waiting(writable, action, details, on, actor, via, recorded_at)
                result.moved += len(writable)
    return result


def _check_waiting(row: dict, action: str, details: dict, on: date) -> None:
    state = State(row["state"])
    if state not in WAITING_STATES:
        raise TransitionNotAllowed(
            _(
                "Book %(number)s is “%(state)s”: only a book still due and not yet handed "
                "over can wait."
            ),
            number=row["number"],
            state=state.label,
        )
    if action == Action.SET_WAITING and row["waiting_reason"] == details["reason"]:
        raise TransitionNotAllowed(
            _("Book %(number)s already waits for this reason: “%(reason)s”."),
            number=row["number"],
            reason=WaitingReason(details["reason"]).label,
        )
    if action == Action.CLEAR_WAITING and not row["waiting_reason"]:
        raise TransitionNotAllowed(
            _("Book %(number)s is not waiting for any reason."), number=row["number"]
        )
    _check_date(on, row["number"], row["state_on"])


def _write_waiting(rows, action, details, on, actor, via, recorded_at) -> list[BookEvent]:
    reason = details["reason"] if action == Action.SET_WAITING else ""
    ids = [row["pk"] for row in rows]
    Book.objects.filter(pk__in=ids).update(waiting_reason=reason, state_on=on)
    events = BookEvent.objects.bulk_create(
        [
            BookEvent(
                book_id=row["pk"], action=action, from_state=row["state"],
                to_state=row["state"], happened_on=on, recorded_at=recorded_at, actor=actor,
                via=via, details=details, waiting_reason=reason, office_id=row["office_id"],
                employer_id=row["employer_id"],
            )
            for row in rows
        ],
        batch_size=500,
    )  # fmt: skip
    apply_moves(
        move
        for row in rows
        for move in moves_of(on, _place(row), _place(row, waiting_reason=reason))
    )
    return events


class NewBook(NamedTuple):
    """A book to register; a named tuple, as a million of them are made in an import."""

    number: str
    full_name: str
    birth_date: date
    sex: str
    employer_id: int
    office_id: int
    birth_precision: str = "day"
    identity_number: str = ""
    issued_on: date | None = None
    # The contribution periods written with the book: its register event records how
    # many, so that `verify` can hold every book's periods against its events.
    periods_added: int = 0


_NEW_BOOK_COLUMNS = (
    "number", "full_name", "search_name", "birth_date", "birth_precision", "sex",
    "identity_number", "employer_id", "office_id", "issued_on", "state", "state_on", "created_at",
)  # fmt: skip


def register_books(
    new_books: Sequence[NewBook], *, on: date, actor=None, via: str = Via.COMMAND
) -> dict[str, int]:
    """Enter books into the registry as not reviewed, each with its `register` event.

    Set-based for any number of books: on PostgreSQL the books take their ids from their
    sequence first, and books and events are both written by COPY; on SQLite the books are
    written in bulk and their events by one INSERT … SELECT a chunk. The counters move by
    one batched upsert. Returns the new books' ids by number.
    """
    _check_actor(Action.REGISTER, actor, via=via)
    _check_date(on, "", None)
    recorded_at = bulk.db_datetime(timezone.now())
    as_db_date = bulk.db_dates()
    day, created_at = as_db_date(on), as_db_date(recorded_at)
    # The columns of a register event before its details, as _EVENT_COLUMNS has them.
    event = (
        Action.REGISTER,
        "",
        State.NOT_REVIEWED,
        on,
        recorded_at,
        actor.pk if actor else None,
        via,
    )
    write = _register_by_copy if connection.vendor == "postgresql" else _register_by_insert
    ids: dict[str, int] = {}
    with transaction.atomic():
        for start in range(0, len(new_books), BOOKS_PER_STATEMENT):
            chunk = new_books[start : start + BOOKS_PER_STATEMENT]
            rows = [
                (
                    item.number, clean_name(item.full_name), fold(item.full_name),
                    as_db_date(item.birth_date), item.birth_precision, item.sex,
                    item.identity_number, item.employer_id, item.office_id,
                    as_db_date(item.issued_on), State.NOT_REVIEWED, day, created_at,
                )
                for item in chunk
            ]  # fmt: skip
            ids.update(write(chunk, rows, event))
        # Once for all the books: one batched upsert per counter table, not one per chunk.
        apply_moves(
            (on, None, (item.office_id, item.employer_id, State.NOT_REVIEWED)) for item in new_books
        )
    return ids


_EVENT_COLUMNS = ("book_id", "action", "from_state", "to_state", "happened_on", "recorded_at",
                  "actor_id", "via", "details", "office_id", "employer_id")  # fmt: skip


def _register_by_copy(chunk: Sequence[NewBook], rows: list[tuple], event: tuple) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('books_book', 'id')) "
            "FROM generate_series(1, %s)",
            [len(chunk)],
        )
        new_ids = [pk for (pk,) in cursor.fetchall()]
    bulk.write_rows("books_book", ("id", *_NEW_BOOK_COLUMNS), map(_with_id, new_ids, rows))
    bulk.write_rows(
        "books_bookevent",
        _EVENT_COLUMNS,
        (
            (
                pk,
                *event,
                periods_added_details(item.periods_added),
                item.office_id,
                item.employer_id,
            )
            for pk, item in zip(new_ids, chunk, strict=True)
        ),
    )
    return dict(zip((item.number for item in chunk), new_ids, strict=True))


def periods_added_details(count: int) -> str:
    """The details (JSON) of an event that wrote `count` periods of its book and nothing
    else worth recording."""
    return f'{{"periods_added": {count}}}' if count else "{}"


def _with_id(pk: int, row: tuple) -> tuple:
    return (pk, *row)


def _register_by_insert(chunk: Sequence[NewBook], rows: list[tuple], event: tuple) -> dict:
    bulk.write_rows("books_book", _NEW_BOOK_COLUMNS, rows)
    condition, params = bulk.one_of("number", [item.number for item in chunk])
    columns = ", ".join(_EVENT_COLUMNS)
    with connection.cursor() as cursor:
        # The details of each book's event, by number: most share one of a few texts.
        details = [periods_added_details(item.periods_added) for item in chunk]
        if len(set(details)) == 1:
            cursor.execute(
                f"INSERT INTO books_bookevent ({columns}) SELECT id, %s, %s, %s, %s, %s, %s, "
                f"%s, %s, office_id, employer_id FROM books_book WHERE {condition} ORDER BY id",
                [*event, details[0], *params],
            )
            cursor.execute(f"SELECT number, id FROM books_book WHERE {condition}", params)
            return dict(cursor.fetchall())
        cursor.execute(f"SELECT number, id FROM books_book WHERE {condition}", params)
        ids = dict(cursor.fetchall())
    bulk.write_rows(
        "books_bookevent",
        _EVENT_COLUMNS,
        [
            (ids[item.number], *event, text, item.office_id, item.employer_id)
            for item, text in zip(chunk, details, strict=True)
        ],
    )
    return ids


def edit_book(
    *, book: Book, changes: dict, on: date, actor=None, via: str = Via.WEB, note: str = ""
) -> BookEvent | None:
    """Change a book's data outside a dispute; the event keeps old and new values.

    Returns None when nothing actually changes. Moving a book to another employer moves
    it in the counters too.
    """
    _check_actor(Action.EDIT, actor, book.number, via=via)
    with transaction.atomic():
        row = _lock_rows([book.pk])[0]
        _check_date(on, row["number"], row["state_on"])
        recorded = _apply_changes(book, changes)
        if not recorded:
            return None
        fresh = Book.objects.only("office_id", "employer_id", "state").get(pk=book.pk)
        Book.objects.filter(pk=book.pk).update(state_on=on)
        details = {"changes": recorded}
        if note:
            details["note"] = note
        event = BookEvent.objects.create(
            book_id=book.pk,
            action=Action.EDIT,
            from_state=row["state"],
            to_state=row["state"],
            happened_on=on,
            recorded_at=timezone.now(),
            actor=actor,
            via=via,
            details=details,
            waiting_reason=row["waiting_reason"],
            office_id=fresh.office_id,
            employer_id=fresh.employer_id,
        )
        if (fresh.office_id, fresh.employer_id) != (row["office_id"], row["employer_id"]):
            moved = _place(row, office_id=fresh.office_id, employer_id=fresh.employer_id)
            apply_moves(moves_of(on, _place(row), moved))
    book.refresh_from_db()
    return event


@dataclass(frozen=True)
class BookEdit:
    """Changes to one book for `edit_books`: field -> new value (an employer by id), and
    changes already made to its periods, recorded as they are."""

    book_id: int
    changes: dict
    periods: dict | None = None
    periods_added: int = 0  # periods written for the book, recorded in its event


_EDIT_COLUMNS = ("full_name", "birth_date", "birth_precision", "sex", "identity_number",
                 "issued_on", "employer_id")  # fmt: skip


def edit_books(edits: Sequence[BookEdit], *, on: date, actor=None, via: str = Via.IMPORT) -> int:
    """`edit_book` for many books, set-based: one UPDATE statement for all, one event per
    book that changed (old and new values), counters moved for books that change employer.
    Returns how many books changed."""
    if not edits:
        return 0
    _check_actor(Action.EDIT, actor, via=via)
    recorded_at = timezone.now()
    events: list[BookEvent] = []
    updates: list[tuple] = []
    moves = []
    with transaction.atomic():
        ids = [edit.book_id for edit in edits]
        locked = {row["pk"]: row for row in _lock_rows(ids)}
        current = {
            row["id"]: row
            for row in Book.objects.filter(pk__in=ids).values(
                "id", "employer__code", *_EDIT_COLUMNS
            )
        }
        employer_ids = {e.changes["employer"] for e in edits if "employer" in e.changes}
        employers = {
            pk: (code, office_id)
            for pk, code, office_id in Employer.objects.filter(pk__in=employer_ids).values_list(
                "pk", "code", "office_id"
            )
        }
        for edit in edits:
            row, old = locked[edit.book_id], current[edit.book_id]
            _check_date(on, row["number"], row["state_on"])
            new = dict(old)
            recorded: dict = {}
            for name, value in edit.changes.items():
                if name == "employer":
                    if value != old["employer_id"]:
                        recorded["employer"] = [old["employer__code"], employers[value][0]]
                        new["employer_id"] = value
                    continue
                if name not in EDITABLE_FIELDS:
                    raise ValueError(f"field that cannot be changed: {name}")
                if name == "full_name":
                    value = clean_name(value)
                if value != old[name]:
                    recorded[name] = [_jsonable(old[name]), _jsonable(value)]
                    new[name] = value
            if not recorded and not edit.periods and not edit.periods_added:
                continue
            office_id = (
                employers[new["employer_id"]][1] if "employer" in recorded else row["office_id"]
            )
            updates.append(
                (
                    *(new[c] for c in _EDIT_COLUMNS),
                    fold(new["full_name"]),
                    office_id,
                    on,
                    edit.book_id,
                )
            )
            details: dict = {"changes": recorded} if recorded else {}
            if edit.periods:
                details["periods"] = edit.periods
            if edit.periods_added:
                details["periods_added"] = edit.periods_added
            events.append(
                BookEvent(
                    book_id=edit.book_id, action=Action.EDIT, from_state=row["state"],
                    to_state=row["state"], happened_on=on, recorded_at=recorded_at, actor=actor,
                    via=via, details=details, office_id=office_id, employer_id=new["employer_id"],
                    waiting_reason=row["waiting_reason"],
                )
            )  # fmt: skip
            if "employer" in recorded:
                moved = _place(row, office_id=office_id, employer_id=new["employer_id"])
                moves += moves_of(on, _place(row), moved)
        columns = ", ".join(f"{c} = %s" for c in (*_EDIT_COLUMNS, "search_name", "office_id"))
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE books_book SET {columns}, state_on = %s WHERE id = %s", updates
            )
        BookEvent.objects.bulk_create(events, batch_size=500)
        apply_moves(moves)
    return len(events)


def _apply_changes(book: Book, changes: dict) -> dict:
    """Write `changes` to the book row; return {field: [old, new]} of what really changed."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields that cannot be changed: {sorted(unknown)}")
    current = Book.objects.get(pk=book.pk)
    update: dict = {}
    recorded: dict = {}
    for name, new in changes.items():
        if name == "employer":
            employer = new if isinstance(new, Employer) else Employer.objects.get(pk=new)
            if employer.pk != current.employer_id:
                recorded["employer"] = [current.employer.code, employer.code]
                update["employer_id"] = employer.pk
                update["office_id"] = employer.office_id
            continue
        if name == "full_name":
            new = clean_name(new)
            update["search_name"] = fold(new)
        old = getattr(current, name)
        if old != new:
            recorded[name] = [_jsonable(old), _jsonable(new)]
            update[name] = new
    if recorded:
        Book.objects.filter(pk=book.pk).update(**update)
    return recorded


def _jsonable(value):
    """A value as an event's details record it: dates as ISO text, a rate as its text."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value) if isinstance(value, Decimal) else value


def _lock_rows(ids: list[int]) -> list[dict]:
    rows = Book.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return list(rows.values(*_ROW_FIELDS))


def _check_actor(action: str, actor, number: str = "", *, via: str = "") -> None:
    """Refuse `action` to an actor the lifecycle does not let take it: an employer's staff
    outside the everyday work, anyone but a supervisor undoing a handover, the worker online
    (`Via.WORKER`) anything but confirming or disputing their own book. `number` names the
    book when there is one. No actor is the system itself (a command, a test)."""
    _check_via(action, via, number)
    if actor is not None and not role_may_take(scope.role(actor), action):
        if number:
            template = _(
                "Book %(number)s: an employer's staff may not “%(action)s”; the social "
                "insurance office does that."
            )
        else:
            template = _(
                "An employer's staff may not “%(action)s”; the social insurance office does that."
            )
        raise NotPermitted(template, number=number, action=Action(action).label)
    if action in SUPERVISOR_ACTIONS and not (actor and actor.has_perm(SUPERVISOR_PERMISSION)):
        raise NotPermitted(
            _("Book %(number)s: only a supervisor may undo a handover."), number=number
        )


def _check_via(action: str, via: str, number: str = "") -> None:
    if not via_may_take(via, action):
        if number:
            template = _(
                "Book %(number)s: the worker may only confirm or dispute their book online."
            )
        else:
            template = _("The worker may only confirm or dispute their book online.")
        raise NotPermitted(template, number=number)


def _check_move(row: dict, action: str, on: date) -> None:
    check_move(action, row["state"], number=row["number"])
    _check_date(on, row["number"], row["state_on"])


def _check_date(on: date, number: str, latest: date | None) -> None:
    if on > today():
        raise InvalidDate(
            _("Book %(number)s: the date %(on)s is in the future."),
            number=number,
            on=f"{on:%d/%m/%Y}",
        )
    if latest and on < latest:
        raise InvalidDate(
            _(
                "Book %(number)s: the date %(on)s is before its latest event (%(latest)s); "
                "events of a book are recorded in the order they happened."
            ),
            number=number,
            on=f"{on:%d/%m/%Y}",
            latest=f"{latest:%d/%m/%Y}",
        )


# -- contribution periods ------------------------------------------------------------------

PERIOD_COLUMNS = ("book_id", "fund", "from_month", "to_month", "job", "wage", "rate")
CENT = Decimal("0.01")


def add_periods_of_new_books(rows: Iterable[tuple]) -> int:
    """Write the periods of books `register_books` has just written, in its transaction:
    their register events say how many (`NewBook.periods_added`), and a new book has no
    stored period to compare with. `rows` in PERIOD_COLUMNS order; returns how many."""
    rows = list(rows)
    bulk.write_rows("books_period", PERIOD_COLUMNS, rows)
    return len(rows)


def add_periods_of_new_books_selected(select: str, params: Sequence) -> int:
    """`add_periods_of_new_books` for the rows a SELECT gives (in PERIOD_COLUMNS order),
    written by one INSERT … SELECT: from a table of the importer's, say, without a trip
    through Python. Returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO books_period ({', '.join(PERIOD_COLUMNS)}) {select}", params)
        return cursor.rowcount


@dataclass
class PeriodCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def write_periods(
    periods: Sequence[tuple],
    *,
    on: date,
    actor=None,
    via: str = Via.IMPORT,
    stored: dict[tuple, dict] | None = None,
) -> PeriodCounts:
    """Set periods of stored books, set-based. `periods`: PERIOD_COLUMNS tuples (dates as
    dates, the rate a number, its text or None), at most one for a book, fund and first
    month. A
    period whose key is new is added; one whose other fields differ is updated; each book
    concerned gets one `edit` event with the changed periods' old and new values and how
    many were added (what `verify` counts). `stored`: the books' periods as
    `selectors.periods_by_key` gives them, when the caller has read them already."""
    _check_via(Action.EDIT, via)
    counts = PeriodCounts()
    if not periods:
        return counts
    if stored is None:
        stored = periods_by_key({period[0] for period in periods})
    new, updates, changed = [], [], {}
    added: dict[int, int] = {}
    for book_id, fund, from_month, to_month, job, wage, rate in periods:
        rate = None if rate is None else Decimal(rate).quantize(CENT)  # as the column keeps it
        current = stored.get((book_id, fund, from_month))
        if current is None:
            new.append(
                (
                    book_id,
                    fund,
                    from_month,
                    to_month,
                    job,
                    wage,
                    None if rate is None else str(rate),
                )
            )
            added[book_id] = added.get(book_id, 0) + 1
            continue
        now = {"to_month": to_month, "job": job, "wage": wage, "rate": rate}
        diff = {
            name: [_jsonable(current[name]), _jsonable(value)]
            for name, value in now.items()
            if current[name] != value
        }
        if not diff:
            counts.unchanged += 1
            continue
        counts.updated += 1
        updates.append((to_month, job, wage, rate, current["id"]))
        changed.setdefault(book_id, {})[f"{fund} {from_month:%m/%Y}"] = diff
    with transaction.atomic():
        if new:
            bulk.write_rows("books_period", PERIOD_COLUMNS, new)
        if updates:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE books_period SET to_month = %s, job = %s, wage = %s, rate = %s "
                    "WHERE id = %s",
                    updates,
                )
        edit_books(
            [
                BookEdit(book_id, {}, changed.get(book_id), added.get(book_id, 0))
                for book_id in sorted(changed.keys() | added.keys())
            ],
            on=on,
            actor=actor,
            via=via,
        )
    counts.created = len(new)
    return counts


# -- work done before the file ------------------------------------------------------------

# The steps of the work an office may have done before it used sobhxh, in their order
# (IMPORT-FORMAT.md, "Work done before the file").
PAST_STEPS = (Action.START_REVIEW, Action.CONFIRM, Action.HAND_OVER)


class Step(NamedTuple):
    """One step of a book's earlier work: `action` (one of PAST_STEPS) on its business day,
    with what the action records (`details.clean_details`: who received a handed-over book)."""

    action: str
    on: date
    details: dict | None = None


def register_books_with_steps(
    items: Sequence[tuple[NewBook, Sequence[Step]]], *, actor=None, via: str = Via.IMPORT
) -> dict[str, int]:
    """Register books together with the work done on them before: each book on the day of
    its first step, then each step as its own event on its day; the book ends in the state
    of its last step. Returns the new books' ids by number.

    The set-based twin of `register_books(on=first day)` followed by one `transition` a
    step (the tests hold them equal): books and events written in bulk a chunk at a time,
    the counters moved by one batched upsert. Each book's steps must follow the lifecycle
    from "not reviewed" in date order and none be in the future: a LifecycleError says
    which does not, and nothing is written."""
    _check_actor(Action.REGISTER, actor, via=via)
    for action in {step.action for _item, steps in items for step in steps}:
        _check_actor(action, actor, via=via)
    recorded_at = bulk.db_datetime(timezone.now())
    as_db_date = bulk.db_dates()
    created_at = as_db_date(recorded_at)
    actor_id = actor.pk if actor else None
    ids: dict[str, int] = {}
    moves: list = []
    with transaction.atomic():
        for start in range(0, len(items), BOOKS_PER_STATEMENT):
            chunk = items[start : start + BOOKS_PER_STATEMENT]
            replays = [
                _replay(item.number, State.NOT_REVIEWED, None, steps) for item, steps in chunk
            ]
            rows = []
            for (item, steps), (state, day, _events) in zip(chunk, replays, strict=True):
                first_day = steps[0].on if steps else today()
                _check_date(first_day, item.number, None)
                rows.append(
                    (
                        item.number, clean_name(item.full_name), fold(item.full_name),
                        as_db_date(item.birth_date), item.birth_precision, item.sex,
                        item.identity_number, item.employer_id, item.office_id,
                        as_db_date(item.issued_on), state, as_db_date(day or first_day),
                        created_at,
                    )
                )  # fmt: skip
            chunk_ids = _insert_books(rows)
            ids.update(chunk_ids)
            events = []
            for (item, steps), (_state, _day, replayed) in zip(chunk, replays, strict=True):
                pk, place = chunk_ids[item.number], (item.office_id, item.employer_id)
                first_day = steps[0].on if steps else today()
                events.append(
                    (pk, Action.REGISTER, "", State.NOT_REVIEWED, as_db_date(first_day),
                     recorded_at, actor_id, via, periods_added_details(item.periods_added),
                     *place)
                )  # fmt: skip
                moves.append((first_day, None, (*place, State.NOT_REVIEWED)))
                for action, before, after, on, details in replayed:
                    events.append(
                        (pk, action, before, after, as_db_date(on), recorded_at, actor_id, via,
                         details, *place)
                    )  # fmt: skip
                    moves += moves_of(on, (*place, before, ""), (*place, after, ""), action)
            bulk.write_rows("books_bookevent", _EVENT_COLUMNS, events)
        apply_moves(moves)
    return ids


def take_steps(
    items: Sequence[tuple[int, Sequence[Step]]], *, actor=None, via: str = Via.IMPORT
) -> BulkResult:
    """Record steps of stored books on their days, set-based: each book's steps in turn,
    each checked as `transition` checks a move (allowed from the state the book is in by
    then, not before its latest event, not in the future). A book any of whose steps is
    refused is left as it was and reported in `refused`; the others take all of theirs.

    The set-based twin of one `transition` a step, a book at a time (the tests hold them
    equal). `moved` counts the books that moved."""
    for action in {step.action for _pk, steps in items for step in steps}:
        _check_actor(action, actor, via=via)
    steps_of = {pk: steps for pk, steps in items if steps}
    ids = sorted(steps_of)
    recorded_at = bulk.db_datetime(timezone.now())
    as_db_date = bulk.db_dates()
    actor_id = actor.pk if actor else None
    result = BulkResult()
    with transaction.atomic():
        for start in range(0, len(ids), BOOKS_PER_STATEMENT):
            events, updates, moves = [], [], []
            for row in _lock_rows(ids[start : start + BOOKS_PER_STATEMENT]):
                try:
                    state, day, replayed = _replay(
                        row["number"], row["state"], row["state_on"], steps_of[row["pk"]]
                    )
                except LifecycleError as refusal:
                    result.refused.append((row["number"], refusal.message))
                    continue
                place = (row["office_id"], row["employer_id"])
                updates.append((state, as_db_date(day), row["pk"]))
                # A move clears the book's waiting reason, as `transition` does.
                waiting = row["waiting_reason"]
                for action, before, after, on, details in replayed:
                    events.append(
                        (row["pk"], action, before, after, as_db_date(on), recorded_at,
                         actor_id, via, details, *place)
                    )  # fmt: skip
                    moves += moves_of(on, (*place, before, waiting), (*place, after, ""), action)
                    waiting = ""
            if not updates:
                continue
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE books_book SET state = %s, state_on = %s, waiting_reason = '' "
                    "WHERE id = %s",
                    updates,
                )
            bulk.write_rows("books_bookevent", _EVENT_COLUMNS, events)
            apply_moves(moves)
            result.moved += len(updates)
    return result


def _replay(number: str, state: str, latest: date | None, steps: Sequence[Step]):
    """(state, day of the latest event, [(action, from, to, on, details as JSON)]) of a book
    in `state` since `latest` that takes `steps` in turn; a LifecycleError for the first
    step the lifecycle refuses."""
    replayed = []
    for action, on, details in steps:
        target = check_move(action, state, number=number)
        _check_date(on, number, latest)
        cleaned = clean_details(action, details, number=number)
        replayed.append((action, state, target, on, json.dumps(cleaned, ensure_ascii=False)))
        state, latest = target, on
    return state, latest, replayed


def _insert_books(rows: list[tuple]) -> dict[str, int]:
    """Write new book rows (in _NEW_BOOK_COLUMNS order); their ids by number. On
    PostgreSQL the ids are taken from the sequence first so that COPY writes them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('books_book', 'id')) "
                "FROM generate_series(1, %s)",
                [len(rows)],
            )
            new_ids = [pk for (pk,) in cursor.fetchall()]
        bulk.write_rows("books_book", ("id", *_NEW_BOOK_COLUMNS), map(_with_id, new_ids, rows))
        return {row[0]: pk for row, pk in zip(rows, new_ids, strict=True)}
    bulk.write_rows("books_book", _NEW_BOOK_COLUMNS, rows)
    condition, params = bulk.one_of("number", [row[0] for row in rows])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT number, id FROM books_book WHERE {condition}", params)
        return dict(cursor.fetchall())


# -- duplicate books -----------------------------------------------------------------------


class Overlap(NamedTuple):
    """Months of one fund that both books of a merge paid for: to be refunded."""

    fund: str
    from_month: date
    to_month: date


@dataclass
class MergeResult:
    kept_event: BookEvent
    merged_event: BookEvent
    periods_moved: int = 0
    # Periods that start on a month and fund the kept book has a period for already: they
    # stay with the closed book (a book has one period a fund and first month).
    periods_left: int = 0
    overlaps: list[Overlap] = field(default_factory=list)


def merge_books(
    *, kept: Book, merged: Book, on: date, actor=None, via: str = Via.WEB, note: str = ""
) -> MergeResult:
    """One worker holds two books: close `merged` into `kept` on `on` (DOMAIN.md, duplicate
    books), in one transaction.

    The merged book is excluded (reason: duplicate, `merged_into` the kept number) and its
    periods move to the kept book; both books get an event saying so, and the counters move
    as for any exclusion. The months of a fund that both books paid for come back as
    `overlaps`, for the refund. Refused with a LifecycleError: the same book twice, a kept
    book that is excluded, a merged book the lifecycle may not exclude (handed over or
    excluded already: undo the handover first)."""
    _check_actor(Action.EXCLUDE, actor, merged.number, via=via)
    _check_actor(Action.EDIT, actor, kept.number, via=via)
    if kept.pk == merged.pk:
        raise TransitionNotAllowed(
            _("Book %(number)s cannot be merged into itself."), number=kept.number
        )
    with transaction.atomic():
        rows = {row["pk"]: row for row in _lock_rows([kept.pk, merged.pk])}
        kept_row, merged_row = rows[kept.pk], rows[merged.pk]
        if kept_row["state"] == State.EXCLUDED:
            raise TransitionNotAllowed(
                _(
                    "Book %(number)s is excluded: a book cannot be merged into it. Reinstate "
                    "it first, or keep the other number."
                ),
                number=kept_row["number"],
            )
        _check_move(merged_row, Action.EXCLUDE, on)
        _check_date(on, kept_row["number"], kept_row["state_on"])
        moved, left, overlaps = _move_periods(kept.pk, merged.pk)
        recorded_at = timezone.now()
        note = " ".join(note.split())
        merged_details = {"reason": "duplicate", "merged_into": kept_row["number"]}
        kept_details: dict = {"merged_from": merged_row["number"]}
        if moved:
            # The periods went with them: `verify` holds each book's periods to these.
            merged_details["periods_added"] = -moved
            kept_details["periods_added"] = moved
        if overlaps:
            kept_details["overlaps"] = [
                [fund, f"{first:%m/%Y}", f"{last:%m/%Y}"] for fund, first, last in overlaps
            ]
        if note:
            merged_details["note"] = kept_details["note"] = note
        # The merged book is excluded as `transition` excludes one, with the merge's
        # details (`clean_details` knows an exclusion's reason and note, not these).
        merged_event = _move_checked(
            merged_row, Action.EXCLUDE, on, actor=actor, via=via, details=merged_details,
            recorded_at=recorded_at,
        )  # fmt: skip
        Book.objects.filter(pk=kept.pk).update(state_on=on)
        kept_event = BookEvent.objects.create(
            book_id=kept.pk, action=Action.EDIT, from_state=kept_row["state"],
            to_state=kept_row["state"], details=kept_details,
            waiting_reason=kept_row["waiting_reason"], office_id=kept_row["office_id"],
            employer_id=kept_row["employer_id"], happened_on=on, recorded_at=recorded_at,
            actor=actor, via=via,
        )  # fmt: skip
        if kept_row["waiting_reason"] == WaitingReason.DUPLICATE:
            # The merge settles what the kept book waited for: the suspected duplicate.
            _write_waiting([kept_row], Action.CLEAR_WAITING, {}, on, actor, via, recorded_at)
    kept.refresh_from_db()
    merged.refresh_from_db()
    return MergeResult(kept_event, merged_event, moved, left, overlaps)


def _move_periods(kept_id: int, merged_id: int) -> tuple[int, int, list[Overlap]]:
    """Move the merged book's periods to the kept one, except those whose fund and first
    month the kept book has already; (moved, left, months both paid)."""
    periods = list(
        Period.objects.filter(book_id__in=[kept_id, merged_id]).values_list(
            "id", "book_id", "fund", "from_month", "to_month"
        )
    )
    kept_keys = {(fund, first) for _pk, book, fund, first, _last in periods if book == kept_id}
    moving = [
        pk
        for pk, book, fund, first, _last in periods
        if book == merged_id and (fund, first) not in kept_keys
    ]
    Period.objects.filter(pk__in=moving).update(book_id=kept_id)
    merged_count = sum(1 for period in periods if period[1] == merged_id)
    return len(moving), merged_count - len(moving), overlapping_months(periods, kept_id)


def overlapping_months(periods: Iterable[tuple], kept_id: int) -> list[Overlap]:
    """The months of each fund that periods of both books cover, as ranges: `periods` are
    (id, book id, fund, from month, to month) of the two books before the merge."""
    months: dict[tuple[str, bool], set[int]] = {}
    for _pk, book, fund, first, last in periods:
        covered = months.setdefault((fund, book == kept_id), set())
        covered.update(range(first.year * 12 + first.month - 1, last.year * 12 + last.month))
    overlaps = []
    for fund in sorted({fund for fund, _kept in months}):
        both = sorted(months.get((fund, True), set()) & months.get((fund, False), set()))
        start = previous = None
        for month in [*both, None]:
            if month is not None and previous is not None and month == previous + 1:
                previous = month
                continue
            if start is not None:
                overlaps.append(Overlap(fund, _month_date(start), _month_date(previous)))
            start = previous = month
    return overlaps


def _month_date(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)
