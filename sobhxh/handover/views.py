"""The work at an employer: its work page, and what the review and handover pages share.

Every page starts from `accounts.scope`: the employer through `employer_or_404`, rounds
and batches only among those of `scope.employers(user)`, and every posted set of book ids
through `scope.books(user)` restricted to the employer, before a service sees it. Out of
scope answers 404. The pages themselves are in `views_review`, `views_answers` and
`views_batches`.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import ngettext

from sobhxh import formatting
from sobhxh.accounts import scope
from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book
from sobhxh.books.selectors import TOP
from sobhxh.books.text import fold
from sobhxh.db.bulk import VALUES_PER_QUERY
from sobhxh.progress.selectors import employer_figures
from sobhxh.units.models import Employer

from . import selectors
from .documents import FontMissing
from .errors import NothingToDo
from .forms import FilterForm, posted_ids
from .models import HandoverBatch, ReviewRound

PER_PAGE = 200  # books on a checklist page
LISTED_PER_PAGE = 20  # rounds or batches on the work page
SHOWN_REFUSALS = 10
BOOK_FIELDS = ("pk", "number", "full_name", "birth_date", "birth_precision", "state", "state_on")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def employer(request, code: str):
    found = scope.employer_or_404(request.user, code)
    figures = employer_figures(found, timezone.localdate())
    states = [
        {"key": state, "label": State(state).label, "count": figures.by_state[state]}
        for state in State.values
    ]
    rounds = Paginator(selectors.rounds_of(found), LISTED_PER_PAGE)
    batches = Paginator(selectors.batches_of(found), LISTED_PER_PAGE)
    context = {
        "employer": found,
        "figures": figures,
        "states": states,
        "rounds": rounds.get_page(request.GET.get("rounds")),
        "batches": batches.get_page(request.GET.get("batches")),
    }
    return render(request, "handover/employer.html", context)


# -- finding things within the user's scope ------------------------------------------------


def books_of(user, employer: Employer) -> QuerySet[Book]:
    return scope.books(user).filter(employer=employer)


def in_scope(user, employer: Employer, ids: list[int]) -> list[int]:
    """Of the posted ids, those of the employer's books the user may see, in their order."""
    found: set[int] = set()
    for start in range(0, len(ids), VALUES_PER_QUERY):
        chunk = books_of(user, employer).filter(pk__in=ids[start : start + VALUES_PER_QUERY])
        found.update(chunk.values_list("pk", flat=True))
    return [pk for pk in ids if pk in found]


def round_or_404(user, pk: int) -> ReviewRound:
    rounds = ReviewRound.objects.select_related("employer__office", "office")
    found = rounds.filter(pk=pk, employer__in=scope.employers(user)).first()
    if found is None:
        raise Http404
    return found


def batch_or_404(user, pk: int) -> HandoverBatch:
    batches = HandoverBatch.objects.select_related("employer__office", "office")
    found = batches.filter(pk=pk, employer__in=scope.employers(user)).first()
    if found is None:
        raise Http404
    return found


# -- checklists ------------------------------------------------------------------------------


def matching(user, employer: Employer, state: str, query) -> tuple[QuerySet[Book], FilterForm]:
    """The employer's books in `state` whose name starts as asked, in name order."""
    form = FilterForm(query)
    books = books_of(user, employer).filter(state=state)
    if form.is_valid() and (prefix := fold(form.cleaned_data["q"])):
        books = books.filter(search_name__gte=prefix, search_name__lt=prefix + TOP)
    return books.order_by("search_name", "number").only(*BOOK_FIELDS), form


def checklist(
    user, employer: Employer, state: str, query, *, per_page: int | None = None
) -> tuple[Page, FilterForm]:
    books, form = matching(user, employer, state, query)
    page = Paginator(books, per_page or PER_PAGE).get_page(query.get("page"))
    for book in page.object_list:
        book.birth_text = formatting.birth_date(book.birth_date, book.birth_precision)
    return page, form


def chosen_books(request, employer: Employer, state: str) -> tuple[list[int], int]:
    """The books a checklist posted, within scope: every book matching the filter when
    "all pages" was ticked, else the ticked ones. Also how many posted ids were dropped."""
    if request.POST.get("all_matching"):
        books, _form = matching(request.user, employer, state, request.GET)
        return list(books.values_list("pk", flat=True)), 0
    posted = posted_ids(request.POST.getlist("book"))
    kept = in_scope(request.user, employer, posted)
    return kept, len(posted) - len(kept)


# -- telling the user -------------------------------------------------------------------------


def report_refusals(request, refused: list[tuple[str, str]]) -> None:
    """One message per book left as it was (the first few), and how many more there are."""
    for _number, why in refused[:SHOWN_REFUSALS]:
        messages.warning(request, why)
    if len(refused) > SHOWN_REFUSALS:
        more = len(refused) - SHOWN_REFUSALS
        messages.warning(
            request,
            ngettext(
                "and %(count)s more book was left as it was.",
                "and %(count)s more books were left as they were.",
                more,
            )
            % {"count": more},
        )


def report_dropped(request, dropped: int) -> None:
    if dropped:
        messages.warning(
            request,
            ngettext(
                "%(count)s chosen book is not among this employer's books and was left out.",
                "%(count)s chosen books are not among this employer's books and were left out.",
                dropped,
            )
            % {"count": dropped},
        )


# -- documents ---------------------------------------------------------------------------------


def paper_from_ticked_books(
    request,
    employer: Employer,
    form,
    state: str,
    *,
    none_ticked: str,
    create: Callable,
    done: Callable,
):
    """The posted half of starting a review round or making a handover batch.

    The ticked books in `state` go to `create(book_ids, on)`, which returns the new round
    or batch and the lifecycle's result; `done(paper, result)` says what was made. Returns
    (the new paper or None, the numbers refused with their reasons); on None the form
    carries the error."""
    if not form.is_valid():
        return None, []
    ids, dropped = chosen_books(request, employer, state)
    if not ids:
        form.add_error(None, none_ticked)
        return None, []
    try:
        paper, result = create(ids, form.cleaned_data["on"])
    except NothingToDo as nothing:
        form.add_error(None, nothing.message)
        return None, nothing.refused
    messages.success(request, done(paper, result))
    report_dropped(request, dropped)
    report_refusals(request, result.refused)
    return paper, []


def document_view(view: Callable) -> Callable:
    """A download: the document's bytes, or a clear page (503) when the font is missing."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except FontMissing as missing:
            back = request.META.get("HTTP_REFERER", "")
            if not url_has_allowed_host_and_scheme(
                back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                back = reverse("home")
            context = {"message": missing.message, "back": back}
            return render(request, "handover/font_missing.html", context, status=503)

    return wrapper


def attachment(content: bytes, filename: str) -> HttpResponse:
    kind = "application/pdf" if filename.endswith(".pdf") else XLSX
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response
