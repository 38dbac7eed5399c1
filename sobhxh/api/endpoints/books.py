"""Books: search, one book, its periods and history, and the lifecycle's actions on one
book or many. Reads go through `accounts.scope`; moves through `books.services`, the one
door of the lifecycle, as the user of the token and `via=api`."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Status
from ninja.decorators import decorate_view

from sobhxh.accounts import scope
from sobhxh.audit.services import record_book_view, record_search
from sobhxh.books import services
from sobhxh.books.lifecycle import Via

from .. import selectors
from ..idempotency import idempotent
from ..pagination import keyset_page
from ..schemas import (
    BookOut,
    BookPage,
    BookState,
    EventPage,
    ManyMoveIn,
    ManyMoveOut,
    MoveIn,
    MoveOut,
    PageQuery,
    PeriodPage,
    book_out,
    event_out,
    period_out,
)
from . import READ_ERRORS, WRITE_ERRORS, answers

router = Router(tags=["books"])


class BookSearch(PageQuery):
    q: str = Field("", max_length=200, description="Start of the name, with or without diacritics")
    number: str = Field("", max_length=10, pattern=r"^[0-9]*$", description="Start of the number")
    state: BookState | None = None  # type: ignore[valid-type]
    employer: str = Field("", max_length=40, description="An employer code")
    office: str = Field("", max_length=20, description="An office code")


@router.get("/books", response=answers(BookPage, READ_ERRORS), summary="Search books")
def search_books(request, query: Query[BookSearch]):
    books, order = selectors.books_found(
        request.user,
        name=query.q,
        number=query.number,
        state=query.state or "",
        employer_code=query.employer,
        office_code=query.office,
    )
    page = keyset_page(books, order, after=query.cursor, size=query.limit)
    record_search(
        request,
        numbers=[book.number for book in page.items],
        q=query.q or query.number,
        employer=query.employer,
        state=query.state or "",
    )
    return {"items": [book_out(book) for book in page.items], "next": page.next}


# Before /books/{number}, which would take "actions" for a number.
@router.post(
    "/books/actions",
    response=answers(ManyMoveOut, WRITE_ERRORS),
    summary="Record the same action on many books",
)
@decorate_view(idempotent)
def act_on_books(request, move: ManyMoveIn):
    numbers = list(dict.fromkeys(move.numbers))
    found = dict(scope.books(request.user).filter(number__in=numbers).values_list("number", "pk"))
    missing = [number for number in numbers if number not in found]
    if missing:
        # Nothing is written: out of scope and unknown look the same, as for one book.
        raise Http404(_("Not found: %(numbers)s.") % {"numbers": ", ".join(missing[:20])})
    result = services.transition_many(
        book_ids=[found[number] for number in numbers],
        action=move.action,
        on=move.on or timezone.localdate(),
        actor=request.user,
        via=Via.API,
        details=move.details,
    )
    refused = [{"number": number, "detail": str(why)} for number, why in result.refused]
    return {"moved": result.moved, "refused": refused}


@router.get("/books/{number}", response=answers(BookOut, READ_ERRORS), summary="One book")
def read_book(request, number: str):
    book = scope.book_or_404(request.user, number)
    record_book_view(request, book.number)
    return book_out(book)


@router.get(
    "/books/{number}/periods", response=answers(PeriodPage, READ_ERRORS), summary="Its periods"
)
def book_periods(request, number: str, query: Query[PageQuery]):
    book = scope.book_or_404(request.user, number)
    page = keyset_page(
        selectors.periods_of(book), selectors.PERIODS, after=query.cursor, size=query.limit
    )
    record_book_view(request, book.number)
    return {"items": [period_out(period) for period in page.items], "next": page.next}


@router.get(
    "/books/{number}/events", response=answers(EventPage, READ_ERRORS), summary="Its history"
)
def book_events(request, number: str, query: Query[PageQuery]):
    book = scope.book_or_404(request.user, number)
    page = keyset_page(
        selectors.events_of(book), selectors.EVENTS, after=query.cursor, size=query.limit
    )
    return {"items": [event_out(event) for event in page.items], "next": page.next}


@router.post(
    "/books/{number}/actions",
    response=answers(MoveOut, WRITE_ERRORS, status=201),
    summary="Record an action on one book",
)
@decorate_view(idempotent)
def act_on_book(request, number: str, move: MoveIn):
    book = scope.book_or_404(request.user, number)
    event = services.transition(
        book=book,
        action=move.action,
        on=move.on or timezone.localdate(),
        actor=request.user,
        via=Via.API,
        details=move.details,
    )
    event.actor = request.user
    return Status(201, {"book": book_out(book), "event": event_out(event)})
