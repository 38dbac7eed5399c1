"""The books pages: search, a book's page, and its lifecycle actions.

Every book is found through `accounts.scope` (out of scope answers 404) and every move
goes through `services.transition`, the one door of the lifecycle. Every search and every
page that shows a book's data is recorded in the access log (`audit`).
"""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from sobhxh import formatting
from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.audit.services import record_book_view, record_search

from . import selectors, services
from .errors import LifecycleError
from .forms import ArrearsForm, SearchForm, action_form
from .lifecycle import Action, DisputeReason, ExclusionReason, Receiver, State, Via, WaitingReason
from .models import Book, BookEvent, Fund, Period, Precision, Sex
from .numbers import is_book_number, searched_book_number

DANGEROUS = {Action.EXCLUDE, Action.UNDO_HANDOVER}
# What a page shows for a value that is not known.
NOTHING = "—"
# Column and fact names are the models' own field names, translated once in the project.
BOOK_LABELS = {field.name: field.verbose_name for field in Book._meta.fields}
PERIOD_LABELS = {field.name: field.verbose_name for field in Period._meta.fields}


@login_required
def search(request):
    user = request.user
    employer_fixed = scope.role(user) == Role.EMPLOYER
    form = SearchForm(request.GET, user=user, employer_fixed=employer_fixed)
    context = {"form": form, "page": None, "missing_number": None, "employer": None}
    if form.is_valid():
        text = form.cleaned_data["q"].strip()
        number = searched_book_number(text)
        employer = form.cleaned_data.get("employer")
        state = form.cleaned_data["state"]
        if number:
            found = scope.books(user).filter(number=number).exists()
            record_search(request, numbers=[number] if found else [], q=text)
            if found:
                return redirect("books:detail", number=number)
            context["missing_number"] = number
        elif text or employer or state or employer_fixed:
            # Office users list nothing until they ask: a whole province by name is no answer.
            page = selectors.search_books(
                user,
                name=text,
                employer_id=employer.pk if employer else None,
                state=state,
                after=_cursor(request.GET),
            )
            record_search(
                request,
                numbers=[book.number for book in page.books],
                q=text,
                employer=employer.code if employer else None,
                state=state,
            )
            states = {value: str(label) for value, label in State.choices}
            for book in page.books:
                book.birth_text = formatting.birth_date(book.birth_date, book.birth_precision)
                book.state_label = states[book.state]
            context.update(page=page, employer=employer, next_url=_next_url(request, page))
            context["first_url"] = _first_url(request) if "after_number" in request.GET else None
    if not employer_fixed:
        context["employer_choices"] = selectors.employer_choices(user)
    context["labels"] = _labels(BOOK_LABELS)
    return render(request, "books/search.html", context)


def _cursor(query) -> selectors.Cursor | None:
    number = query.get("after_number", "")
    if not is_book_number(number):
        return None
    return selectors.Cursor(query.get("after_name", ""), number)


def _next_url(request, page: selectors.SearchPage) -> str | None:
    if page.next is None:
        return None
    query = request.GET.copy()
    query["after_name"], query["after_number"] = page.next.name, page.next.number
    return f"{request.path}?{query.urlencode()}"


def _first_url(request) -> str:
    query = request.GET.copy()
    query.pop("after_name", None)
    query.pop("after_number", None)
    return f"{request.path}?{query.urlencode()}"


@login_required
def detail(request, number: str):
    book = scope.book_or_404(request.user, number)
    record_book_view(request, book.number)
    forms = [
        (action, Action(action).label, action_form(action, book=book), action in DANGEROUS)
        for action in selectors.actions_for(request.user, book)
    ]
    context = {
        **_book_context(book),
        "forms": forms,
        "periods": [_period_row(period) for period in selectors.periods_of(book)],
        "events": [_event_row(event) for event in selectors.events_of(book)],
        "period_labels": _labels(PERIOD_LABELS),
    }
    return render(request, "books/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def act(request, number: str, action: str):
    if action not in selectors.WEB_ACTIONS:
        raise Http404
    book = scope.book_or_404(request.user, number)
    if not selectors.role_may(request.user, action):
        raise PermissionDenied
    if request.method == "GET":
        if action not in selectors.actions_for(request.user, book):
            return redirect("books:detail", number=book.number)
        form = action_form(action, book=book)
    else:
        form = action_form(action, book=book, data=request.POST)
        if form.is_valid():
            try:
                services.transition(
                    book=book,
                    action=action,
                    on=form.cleaned_data["on"],
                    actor=request.user,
                    via=Via.WEB,
                    details=form.details(),
                    changes=form.changes() or None,
                )
            except LifecycleError as refusal:
                form.add_error(None, refusal.message)
            else:
                label = Action(action).label
                messages.success(
                    request,
                    _("Book %(number)s: “%(action)s” recorded.")
                    % {"number": book.number, "action": label},
                )
                return redirect("books:detail", number=book.number)
    record_book_view(request, book.number)  # the form shows the book's data too
    context = {
        **_book_context(book),
        "action": action,
        "action_label": Action(action).label,
        "form": form,
        "dangerous": action in DANGEROUS,
    }
    return render(request, "books/act.html", context)


@login_required
@require_http_methods(["POST"])
def employer_arrears(request, code: str):
    """Mark an employer in arrears, or its arrears paid, for all its books at once."""
    employer = scope.employer_or_404(request.user, code)
    if not selectors.role_may(request.user, Action.SET_WAITING):
        raise PermissionDenied
    form = ArrearsForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("progress:employer", code=employer.code)
    paid = form.cleaned_data["what"] == ArrearsForm.PAID
    service = services.clear_employer_arrears if paid else services.mark_employer_in_arrears
    result = service(employer=employer, on=form.cleaned_data["on"], actor=request.user, via=Via.WEB)
    if paid:
        text = ngettext(
            "%(count)s book of %(employer)s no longer waits for its arrears.",
            "%(count)s books of %(employer)s no longer wait for its arrears.",
            result.moved,
        )
    else:
        text = ngettext(
            "%(count)s book of %(employer)s now waits for its arrears.",
            "%(count)s books of %(employer)s now wait for its arrears.",
            result.moved,
        )
    messages.success(request, text % {"count": result.moved, "employer": employer.name})
    if result.refused:
        _number, why = result.refused[0]
        messages.warning(
            request,
            ngettext(
                "%(count)s book was left as it was, for example: %(why)s",
                "%(count)s books were left as they were, for example: %(why)s",
                len(result.refused),
            )
            % {"count": len(result.refused), "why": why},
        )
    return redirect("progress:employer", code=employer.code)


def _book_context(book: Book) -> dict:
    return {
        "book": book,
        "birth": formatting.birth_date(book.birth_date, book.birth_precision),
        "labels": _labels(BOOK_LABELS),
    }


def _labels(names: dict) -> dict[str, str]:
    # Translated once a request, not once a row.
    return {key: capfirst(str(label)) for key, label in names.items()}


# -- presenting rows ---------------------------------------------------------------------


@dataclass
class PeriodRow:
    fund: str
    from_month: str
    to_month: str
    job: str
    wage: str
    rate: str


def _period_row(period: Period) -> PeriodRow:
    return PeriodRow(
        fund=period.fund,
        from_month=formatting.month(period.from_month),
        to_month=formatting.month(period.to_month),
        job=period.job,
        wage=formatting.money_in_dong(period.wage) or NOTHING,
        rate=formatting.percent(period.rate) or NOTHING,
    )


@dataclass
class EventRow:
    event: BookEvent
    action: str
    actor: str
    from_state: str
    to_state: str
    via: str
    lines: list[str]


def _event_row(event: BookEvent) -> EventRow:
    actor = event.actor
    return EventRow(
        event=event,
        action=Action(event.action).label if event.action in Action.values else event.action,
        actor=(actor.get_full_name() or actor.get_username()) if actor else NOTHING,
        from_state=_state_label(event.from_state),
        to_state=_state_label(event.to_state),
        via=Via(event.via).label if event.via in Via.values else event.via,
        lines=describe(event.action, event.details or {}),
    )


def _state_label(state: str) -> str:
    return State(state).label if state in State.values else state


def _choice(choices, value) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def describe(action: str, details: dict) -> list[str]:
    """An event's details in words, one line each."""
    lines = []
    if reasons := details.get("reasons"):
        listed = ", ".join(_choice(DisputeReason, reason) for reason in reasons)
        lines.append(_("What is wrong: %(reasons)s") % {"reasons": listed})
    if words := details.get("worker_words"):
        lines.append(_("The worker's words: “%(words)s”") % {"words": words})
    if period := details.get("period_concerned"):
        lines.append(_("Period concerned: %(period)s") % {"period": period})
    for name, (old, new) in (details.get("changes") or {}).items():
        lines.append(_change_line(_book_field_label(name), name, old, new))
    for period, diff in (details.get("periods") or {}).items():
        for name, (old, new) in diff.items():
            label = f"{period} – {_period_field_label(name)}"
            lines.append(_change_line(label, name, old, new))
    if reason := details.get("reason"):
        if action == Action.EXCLUDE:
            reason = _choice(ExclusionReason, reason)
        elif action == Action.SET_WAITING:
            reason = _choice(WaitingReason, reason)
        lines.append(_("Reason: %(reason)s") % {"reason": reason})
    if words := details.get("words"):
        lines.append(_("In words: “%(words)s”") % {"words": words})
    if receiver := details.get("receiver"):
        who = _choice(Receiver, receiver)
        if name := details.get("receiver_name"):
            who = f"{who}: {name}"
        lines.append(_("Received by: %(who)s") % {"who": who})
    if printed_by := details.get("printed_by"):
        lines.append(_("Statement printed by: %(name)s") % {"name": printed_by})
    if number := details.get("merged_into"):
        lines.append(_("Merged into book %(number)s") % {"number": number})
    if number := details.get("merged_from"):
        lines.append(_("Book %(number)s merged into this one") % {"number": number})
    for fund, first, last in details.get("overlaps") or []:
        lines.append(
            _("Paid by both books, to refund: %(fund)s %(first)s–%(last)s")
            % {"fund": fund, "first": first, "last": last}
        )
    if note := details.get("note"):
        lines.append(_("Note: %(note)s") % {"note": note})
    return lines


def _change_line(label: str, name: str, old, new) -> str:
    return f"{label}: {_value(name, old)} → {_value(name, new)}"


def _book_field_label(name: str) -> str:
    try:
        return capfirst(str(Book._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:  # a field recorded once and since renamed still reads
        return name


def _period_field_label(name: str) -> str:
    try:
        return str(Period._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _value(name: str, value) -> str:
    if value in (None, ""):
        return NOTHING
    if name == "sex":
        return _choice(Sex, value)
    if name == "birth_precision":
        return _choice(Precision, value)
    if name == "fund":
        return _choice(Fund, value)
    if name == "wage" and isinstance(value, int):
        return formatting.money_in_dong(value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formatting.day(date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
