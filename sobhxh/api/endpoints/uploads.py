"""Uploads of book files: send one (multipart, checked by the web's own form: the same
types, count and size limit), poll its job, fetch its error report. Who sees which upload
is the web's rule (`intake.views.uploads_of`): offices only, their own, the centre all."""

from django.http import FileResponse, Http404
from django.utils.datastructures import MultiValueDict
from django.utils.translation import get_language
from ninja import File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile

from sobhxh.accounts import scope
from sobhxh.audit.services import record_download
from sobhxh.intake.forms import UploadForm
from sobhxh.intake.tasks import as_shown, report_path, rows_done_now, start_upload
from sobhxh.intake.views import UPLOADERS, upload_or_404, uploads_of

from ..errors import ApiError
from ..idempotency import idempotent
from ..pagination import keyset_page
from ..schemas import PageQuery, UploadOut, UploadPage, upload_out
from . import READ_ERRORS, WRITE_ERRORS, answers

router = Router(tags=["uploads"])
NEWEST_FIRST = ("-id",)


def _uploader_or_404(user) -> None:
    # As the web: the uploads are the offices' (an employer user gets 404).
    if scope.role(user) not in UPLOADERS:
        raise Http404


def _out(upload) -> dict:
    message = upload.message_en if get_language() == "en" and upload.message_en else upload.message
    return upload_out(upload, message=message, rows_done=rows_done_now(upload))


@router.get("/uploads", response=answers(UploadPage, READ_ERRORS), summary="My uploads")
def list_uploads(request, query: Query[PageQuery]):
    _uploader_or_404(request.user)
    page = keyset_page(uploads_of(request.user), NEWEST_FIRST, after=query.cursor, size=query.limit)
    return {"items": [_out(as_shown(upload)) for upload in page.items], "next": page.next}


class UploadIn(Schema):
    office: str | None = None
    dry_run: bool = False


@router.post(
    "/uploads",
    response=answers(UploadOut, WRITE_ERRORS, status=202),
    summary="Send a book file; its import runs in the background",
)
@decorate_view(idempotent)
def send_upload(request, files: File[list[UploadedFile]], fields: Form[UploadIn]):
    _uploader_or_404(request.user)
    data = {"dry_run": "on" if fields.dry_run else ""}
    if fields.office:
        data["office"] = fields.office
    form = UploadForm(data, MultiValueDict({"files": files}), user=request.user)
    if not form.is_valid():
        raise ApiError(
            422, " ".join(message for errors in form.errors.values() for message in errors)
        )
    upload = start_upload(
        user=request.user,
        files=form.cleaned_data["files"],
        office=form.upload_office(),
        dry_run=form.cleaned_data["dry_run"],
    )
    return Status(202, _out(upload))


@router.get("/uploads/{upload_id}", response=answers(UploadOut, READ_ERRORS), summary="Its job")
def read_upload(request, upload_id: int):
    return _out(upload_or_404(request.user, upload_id))


class ReportFormat(Schema):
    format: str = "xlsx"


@router.get(
    "/uploads/{upload_id}/report",
    response=answers(None, READ_ERRORS),
    summary="Its error report, as .xlsx or (format=csv) .csv",
)
def upload_report(request, upload_id: int, query: Query[ReportFormat]):
    upload = upload_or_404(request.user, upload_id)
    suffix = ".csv" if query.format == "csv" else ".xlsx"
    path = report_path(upload, suffix)
    if path is None:
        raise Http404
    record_download(request, document="error_report", format=suffix[1:], upload=upload.pk)
    return FileResponse(
        path.open("rb"), as_attachment=True, filename=f"bao-cao-loi-{upload.pk}{suffix}"
    )
