"""The problem pages (vướng mắc): the list, raising a problem, the inbox, the answered
questions and the figures. A problem's own page and its forms are in `views_problem`.

Every read goes through `selectors` (scoped by `accounts.scope`: out of scope is 404), every
write through `services`.

Raising a problem takes two steps, so that answered questions like it are suggested before
it is sent, without JavaScript: the first asks what it is about (title, description,
category) and the second shows the suggestions above the rest of the form (links, files),
whose button sends it anyway. Files are chosen only in that second step, so no file has to
be kept between two requests.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh.db.paging import CappedPaginator
from sobhxh.organisation.selectors import decisions_owned_by
from sobhxh.reports.selectors import reminders as report_reminders

from . import exports, forms, selectors, services

PER_PAGE = 25
# Answered questions counted at most: forty pages; past them, narrower words serve better.
ANSWERED_COUNTED = 1000
SENT_UP_SHOWN = 50
DRAFT, SEND = "draft", "send"


@login_required
@require_GET
def index(request):
    form = forms.ListFilterForm(request.GET or None)
    problems = selectors.problem_list(request.user, **form.filters())
    page = Paginator(problems, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "filtered": form.is_bound and any(form.filters().values()),
        "may_raise": selectors.raiser_office(request.user) is not None,
        "may_read_answered": selectors.may_read_answered(request.user),
        "may_see_figures": selectors.may_see_figures(request.user),
    }
    return render(request, "problems/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    user = request.user
    if selectors.raiser_office(user) is None:
        raise Http404
    step = request.POST.get("step") if request.method == "POST" else None
    if step == SEND:
        form = forms.RaiseForm(request.POST, request.FILES, user=user)
        raised = _raised(form, user)
        if raised is not None:
            messages.success(request, _("Problem no. %(number)s was sent.") % {"number": raised.pk})
            return redirect("problems:detail", pk=raised.pk)
        return _second_step(request, form, files_lost=bool(request.FILES))
    draft = forms.DraftForm(request.POST if step == DRAFT else None)
    if not draft.is_valid():
        return render(request, "problems/new.html", {"form": draft, "step": DRAFT})
    initial = {**draft.cleaned_data, "category": draft.cleaned_data["category"].code}
    return _second_step(request, forms.RaiseForm(initial=initial, user=user))


def _raised(form, user):
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return services.raise_problem(
            raised_by=user,
            title=data["title"],
            description=data["description"],
            category=data["category"],
            employer=data.get("employer"),
            books=data["books"],
            upload=data.get("upload"),
            files=data["files"],
        )
    except ValidationError as refused:
        form.add_error(None, refused)
        return None


def _second_step(request, form, files_lost=False):
    title = form.data.get("title") if form.is_bound else form.initial.get("title")
    suggestions = []
    if title and selectors.may_read_answered(request.user):
        suggestions = selectors.similar_answered(title)
    context = {"form": form, "step": SEND, "suggestions": suggestions, "files_lost": files_lost}
    return render(request, "problems/new.html", context)


@login_required
@require_GET
def inbox(request):
    today = timezone.localdate()
    waiting = Paginator(selectors.inbox(request.user, today=today), PER_PAGE)
    sent_up = selectors.sent_up(request.user, today=today)
    context = {
        "page": waiting.get_page(request.GET.get("page")),
        "sent_up": sent_up[:SENT_UP_SHOWN],
        "sent_up_count": sent_up.count(),
        "decisions": decisions_owned_by(request.user, today),
        "reports": report_reminders(request.user, today=today),
        "today": today,
    }
    return render(request, "problems/inbox.html", context)


def _reader_or_404(user) -> None:
    if not selectors.may_read_answered(user):
        raise Http404


@login_required
@require_GET
def answered(request):
    _reader_or_404(request.user)
    query = request.GET.get("q", "").strip()[:200]
    found = CappedPaginator(selectors.answered_questions(query), PER_PAGE, cap=ANSWERED_COUNTED)
    page = found.get_page(request.GET.get("page"))
    return render(request, "problems/answered.html", {"query": query, "page": page})


@login_required
@require_GET
def answered_detail(request, pk: int):
    _reader_or_404(request.user)
    question = selectors.answered_question_or_404(pk)
    return render(request, "problems/answered_question.html", {"question": question})


def _figures(request) -> tuple[str, list]:
    if not selectors.may_see_figures(request.user):
        raise Http404
    by = request.GET.get("by")
    by = by if by in exports.GROUPS else "department"
    return by, selectors.figures(request.user, by=(by,))


@login_required
@require_GET
def figures(request):
    by, rows = _figures(request)
    context = {
        "by": by,
        "groups": [(key, label) for key, label in exports.GROUPS.items()],
        "rows": rows,
        "columns": exports.COLUMNS,
        "today": timezone.localdate(),
    }
    return render(request, "problems/figures.html", context)


@login_required
@require_GET
def figures_xlsx(request):
    by, rows = _figures(request)
    today = timezone.localdate()
    response = HttpResponse(
        exports.workbook(rows=rows, by=by, today=today),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = exports.filename(by, today)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
