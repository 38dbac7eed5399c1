"""Reads of the API app. What a user may see always starts from `accounts.scope` (or from
the app's own selector that does): the API adds only its own tokens and the orders its
lists are paged in."""

from django.db.models import QuerySet
from django.http import Http404

from sobhxh.accounts import scope
from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.books.selectors import TOP
from sobhxh.books.text import fold
from sobhxh.reports.models import Report
from sobhxh.units.models import Office

from .models import ApiToken
from .services import TOKEN_START

# The order of each list: its last field is unique, so that a page ends on a single row.
BOOKS_BY_NAME = ("search_name", "number")
BOOKS_BY_NUMBER = ("number",)
EVENTS = ("-id",)
PERIODS = ("from_month", "fund", "id")
NEWEST_FIRST = ("-id",)


def token_for_bearer(value: str) -> ApiToken | None:
    """The token a bearer value names by its prefix, whatever its state; None for a value
    of the wrong shape or an unknown prefix. The caller compares the secret's hash."""
    start, _sep, rest = (value or "").strip().partition("_")
    prefix, _sep, secret = rest.partition("_")
    if start != TOKEN_START or not prefix or not secret or len(prefix) > 16:
        return None
    return ApiToken.objects.select_related("user").filter(prefix=prefix).first()


def tokens_of(user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_of_user_or_404(user, pk: int) -> ApiToken:
    found = tokens_of(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def books_found(
    user,
    *,
    name: str = "",
    number: str = "",
    state: str = "",
    employer_code: str = "",
    office_code: str = "",
) -> tuple[QuerySet[Book], tuple[str, ...]]:
    """The user's books matching a search, and the order to page them in: by number for a
    number prefix, otherwise by folded name then number (as the web search). An employer or
    office outside the user's scope answers 404, as it would on its own page."""
    books = scope.books(user).select_related("employer", "office")
    order = BOOKS_BY_NAME
    if number:
        books = books.filter(number__gte=number, number__lt=number + TOP)
        order = BOOKS_BY_NUMBER
    if prefix := fold(name):
        books = books.filter(search_name__gte=prefix, search_name__lt=prefix + TOP)
    if state:
        books = books.filter(state=State(state))
    if employer_code:
        books = books.filter(employer=scope.employer_or_404(user, employer_code))
    if office_code:
        office = scope.office_or_404(user, office_code)
        if office.level == Office.Level.PROVINCE:
            books = books.filter(office__province_id=office.pk)
        elif office.level == Office.Level.DISTRICT:
            books = books.filter(office_id=office.pk)
    return books, order


def periods_of(book: Book) -> QuerySet[Period]:
    return Period.objects.filter(book_id=book.pk)


def events_of(book: Book) -> QuerySet[BookEvent]:
    return BookEvent.objects.filter(book_id=book.pk).select_related("actor")


def reports_of(user, *, office_code: str = "", month=None) -> QuerySet[Report]:
    """The submitted reports of the offices the user may see (`scope.offices`), each with
    its decision if any."""
    reports = Report.objects.filter(office__in=scope.offices(user)).select_related(
        "office", "decision"
    )
    if office_code:
        reports = reports.filter(office=scope.office_or_404(user, office_code))
    if month is not None:
        reports = reports.filter(month=month.replace(day=1))
    return reports


def report_or_404(user, pk: int) -> Report:
    found = reports_of(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
