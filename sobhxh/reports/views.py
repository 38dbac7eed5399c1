"""The report pages: an office's report of a month (live figures, remarks, submission,
versions), one sent version (frozen as sent, what changed since, its decision, PDF and
XLSX), the board of the office above and the centre's national summary.

Every read goes through `selectors` (scoped: another office's report is a 404, an employer
sees nothing), every write through `services`.
"""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.units.models import CENTRE_CODE, Office

from . import documents, due, figures, forms, selectors, services
from .labels import change_rows, figure_rows
from .models import Outcome, Report

DOCUMENTS = {
    "pdf": ("application/pdf", "pdf"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


def _month_query(month: date) -> str:
    return f"?month={month:%Y-%m}"


def office_url(office: Office, month: date) -> str:
    return reverse("reports:office", args=[office.code]) + _month_query(month)


@login_required
@require_GET
def index(request):
    """Where the menu's "Reports" leads: the centre to its summary, an office to its own
    report of the last ended month."""
    place = scope.place(request.user)
    if place is None or place.role == Role.EMPLOYER:
        raise Http404
    if place.role == Role.CENTRAL:
        return redirect("reports:national")
    office = scope.home(request.user)  # the user's own office, through the scope door
    return redirect(office_url(office, due.last_ended_month(timezone.localdate())))


@login_required
@require_http_methods(["GET", "POST"])
def office_month(request, code: str):
    office = selectors.reporting_office_or_404(request.user, code)
    today = timezone.localdate()
    month_form, month = forms.month_of(request.GET, today)
    may_write = selectors.may_write(request.user, office)
    state = selectors.month_state(office, month)
    draft = selectors.draft(office, month)
    initial = {"difficulties": draft.difficulties, "proposals": draft.proposals} if draft else {}
    remarks = forms.RemarksForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not may_write:
            raise Http404
        if remarks.is_valid():
            _save_or_send(request, remarks, office, month)
            return redirect(office_url(office, month))
    open_to_send = state.state in (selectors.MISSING, selectors.RETURNED)
    context = {
        "office": office,
        "month": month,
        "month_form": month_form,
        "state": state,
        "overdue": state.overdue(today),
        "versions": list(reversed(state.versions)),
        "live": figure_rows(figures.month_figures(office, month).as_dict()),
        "remarks": remarks if may_write and open_to_send else None,
        "may_send": may_write and open_to_send and due.last_day(month) < today,
        "board_url": _board_url(office, month),
        "above_url": _above_url(request.user, office, month),
        "previous_month": max(due.previous_month(month), due.FIRST_MONTH),
        "next_month": due.next_month(month) if due.next_month(month) <= today else None,
    }
    return render(request, "reports/office.html", context)


def _save_or_send(request, remarks, office: Office, month: date) -> None:
    """Keep the remarks, and send the report if asked; a refusal (the services' words) is
    shown on the page the browser comes back to, the remarks kept."""
    data = remarks.cleaned_data
    try:
        services.save_remarks(
            office=office,
            month=month,
            actor=request.user,
            difficulties=data["difficulties"],
            proposals=data["proposals"],
        )
        if "submit" not in request.POST:
            messages.success(request, _("The remarks were saved."))
            return
        report = services.submit(office=office, month=month, actor=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return
    messages.success(
        request,
        _("Report no. %(number)s (version %(version)s) was sent to the office above.")
        % {"number": report.number, "version": report.version},
    )


def _board_url(office: Office, month: date) -> str | None:
    """A province's board of its districts (its page is seen only by who may see both)."""
    if office.level != Office.Level.PROVINCE:
        return None
    return reverse("reports:board", args=[office.code]) + _month_query(month)


def _above_url(user, office: Office, month: date) -> str | None:
    """The board of the office above, for a user of that office (or the centre)."""
    place = scope.place(user)
    if office.level == Office.Level.DISTRICT and place.role in (Role.PROVINCE, Role.CENTRAL):
        return reverse("reports:board", args=[office.parent.code]) + _month_query(month)
    if office.level == Office.Level.PROVINCE and place.role == Role.CENTRAL:
        return reverse("reports:board", args=[CENTRE_CODE]) + _month_query(month)
    return None


@login_required
@require_GET
def sent(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    state = selectors.month_state(report.office, report.month)
    live = figures.month_figures(report.office, report.month).as_dict()
    is_latest = state.latest.pk == report.pk
    decision = getattr(report, "decision", None)
    context = {
        "report": report,
        "office": report.office,
        "state": state,
        "frozen": figure_rows(report.figures),
        "changes": change_rows(figures.changes_since(report.figures, live)),
        "decision": decision,
        "decision_form": forms.DecisionForm()
        if is_latest and decision is None and selectors.may_decide(request.user, report.office)
        else None,
        "office_url": office_url(report.office, report.month),
    }
    return render(request, "reports/sent.html", context)


@login_required
@require_POST
def decide(request, pk: int):
    report = selectors.report_or_404(request.user, pk)
    if not selectors.may_decide(request.user, report.office):
        raise Http404
    form = forms.DecisionForm(request.POST)
    outcome = request.POST.get("outcome")
    back = request.POST.get("next") or reverse("reports:sent", args=[report.pk])
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("reports:sent", args=[report.pk])
    if not form.is_valid():
        messages.error(request, _("The comment is too long."))
        return redirect(back)
    try:
        services.decide(
            report=report,
            actor=request.user,
            outcome=outcome,
            comment=form.cleaned_data["comment"],
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect(back)
    done = {
        Outcome.ACCEPTED: _("Report no. %(number)s of %(office)s was accepted."),
        Outcome.RETURNED: _("Report no. %(number)s of %(office)s was returned."),
    }[outcome]
    messages.success(request, done % {"number": report.number, "office": report.office.office_name})
    return redirect(back)


def document_of(report: Report) -> dict:
    """The report as `documents.report_pdf`/`report_xlsx` print it: what was frozen."""
    office = report.office
    parent = office.parent
    return {
        "form": report.form,
        "office": report.figures.get("office")
        or {"code": office.code, "name": office.office_name, "level": office.level},
        "parent_office": {"name": parent.office_name if parent else ""},
        "month": f"{report.month:%Y-%m}",
        "number": report.number,
        "dated": report.submitted_on.isoformat(),
        "version": report.version,
        "submitted_by": report.submitted_by_name,
        "remarks": {"difficulties": report.difficulties, "proposals": report.proposals},
        "figures": report.figures,
    }


def _download(content: bytes, kind: str, name: str) -> HttpResponse:
    content_type, extension = DOCUMENTS[kind]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@login_required
@require_GET
def sent_document(request, pk: int, kind: str):
    if kind not in DOCUMENTS:
        raise Http404
    report = selectors.report_or_404(request.user, pk)
    make = documents.report_pdf if kind == "pdf" else documents.report_xlsx
    name = f"bao-cao-{report.office.code}-{report.month:%Y-%m}-v{report.version}"
    return _download(make(document_of(report)), kind, name)


@login_required
@require_GET
def board(request, code: str):
    office = selectors.receiving_office_or_404(request.user, code)
    today = timezone.localdate()
    month_form, month = forms.month_of(request.GET, today)
    rows = selectors.board(office, month)
    counts = {label: 0 for label in selectors.STATE_LABELS}
    for row in rows:
        counts[row.state] += 1
    context = {
        "office": office,
        "month": month,
        "month_form": month_form,
        "rows": [
            {
                "state": row,
                "overdue": row.overdue(today),
                "url": office_url(row.office, month),
                "sent_url": reverse("reports:sent", args=[row.latest.pk]) if row.latest else None,
            }
            for row in rows
        ],
        "counts": [(selectors.STATE_LABELS[key], count) for key, count in counts.items()],
        "late": sum(row.late or row.overdue(today) for row in rows),
        "due_on": due.due_on(
            Office.Level.PROVINCE if office.level == Office.Level.CENTRE else "district", month
        ),
        "may_decide": selectors.decides_below(request.user, office),
        "decision_form": forms.DecisionForm(),
        "here": request.get_full_path(),
        "national_url": reverse("reports:national") + _month_query(month)
        if office.code == CENTRE_CODE
        else None,
        "own_url": office_url(office, month) if office.level == Office.Level.PROVINCE else None,
    }
    return render(request, "reports/board.html", context)


def _central_or_404(user) -> None:
    if scope.role(user) != Role.CENTRAL:
        raise Http404


def _summary(month: date, today: date) -> dict:
    return {
        "month": f"{month:%Y-%m}",
        "dated": today.isoformat(),
        "figures": figures.national_summary(month).as_dict(),
        "statuses": selectors.national_statuses(month, today),
    }


@login_required
@require_GET
def national(request):
    _central_or_404(request.user)
    today = timezone.localdate()
    month_form, month = forms.month_of(request.GET, today)
    summary = _summary(month, today)
    context = {
        "month": month,
        "month_form": month_form,
        "summary": figure_rows(
            summary["figures"], summary["statuses"], selectors.district_counts(month)
        ),
        "statuses": summary["statuses"],
        "board_url": reverse("reports:board", args=[CENTRE_CODE]) + _month_query(month),
        "query": _month_query(month),
    }
    return render(request, "reports/national.html", context)


@login_required
@require_GET
def national_document(request, kind: str):
    _central_or_404(request.user)
    if kind not in DOCUMENTS:
        raise Http404
    today = timezone.localdate()
    _form, month = forms.month_of(request.GET, today)
    make = documents.summary_pdf if kind == "pdf" else documents.summary_xlsx
    return _download(make(_summary(month, today)), kind, f"tong-hop-{month:%Y-%m}")
