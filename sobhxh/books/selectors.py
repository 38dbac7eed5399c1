"""Reads of books for the web pages. Every query starts from `accounts.scope` (DESIGN.md
invariant 3); none of them counts or scans the registry.

Name search compares `Book.search_name` (folded: lower case, no diacritics) as a prefix
with a range, `search_name >= q AND search_name < q || U+FFFF`: a plain b-tree range that
both SQLite and PostgreSQL serve from the (search_name, number) index, where LIKE could not
use it (SQLite's LIKE is case-insensitive and escaped, PostgreSQL's needs a pattern-ops
index). Pages are keyset pages: 51 rows fetched to know whether a 51st exists, never a
COUNT(*) or an OFFSET over millions.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from sobhxh.accounts import scope

from .lifecycle import (
    SUPERVISOR_ACTIONS,
    SUPERVISOR_PERMISSION,
    WAITING_STATES,
    Action,
    allowed_actions,
    role_may_take,
)
from .models import Book, BookEvent, Period
from .text import fold

PAGE_SIZE = 50
# Above every character a folded name holds, so `prefix + TOP` bounds the prefix's range.
TOP = "\uffff"

WEB_ACTIONS = (
    Action.START_REVIEW,
    Action.CONFIRM,
    Action.DISPUTE,
    Action.CORRECT,
    Action.HAND_OVER,
    Action.EXCLUDE,
    Action.REINSTATE,
    Action.UNDO_HANDOVER,
    Action.SET_WAITING,
    Action.CLEAR_WAITING,
)

# Only what the pages show: a result row, an event of the history.
_RESULT_FIELDS = (
    "number", "full_name", "search_name", "birth_date", "birth_precision", "sex", "state",
    "state_on", "employer__code", "employer__name",
)  # fmt: skip
_EVENT_FIELDS = (
    "action", "from_state", "to_state", "happened_on", "recorded_at", "via", "details",
    "actor__username", "actor__first_name", "actor__last_name",
)  # fmt: skip


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after this (search_name, number)."""

    name: str
    number: str


@dataclass(frozen=True)
class SearchPage:
    books: list[Book]
    next: Cursor | None


def search_books(
    user,
    *,
    name: str = "",
    employer_id: int | None = None,
    state: str = "",
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> SearchPage:
    """One page of the user's books whose folded name starts with `name`, ordered by
    name then number."""
    found = books_matching(user, name=name, employer_id=employer_id, state=state, after=after)
    rows = list(found[: size + 1])
    if len(rows) <= size:
        return SearchPage(rows, None)
    last = rows[size - 1]
    return SearchPage(rows[:size], Cursor(last.search_name, last.number))


def books_matching(
    user,
    *,
    name: str = "",
    employer_id: int | None = None,
    state: str = "",
    after: Cursor | None = None,
) -> QuerySet[Book]:
    """The user's books matching a search, in page order, from `after` on."""
    books = scope.books(user)
    prefix = fold(name)
    if prefix:
        books = books.filter(search_name__gte=prefix, search_name__lt=prefix + TOP)
    if employer_id is not None:
        books = books.filter(employer_id=employer_id)
    if state:
        books = books.filter(state=state)
    if after is not None:
        # The `>=` gives the index its lower bound; the OR then skips the rows already shown.
        books = books.filter(search_name__gte=after.name).filter(
            Q(search_name__gt=after.name) | Q(number__gt=after.number)
        )
    return books.select_related("employer").only(*_RESULT_FIELDS).order_by("search_name", "number")


def employer_in_scope(user, code: str):
    return scope.employers(user).filter(code=code.strip()).first()


def employer_choices(user, *, limit: int = 200) -> list[tuple[str, str]]:
    """(code, name) of the user's employers when they are few enough to offer as a list;
    an empty list when there are more (the code box then stands alone)."""
    found = list(scope.employers(user).order_by("code").values_list("code", "name")[: limit + 1])
    return found if len(found) <= limit else []


def periods_of(book: Book) -> list[Period]:
    return list(Period.objects.filter(book_id=book.pk).order_by("from_month", "fund", "id"))


def periods_by_key(book_ids) -> dict[tuple, dict]:
    """The stored periods of these books by (book id, fund, first month): their to_month,
    job, wage and rate, as `services.write_periods` compares them."""
    rows = Period.objects.filter(book_id__in=list(book_ids)).values(
        "id", "book_id", "fund", "from_month", "to_month", "job", "wage", "rate"
    )
    return {(row["book_id"], row["fund"], row["from_month"]): row for row in rows}


def events_of(book: Book) -> list[BookEvent]:
    """The book's events, newest first, each with its actor: one query."""
    return list(
        BookEvent.objects.filter(book_id=book.pk)
        .select_related("actor")
        .only(*_EVENT_FIELDS)
        .order_by("-id")
    )


def role_may(user, action: str) -> bool:
    """Whether the user's role may ever take `action` from the web (whatever the state):
    the lifecycle's rule (`role_may_take`), which the door checks again."""
    role = scope.role(user)
    return role is not None and action in WEB_ACTIONS and role_may_take(role, action)


def actions_for(user, book: Book) -> list[str]:
    """The actions to offer on the book's page now: allowed from its state, for the user's
    role, and undo handover only to a supervisor."""
    possible = allowed_actions(book.state)
    if book.state in WAITING_STATES:
        possible.append(Action.SET_WAITING)
    if book.waiting_reason:
        possible.append(Action.CLEAR_WAITING)
    return [
        action
        for action in possible
        if role_may(user, action)
        and (action not in SUPERVISOR_ACTIONS or user.has_perm(SUPERVISOR_PERMISSION))
    ]
