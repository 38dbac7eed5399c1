"""Starting a review round, the round's page and its statements (one worker per page)."""

import math

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh import formatting
from sobhxh.accounts import scope
from sobhxh.audit.services import record_download, record_list
from sobhxh.books.lifecycle import State
from sobhxh.db.bulk import VALUES_PER_QUERY

from . import selectors, services
from .documents import statements_pdf
from .forms import StartReviewForm
from .models import ReviewRoundBook
from .views import (
    PER_PAGE,
    SHOWN_REFUSALS,
    attachment,
    checklist,
    document_view,
    paper_from_ticked_books,
    round_or_404,
)

PART_SIZE = 500  # statements in one PDF: a part prints in a reasonable time


@login_required
@require_http_methods(["GET", "POST"])
def start_review(request, code: str):
    employer = scope.employer_or_404(request.user, code)
    form = StartReviewForm(request.POST if request.method == "POST" else None)
    round_, refused = paper_from_ticked_books(
        request,
        employer,
        form,
        State.NOT_REVIEWED,
        none_ticked=_("Tick the books whose statements are given out."),
        create=lambda ids, on: services.start_review_round(
            employer=employer, book_ids=ids, on=on, actor=request.user
        ),
        done=lambda round_, result: (
            ngettext(
                "Review round %(number)s started: %(count)s book is in review. "
                "Print its statement and give it to the worker.",
                "Review round %(number)s started: %(count)s books are in review. "
                "Print their statements and give them to the workers.",
                result.moved,
            )
            % {"number": round_.number, "count": result.moved}
        ),
    )
    if round_ is not None:
        return redirect("handover:round", pk=round_.pk)
    page, filter_form = checklist(request.user, employer, State.NOT_REVIEWED, request.GET)
    record_list(
        request,
        numbers=[book.number for book in page.object_list],
        employer=employer.code,
        state=State.NOT_REVIEWED,
        page=page.number,
    )
    context = {
        "employer": employer,
        "form": form,
        "filter_form": filter_form,
        "page": page,
        "refused": refused[:SHOWN_REFUSALS],
        "more_refused": max(0, len(refused) - SHOWN_REFUSALS),
    }
    return render(request, "handover/start_review.html", context)


@login_required
@require_GET
def round_detail(request, pk: int):
    round_ = round_or_404(request.user, pk)
    lines = selectors.round_lines(round_, visible=scope.books(request.user))
    page = Paginator(lines, PER_PAGE).get_page(request.GET.get("page"))
    states = dict(State.choices)
    for line in page.object_list:
        line.book.birth_text = formatting.birth_date(
            line.book.birth_date, line.book.birth_precision
        )
        line.book.state_label = states[line.book.state]
    record_list(
        request,
        numbers=[line.book.number for line in page.object_list],
        employer=round_.employer.code,
        round=round_.number,
        page=page.number,
    )
    count = page.paginator.count
    parts = []
    if count > PART_SIZE:
        for part in range(1, math.ceil(count / PART_SIZE) + 1):
            first = (part - 1) * PART_SIZE + 1
            parts.append({"number": part, "first": first, "last": min(part * PART_SIZE, count)})
    context = {
        "round": round_,
        "employer": round_.employer,
        "page": page,
        "count": count,
        "parts": parts,
    }
    return render(request, "handover/round.html", context)


@login_required
@require_GET
@document_view
def round_statements(request, pk: int):
    round_ = round_or_404(request.user, pk)
    lines = ReviewRoundBook.objects.filter(round=round_).order_by("id")
    ids = list(lines.values_list("book_id", flat=True))
    name = "to-roi-" + round_.number.replace("/", "-")
    part = None
    if len(ids) > PART_SIZE:
        if "part" not in request.GET:
            messages.info(request, _("This round is printed in parts: choose a part below."))
            return redirect("handover:round", pk=round_.pk)
        part = _part(request.GET["part"], math.ceil(len(ids) / PART_SIZE))
        ids = ids[(part - 1) * PART_SIZE : part * PART_SIZE]
        name += f"-phan-{part}"
    elif request.GET.get("part", "1") != "1":
        raise Http404
    pages = selectors.statement_pages(_visible(request.user, ids))
    content = statements_pdf(
        pages, office=selectors.office_heading(round_.office), printed_on=round_.started_on
    )
    record_download(
        request,
        numbers=[page.number for page in pages],
        document="statements",
        format="pdf",
        employer=round_.employer.code,
        round=round_.number,
        part=part,
    )
    return attachment(content, f"{name}.pdf")


def _part(text: str, parts: int) -> int:
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= parts):
        raise Http404
    return int(text)


def _visible(user, ids: list[int]) -> list[int]:
    """The round's books the user may see (a book may have moved since), in round order."""
    found: set[int] = set()
    for start in range(0, len(ids), VALUES_PER_QUERY):
        chunk = scope.books(user).filter(pk__in=ids[start : start + VALUES_PER_QUERY])
        found.update(chunk.values_list("pk", flat=True))
    return [pk for pk in ids if pk in found]
