"""Handover batches: choosing confirmed books for a session, the batch's page with its
documents, and the receipts recorded in bulk."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh import formatting
from sobhxh.accounts import scope
from sobhxh.audit.services import record_download, record_list
from sobhxh.books.lifecycle import Receiver, State

from . import documents, selectors, services
from .forms import BatchForm, ReceiptRow, ReceiptsForm, posted_ids, read_receipts
from .models import BATCH_NUMBER_SUFFIX, HandoverBatch, HandoverLine
from .services import Receipt
from .views import (
    PER_PAGE,
    SHOWN_REFUSALS,
    attachment,
    batch_or_404,
    checklist,
    document_view,
    in_scope,
    paper_from_ticked_books,
    report_dropped,
    report_refusals,
)


@login_required
@require_http_methods(["GET", "POST"])
def batch_new(request, code: str):
    employer = scope.employer_or_404(request.user, code)
    form = BatchForm(request.POST if request.method == "POST" else None)
    batch, refused = paper_from_ticked_books(
        request,
        employer,
        form,
        State.CONFIRMED,
        none_ticked=_("Tick the books to hand over in this session."),
        create=lambda ids, on: services.create_handover_batch(
            employer=employer, book_ids=ids, on=on, actor=request.user
        ),
        done=lambda batch, result: (
            ngettext(
                "Handover list %(number)s made with %(count)s book.",
                "Handover list %(number)s made with %(count)s books.",
                result.moved,
            )
            % {"number": batch.number, "count": result.moved}
        ),
    )
    if batch is not None:
        return redirect("handover:batch", pk=batch.pk)
    page, filter_form = checklist(request.user, employer, State.CONFIRMED, request.GET)
    _mark_listed(page.object_list)
    record_list(
        request,
        numbers=[book.number for book in page.object_list],
        employer=employer.code,
        state=State.CONFIRMED,
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
    return render(request, "handover/batch_new.html", context)


def _mark_listed(books) -> None:
    """Note on each book the batch it already waits in, if any: one query for the page."""
    waiting = (
        HandoverLine.objects.filter(book_id__in=[book.pk for book in books], received_on=None)
        .order_by("batch_id")
        .values_list("book_id", "batch__serial")
    )
    listed = dict(waiting)
    for book in books:
        serial = listed.get(book.pk)
        book.listed_in = f"{serial}/{BATCH_NUMBER_SUFFIX}" if serial else ""


@login_required
@require_http_methods(["GET", "POST"])
def batch_detail(request, pk: int):
    batch = batch_or_404(request.user, pk)
    lines = selectors.batch_lines(batch, visible=scope.books(request.user))
    page = Paginator(lines, PER_PAGE).get_page(request.GET.get("page"))
    rows = [ReceiptRow(line) for line in page.object_list]
    if request.method == "POST":
        form = ReceiptsForm(request.POST)
        receipts, errors = _posted_receipts(request, batch, rows)
        if errors:
            form.add_error(
                None,
                ngettext(
                    "%(count)s book received by an authorised person lacks the person's name.",
                    "%(count)s books received by an authorised person lack the person's name.",
                    errors,
                )
                % {"count": errors},
            )
        elif form.is_valid():
            if not receipts:
                form.add_error(None, _("Tick the books that were received."))
            else:
                result = services.record_receipts(
                    batch=batch, receipts=receipts, on=form.cleaned_data["on"], actor=request.user
                )
                if result.moved:
                    messages.success(
                        request,
                        ngettext(
                            "%(count)s book handed over.",
                            "%(count)s books handed over.",
                            result.moved,
                        )
                        % {"count": result.moved},
                    )
                report_refusals(request, result.refused)
                return redirect(request.get_full_path())
    else:
        form = ReceiptsForm(initial={"on": min(batch.handed_on, timezone.localdate())})
    receivers = dict(Receiver.choices)
    for row in rows:
        book = row.line.book
        book.birth_text = formatting.birth_date(book.birth_date, book.birth_precision)
        row.line.receiver_label = receivers.get(row.line.receiver, "")
    record_list(
        request,
        numbers=[row.line.book.number for row in rows],
        employer=batch.employer.code,
        batch=batch.number,
        page=page.number,
    )
    totals = batch.lines.aggregate(total=Count("pk"), received=Count("received_on"))
    context = {
        "batch": batch,
        "employer": batch.employer,
        "page": page,
        "rows": rows,
        "form": form,
        "totals": totals,
        "open": totals["total"] - totals["received"],
    }
    return render(request, "handover/batch.html", context)


def _posted_receipts(request, batch: HandoverBatch, rows: list[ReceiptRow]):
    """The receipts the form posted, within scope, and how many rows lack a name."""
    if request.POST.get("all_remaining"):
        waiting = batch.lines.filter(received_on=None).order_by("order").values_list("book_id")
        ids = in_scope(request.user, batch.employer, [pk for (pk,) in waiting])
        return [Receipt(book_id=pk) for pk in ids], 0
    posted = posted_ids(request.POST.getlist("row"))
    shown = set(in_scope(request.user, batch.employer, posted))
    report_dropped(request, len(posted) - len(shown))
    open_rows = [row for row in rows if row.line.received_on is None and row.line.book_id in shown]
    return read_receipts(request.POST, open_rows)


# -- the documents ------------------------------------------------------------------------------

# The list names each worker: its downloads are recorded in the access log. The minutes name
# only the office, the employer and the number of books.
LIST_STEM, MINUTES_STEM = "danh-sach-ban-giao", "bien-ban-ban-giao"


def _document(request, pk: int, build: Callable, stem: str, suffix: str):
    batch = batch_or_404(request.user, pk)
    document = selectors.handover_document(batch, visible=scope.books(request.user))
    content = build(document)
    if stem == LIST_STEM:
        record_download(
            request,
            numbers=[row.number for row in document.rows],
            document="handover_list",
            format=suffix,
            employer=batch.employer.code,
            batch=batch.number,
        )
    filename = f"{stem}-{batch.serial}-{BATCH_NUMBER_SUFFIX}-{batch.year}.{suffix}"
    return attachment(content, filename)


@login_required
@require_GET
@document_view
def batch_list_pdf(request, pk: int):
    return _document(request, pk, documents.handover_list_pdf, LIST_STEM, "pdf")


@login_required
@require_GET
@document_view
def batch_list_xlsx(request, pk: int):
    return _document(request, pk, documents.handover_list_xlsx, LIST_STEM, "xlsx")


@login_required
@require_GET
@document_view
def batch_minutes_pdf(request, pk: int):
    return _document(request, pk, documents.handover_minutes_pdf, MINUTES_STEM, "pdf")


@login_required
@require_GET
@document_view
def batch_minutes_xlsx(request, pk: int):
    return _document(request, pk, documents.handover_minutes_xlsx, MINUTES_STEM, "xlsx")
