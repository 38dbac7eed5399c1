"""Staff pages to review probable duplicate books: the list, one pair side by side, and the
two answers (the same person: merge; different people: never asked again). Every pair
and book is found through `selectors` (the scope: out of scope answers 404); every write
goes through `services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sobhxh.audit.services import record_book_view, record_list
from sobhxh.books.errors import LifecycleError
from sobhxh.db.paging import CappedPaginator

from . import selectors, services
from .forms import MergeForm
from .models import Reason, Status

PER_PAGE = 50
COUNTED = 10_000


@login_required
def index(request):
    if not selectors.may_review(request.user):
        raise Http404
    status = request.GET.get("status") or Status.OPEN
    if status not in Status.values:
        status = Status.OPEN
    # Millions of pairs at national scale: the pages reach the strongest COUNTED of them.
    paginator = CappedPaginator(
        selectors.pair_ids(request.user, status=status), PER_PAGE, cap=COUNTED
    )
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = selectors.pairs_in_order(page.object_list)
    record_list(
        request,
        numbers=[book.number for pair in page for book in (pair.book_low, pair.book_high)],
        page="duplicates",
    )
    statuses = [(value, label) for value, label in Status.choices]
    return render(
        request,
        "duplicates/index.html",
        {
            "page": page,
            "capped": paginator.capped,
            "status": status,
            "statuses": statuses,
            "reasons": _reason_labels(),
        },
    )


@login_required
def pair(request, pk: int):
    found = selectors.pair_or_404(request.user, pk)
    return _pair_page(request, found, _merge_form(found))


@login_required
@require_POST
def merge(request, pk: int):
    found = selectors.pair_or_404(request.user, pk)
    form = _merge_form(found, request.POST)
    if form.is_valid():
        sides = {side.book.number: side.book for side in selectors.sides(found)}
        try:
            result = services.merge_pair(
                pair=found,
                kept=sides[form.cleaned_data["kept"]],
                on=form.cleaned_data["on"],
                actor=request.user,
                note=form.cleaned_data["note"],
            )
        except LifecycleError as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Merged: %(periods)s periods moved, %(overlaps)s ranges of months paid twice.")
                % {"periods": result.periods_moved, "overlaps": len(result.overlaps)},
            )
            return redirect("duplicates:pair", pk=found.pk)
    return _pair_page(request, found, form, status=400)


@login_required
@require_POST
def different(request, pk: int):
    found = selectors.pair_or_404(request.user, pk)
    try:
        services.decide_different(pair=found, actor=request.user)
    except LifecycleError as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Recorded: different people. They will not be asked again."))
    return redirect("duplicates:pair", pk=found.pk)


def _merge_form(found, data=None) -> MergeForm:
    numbers = [side.book.number for side in selectors.sides(found)]
    return MergeForm(data, numbers=numbers)


def _pair_page(request, found, form, status: int = 200):
    sides = selectors.sides(found)
    for side in sides:
        record_book_view(request, side.book.number)
    context = {
        "pair": found,
        "sides": sides,
        "form": form,
        "is_open": found.status == Status.OPEN,
        "reasons": _reason_labels(),
        "refunds": selectors.refunds(found),
        "decided_by": _name(found.decided_by),
    }
    return render(request, "duplicates/pair.html", context, status=status)


def _name(user) -> str:
    # A pair decided by a command has no user.
    return (user.get_full_name() or user.get_username()) if user else "—"


def _reason_labels() -> dict[str, str]:
    return {value: str(label) for value, label in Reason.choices}
