"""The worker's pages at /tra-cuu/: look up, see the book, answer, print the slip, end."""

from datetime import UTC, datetime
from functools import wraps

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from sobhxh.accounts.clients import client_address
from sobhxh.books.errors import LifecycleError
from sobhxh.books.services import today
from sobhxh.handover.documents import FontMissing, statements_pdf
from sobhxh.handover.selectors import office_heading, statement_pages
from sobhxh.handover.views import attachment

from . import selectors, services, session
from .forms import ConfirmForm, DisputeForm, LookupForm


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    status, outcome = 200, ""
    form = LookupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        data = form.cleaned_data
        found = services.look_up(
            number=data["number"],
            identity_number=data["identity_number"],
            birth_date=data["birth_date"],
            address=client_address(request),
            path=request.path,
        )
        if found.book_id is not None:
            session.remember(request, found.book_id)
            return redirect("selfservice:book")
        # The same answer whatever failed, with a blank form: nothing typed is echoed.
        outcome = "limited" if found.limited else "no_match"
        status = 429 if found.limited else 200
        form = LookupForm()
    return render(
        request, "selfservice/lookup.html", {"form": form, "outcome": outcome}, status=status
    )


def _visit(view):
    """The worker's book of this visit, or back to the lookup when the visit has ended."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        book_id = session.current(request)
        shown = selectors.worker_book(book_id) if book_id is not None else None
        if shown is None:
            messages.info(request, _("Your visit has ended. Look up your book again."))
            return redirect("selfservice:lookup")
        return view(request, shown, *args, **kwargs)

    return never_cache(wrapper)


@require_http_methods(["GET"])
@_visit
def book(request, shown):
    return _book_page(request, shown)


def _book_page(request, shown, *, confirm_form=None, dispute_form=None, status=200):
    services.record_view(number=shown.number, address=client_address(request), path=request.path)
    context = {
        "shown": shown,
        "book": shown.book,
        "confirm_form": confirm_form or ConfirmForm(),
        "dispute_form": dispute_form or DisputeForm(periods=shown.period_choices),
        "until": datetime.fromtimestamp(session.until(request), tz=UTC),
    }
    return render(request, "selfservice/book.html", context, status=status)


@require_POST
@_visit
def confirm(request, shown):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _book_page(request, shown, confirm_form=form, status=400)
    try:
        services.confirm(book=shown.book, address=client_address(request), path=request.path)
    except LifecycleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: you have confirmed your contribution history."))
    return redirect("selfservice:book")


@require_POST
@_visit
def dispute(request, shown):
    form = DisputeForm(request.POST, periods=shown.period_choices)
    if not form.is_valid():
        return _book_page(request, shown, dispute_form=form, status=400)
    data = form.cleaned_data
    try:
        services.dispute(
            book=shown.book,
            reasons=data["reasons"],
            words=data["words"],
            period=data["period"],
            address=client_address(request),
            path=request.path,
        )
    except LifecycleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _(
                "Thank you: what you reported has been sent to your employer and the social "
                "insurance office, who will correct it."
            ),
        )
    return redirect("selfservice:book")


@require_http_methods(["GET"])
@_visit
def slip(request, shown):
    try:
        content = statements_pdf(
            statement_pages([shown.book.pk]),
            office=office_heading(shown.book.office),
            printed_on=today(),
        )
    except FontMissing as missing:
        messages.error(request, missing.message)
        return redirect("selfservice:book")
    services.record_slip(number=shown.number, address=client_address(request), path=request.path)
    return attachment(content, f"phieu-doi-chieu-{shown.number}.pdf")


@require_POST
def end(request):
    session.forget(request)
    messages.success(request, _("You have ended your visit. Nothing of your book stays here."))
    return redirect("selfservice:lookup")
