"""Recording the workers' answers, three ways: a checklist, the upload of the returned
list, and a box that confirms one number after another (typed or scanned)."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sobhxh import formatting
from sobhxh.accounts import scope
from sobhxh.audit.services import record_list
from sobhxh.books.lifecycle import DisputeReason, State
from sobhxh.units.models import Employer

from . import selectors, services
from .forms import (
    AnswerRow,
    AnswersForm,
    ReturnedListForm,
    ScanForm,
    posted_ids,
    read_answers,
)
from .models import ReturnedListUpload
from .returned import HEADERS
from .tasks import Outcome, as_shown, start_returned_list
from .views import (
    BOOK_FIELDS,
    books_of,
    checklist,
    in_scope,
    report_dropped,
    report_refusals,
)

SHOWN_UNANSWERED = 50
RECENT_LISTS = 10  # returned lists linked from the upload form
# Each row of the answers carries its dispute fields: half a checklist page keeps it light.
ANSWERS_PER_PAGE = 100


@login_required
@require_http_methods(["GET", "POST"])
def answers(request, code: str):
    employer = scope.employer_or_404(request.user, code)
    page, filter_form = checklist(
        request.user, employer, State.IN_REVIEW, request.GET, per_page=ANSWERS_PER_PAGE
    )
    rows = [AnswerRow(book) for book in page.object_list]
    form = AnswersForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        posted = posted_ids(request.POST.getlist("row"))
        kept = in_scope(request.user, employer, posted)
        # The rows as they were shown, even if some have been answered elsewhere since.
        books = {
            book.pk: book
            for book in books_of(request.user, employer).filter(pk__in=kept).only(*BOOK_FIELDS)
        }
        rows = [AnswerRow(books[pk]) for pk in kept]
        for row in rows:
            row.book.birth_text = formatting.birth_date(
                row.book.birth_date, row.book.birth_precision
            )
        found = read_answers(request.POST, rows)
        if found.errors:
            form.add_error(
                None,
                ngettext(
                    "%(count)s book marked “Wrong” lacks what is wrong: see the row in red.",
                    "%(count)s books marked “Wrong” lack what is wrong: see the rows in red.",
                    found.errors,
                )
                % {"count": found.errors},
            )
        elif form.is_valid():
            if not (found.confirmed or found.disputed):
                form.add_error(None, _("Choose “Right” or “Wrong” for at least one book."))
            else:
                result = services.record_answers(
                    confirmed_ids=found.confirmed,
                    disputed=found.disputed,
                    on=form.cleaned_data["on"],
                    actor=request.user,
                )
                _report_answers(request, result.confirmed, result.disputed)
                report_dropped(request, len(posted) - len(kept))
                report_refusals(request, result.refused)
                return redirect(request.get_full_path())
    record_list(
        request,
        numbers=[row.book.number for row in rows],
        employer=employer.code,
        state=State.IN_REVIEW,
        page=page.number,
    )
    context = {
        "employer": employer,
        "form": form,
        "filter_form": filter_form,
        "page": page,
        "rows": rows,
        "reasons": DisputeReason.choices,
    }
    return render(request, "handover/answers.html", context)


def _report_answers(request, confirmed: int, disputed: int) -> None:
    if confirmed:
        messages.success(
            request,
            ngettext("%(count)s book confirmed.", "%(count)s books confirmed.", confirmed)
            % {"count": confirmed},
        )
    if disputed:
        messages.success(
            request,
            ngettext(
                "%(count)s book recorded as disputed.",
                "%(count)s books recorded as disputed.",
                disputed,
            )
            % {"count": disputed},
        )


# -- the returned list --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def answers_upload(request, code: str):
    """The form; a list sent is stored and read by the background worker, and the browser
    goes to its page."""
    employer = scope.employer_or_404(request.user, code)
    if request.method == "POST":
        form = ReturnedListForm(request.POST, request.FILES)
        if form.is_valid():
            sent = start_returned_list(
                user=request.user,
                employer=employer,
                uploaded=form.cleaned_data["file"],
                on=form.cleaned_data["on"],
            )
            return redirect("handover:answers_upload_detail", code=employer.code, pk=sent.pk)
    else:
        form = ReturnedListForm()
    context = {
        "employer": employer,
        "form": form,
        "headers": {name: names[0] for name, names in HEADERS.items()},
        "recent": selectors.returned_lists_of(employer)[:RECENT_LISTS],
    }
    return render(request, "handover/answers_upload.html", context)


@login_required
@require_GET
def answers_upload_detail(request, code: str, pk: int):
    """A returned list sent for the employer: waiting or being read (the page refreshes
    itself), what it recorded, or why it was refused."""
    employer = scope.employer_or_404(request.user, code)
    sent = as_shown(
        get_object_or_404(
            ReturnedListUpload.objects.select_related("user"), pk=pk, employer=employer
        )
    )
    done = sent.status == ReturnedListUpload.Status.DONE and sent.outcome is not None
    context = {
        "employer": employer,
        "sent": sent,
        "outcome": Outcome.from_json(sent.outcome) if done else None,
        "message": sent.message_en if get_language() == "en" and sent.message_en else sent.message,
        "shown_unanswered": SHOWN_UNANSWERED,
    }
    return render(request, "handover/answers_upload_detail.html", context)


# -- typing or scanning numbers -------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def scan(request, code: str):
    employer = scope.employer_or_404(request.user, code)
    on = timezone.localdate()
    if request.GET.get("on"):
        chosen = AnswersForm({"on": request.GET["on"]})
        if chosen.is_valid():
            on = chosen.cleaned_data["on"]
    form = ScanForm(initial={"on": on})
    return render(request, "handover/scan.html", {"employer": employer, "form": form})


@login_required
@require_POST
def scan_confirm(request, code: str):
    """Confirm one book by its number: JSON for the page's script, a message and a
    redirect back to the box without it."""
    employer = scope.employer_or_404(request.user, code)
    form = ScanForm(request.POST)
    if form.is_valid():
        answer = _confirm(request.user, employer, **form.cleaned_data)
    else:
        errors = [str(error) for errors in form.errors.values() for error in errors]
        number = request.POST.get("number", "").strip()[:30]
        answer = _answer(False, "refused", number, "", " ".join(errors))
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(answer)
    (messages.success if answer["ok"] else messages.error)(request, answer["message"])
    url = reverse("handover:scan", args=[employer.code])
    if form.is_valid() and form.cleaned_data["on"] != timezone.localdate():
        url += "?" + urlencode({"on": f"{form.cleaned_data['on']:%d/%m/%Y}"})
    return redirect(url)


def _confirm(user, employer: Employer, *, number: str, on: date) -> dict:
    book = (
        books_of(user, employer)
        .filter(number=number)
        .only("pk", "number", "full_name", "state", "state_on")
        .first()
    )
    if book is None:
        why = _("No book numbered %(number)s among the books of %(employer)s.") % {
            "number": number,
            "employer": employer.name,
        }
        return _answer(False, "refused", number, "", why)
    if book.state == State.CONFIRMED:
        why = _("%(name)s (%(number)s) was already confirmed on %(day)s.") % {
            "name": book.full_name,
            "number": number,
            "day": f"{book.state_on:%d/%m/%Y}",
        }
        return _answer(False, "already", number, book.full_name, why)
    result = services.record_answers(confirmed_ids=[book.pk], disputed={}, on=on, actor=user)
    if result.confirmed:
        done = _("%(name)s (%(number)s): confirmed.") % {"name": book.full_name, "number": number}
        return _answer(True, "confirmed", number, book.full_name, done)
    why = result.refused[0][1] if result.refused else _("The book was left as it was.")
    return _answer(False, "refused", number, book.full_name, why)


def _answer(ok: bool, status: str, number: str, name: str, message: str) -> dict:
    return {"ok": ok, "status": status, "number": number, "name": name, "message": message}
