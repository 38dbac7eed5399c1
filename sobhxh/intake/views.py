"""Uploads of book files: the form and list, one upload's progress and summary, its status
as JSON for the page's polling, and its error report.

Offices upload; an employer user (or a user without a role) gets 404 on every page here. A
user sees their own uploads, a central user everyone's; any other answers 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.audit.services import record_download

from .forms import UploadForm
from .models import Upload
from .tasks import as_shown, report_path, rows_done_now, start_upload

UPLOADERS = {Role.CENTRAL, Role.PROVINCE, Role.DISTRICT}
PER_PAGE = 25
COUNTS = ("read", "created", "updated", "unchanged", "rejected")


def uploads_of(user) -> QuerySet[Upload]:
    """The uploads a user may see: their own, or everyone's for a central user."""
    role = scope.role(user)
    everything = Upload.objects.select_related("user", "office")
    if role == Role.CENTRAL:
        return everything
    if role in UPLOADERS:
        return everything.filter(user=user)
    return everything.none()


def upload_or_404(user, pk: int) -> Upload:
    found = uploads_of(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return as_shown(found)


def _uploader_or_404(user) -> None:
    if scope.role(user) not in UPLOADERS:
        raise Http404


@login_required
def uploads(request):
    _uploader_or_404(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = start_upload(
            user=request.user,
            files=form.cleaned_data["files"],
            office=form.upload_office(),
            dry_run=form.cleaned_data["dry_run"],
        )
        messages.success(request, _("The file was received; its import is under way."))
        return redirect("intake:upload_detail", pk=upload.pk)
    page = Paginator(uploads_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    for upload in page:
        as_shown(upload)
    context = {
        "form": form,
        "page": page,
        "office": form.upload_office() if "office" not in form.fields else None,
        "central": scope.role(request.user) == Role.CENTRAL,
    }
    return render(request, "intake/uploads.html", context)


@login_required
def upload_detail(request, pk: int):
    upload = upload_or_404(request.user, pk)
    context = {
        "upload": upload,
        "state": _state(upload),
        "summary_rows": _summary_rows(upload),
        "warnings": _number((upload.summary or {}).get("warnings", 0)),
        "message": _message(upload),
    }
    return render(request, "intake/upload_detail.html", context)


@login_required
@require_GET
def upload_status(request, pk: int):
    upload = upload_or_404(request.user, pk)
    state = _state(upload)
    return JsonResponse(
        {
            "id": upload.pk,
            "status": upload.status,
            "status_label": upload.get_status_display(),
            "finished": upload.is_finished,
            "rows_done": state["rows_done"],
            "rows_total": upload.rows_total,
            "percent": state["percent"],
            "progress_text": state["text"],
            "summary": upload.summary,
            "message": _message(upload),
        }
    )


@login_required
@require_GET
def upload_report(request, pk: int):
    upload = upload_or_404(request.user, pk)
    suffix = ".csv" if request.GET.get("format") == "csv" else ".xlsx"
    path = report_path(upload, suffix)
    if path is None:
        raise Http404
    record_download(request, document="error_report", format=suffix[1:], upload=upload.pk)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"bao-cao-loi-{upload.pk}{suffix}"
    )


def _number(value: int | None) -> str:
    return number_format(value or 0, force_grouping=True)


def _state(upload: Upload) -> dict:
    """The progress shown: rows read of the total, the percentage, and as one sentence."""
    rows_done = rows_done_now(upload)
    percent = None
    if upload.status == Upload.Status.DONE:
        percent = 100
    elif upload.rows_total:
        # The total counts title and header rows too: never 100 % before the end.
        percent = min(99, rows_done * 100 // upload.rows_total)
    params = {"done": _number(rows_done), "total": _number(upload.rows_total)}
    if upload.status == Upload.Status.QUEUED:
        text = _("Waiting for its turn…")
    elif percent is None:
        text = _("%(done)s rows read") % params
    else:
        text = _("%(done)s of about %(total)s rows read (%(percent)s %%)") % {
            **params,
            "percent": percent,
        }
    return {"rows_done": rows_done, "percent": percent, "text": text}


def _summary_rows(upload: Upload) -> list[dict]:
    if not upload.summary:
        return []
    labels = {
        "books": pgettext("import summary", "Books"),
        "periods": pgettext("import summary", "Periods"),
    }
    return [
        {
            "label": label,
            "counts": [_number(upload.summary[key][c]) for c in COUNTS],
            "rejected": upload.summary[key]["rejected"],
        }
        for key, label in labels.items()
    ]


def _message(upload: Upload) -> str:
    if get_language() == "en" and upload.message_en:
        return upload.message_en
    return upload.message
