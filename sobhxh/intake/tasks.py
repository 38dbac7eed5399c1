"""Uploads from the browser: store the files, queue the job, and the job that imports them.

The job runs in the `db_worker` process (django-tasks, database backend), so a long import
never holds a web request. Its state lives on the `Upload` row the pages poll.
"""

import datetime
import logging
import re
import secrets
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.units.models import Office
from sobhxh.workers import this_worker, worker_is_gone

from .errors import UnusableFile, in_both_languages
from .importing import Importer
from .models import Upload
from .reading import estimate_rows

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1.0  # seconds between two writes of the rows read
REPORT_BASE = "bao-cao-loi"  # the report is written as bao-cao-loi.csv and .xlsx
PROGRESS_FILE = "progress"
INPUTS = "tep"  # the files as sent, apart from what the job writes beside them
FAILED = _(
    "The import stopped because of an unexpected problem on the server. Nothing more will be "
    "written for this upload; try again later, and if it happens again, tell the "
    "administrator the number of this upload."
)

INTERRUPTED = _(
    "The import stopped part way: the process running it has ended (the server was restarted "
    "or the job was stopped). Every book written before that is kept. Upload the same files "
    "again to finish: the books already written are not written twice."
)


def media_root() -> Path:
    return Path(getattr(settings, "MEDIA_ROOT", "") or settings.BASE_DIR / "media")


def start_upload(
    *, user, files: Sequence[UploadedFile], office: Office | None, dry_run: bool
) -> Upload:
    """Store the files under the media folder and queue their import."""
    folder = Path("uploads") / timezone.localdate().strftime("%Y/%m") / secrets.token_hex(8)
    (media_root() / folder / INPUTS).mkdir(parents=True)
    stored = []
    for index, uploaded in enumerate(files, start=1):
        name = _safe_name(uploaded.name, index)
        if any(Path(path).name == name for path in stored):
            name = f"{index}-{name}"
        with (media_root() / folder / INPUTS / name).open("wb") as out:
            for chunk in uploaded.chunks():
                out.write(chunk)
        stored.append(str(folder / INPUTS / name))
    upload = Upload.objects.create(
        user=user,
        office=office,
        file_names=[Path(uploaded.name).name for uploaded in files],
        files=stored,
        dry_run=dry_run,
    )
    result = run_upload.enqueue(upload.pk)
    # An immediate backend has already run the job: update the id only, not its results.
    Upload.objects.filter(pk=upload.pk).update(task_id=str(result.id))
    upload.refresh_from_db()
    return upload


def _safe_name(name: str, index: int) -> str:
    path = Path(Path(name).name)
    stem = re.sub(r"(?u)[^-\w.]", "", path.stem.strip().replace(" ", "_")).strip(".")
    return f"{stem or f'tep-{index}'}{path.suffix.lower()}"


@task()
def run_upload(upload_id: int) -> str:
    """Import an upload's files; the outcome is written on the upload, never raised."""
    settle_interrupted()  # uploads left running by a worker that died before this one
    claimed = Upload.objects.filter(pk=upload_id, status=Upload.Status.QUEUED).update(
        status=Upload.Status.RUNNING, started_at=timezone.now(), worker=this_worker()
    )
    upload = Upload.objects.select_related("user", "office").get(pk=upload_id)
    if not claimed:  # already run, or running in another worker
        return upload.status
    try:
        return _run(upload)
    except Exception:
        logger.exception("Upload %s failed", upload_id)
        vietnamese, english = in_both_languages(FAILED)
        _finish(upload_id, Upload.Status.FAILED, message=vietnamese, message_en=english)
        return Upload.Status.FAILED


def _run(upload: Upload) -> str:
    root = media_root()
    paths = [root / path for path in upload.files]
    folder = job_folder(upload)
    rows_total = estimate_rows(paths)
    Upload.objects.filter(pk=upload.pk).update(rows_total=rows_total)
    progress = Progress(upload, folder / PROGRESS_FILE)
    try:
        summary = Importer(
            paths,
            office_code=upload.office.code if upload.office else None,
            # An office's upload may write only in that office's area (DESIGN.md invariant 3).
            within=None if scope.role(upload.user) == Role.CENTRAL else upload.office,
            report_path=folder / REPORT_BASE,
            dry_run=upload.dry_run,
            actor=upload.user,
            progress=progress,
        ).run()
    except UnusableFile as refused:
        _finish(
            upload.pk,
            Upload.Status.REFUSED,
            message=refused.message_vi,
            message_en=refused.message_en,
        )
        return Upload.Status.REFUSED
    finally:
        (folder / PROGRESS_FILE).unlink(missing_ok=True)
    counts = summary.as_dict()
    # The report's place on the server is no business of the pages: they link to it.
    report = counts.pop("report", None)
    report = str(Path(report).relative_to(root)) if report else ""
    _finish(upload.pk, Upload.Status.DONE, summary=counts, report=report, rows_done=progress.done)
    return Upload.Status.DONE


def interrupted(upload: Upload) -> bool:
    """Whether an upload still marked as running has lost its worker (killed, or the server
    restarted): it would otherwise show its progress bar for ever."""
    return upload.status == Upload.Status.RUNNING and worker_is_gone(upload.worker)


def as_shown(upload: Upload) -> Upload:
    """The upload as a page shows it: an interrupted one as failed, saying what to do. The
    row is not written here (a page only reads); `settle_interrupted` writes it."""
    if interrupted(upload):
        upload.status = Upload.Status.FAILED
        upload.message, upload.message_en = in_both_languages(INTERRUPTED)
    return upload


def settle_interrupted() -> int:
    """Mark failed every upload whose worker has died, saying what to do; the number marked.
    Run by each job before it starts and by `manage.py settle_uploads` (the worker's
    service runs it at its start)."""
    settled = 0
    vietnamese, english = in_both_languages(INTERRUPTED)
    for upload in Upload.objects.filter(status=Upload.Status.RUNNING).only("pk", "worker"):
        if not worker_is_gone(upload.worker):
            continue
        logger.warning("Upload %s: its worker %s has ended mid-run", upload.pk, upload.worker)
        settled += Upload.objects.filter(
            pk=upload.pk, status=Upload.Status.RUNNING, worker=upload.worker
        ).update(
            status=Upload.Status.FAILED,
            finished_at=timezone.now(),
            message=vietnamese,
            message_en=english,
        )
    return settled


def _finish(upload_id: int, status: str, **fields) -> None:
    Upload.objects.filter(pk=upload_id).update(status=status, finished_at=timezone.now(), **fields)


class Progress:
    """The importer's progress callback: counts the rows read and writes the count at most
    once every PROGRESS_EVERY seconds (the importer calls it once per chunk of rows).

    A dry run works inside one transaction that is rolled back: a count written to the
    database there would be invisible to the pages, and on SQLite the transaction holds the
    write lock. Its count goes to a small file in the upload's folder instead.
    """

    def __init__(
        self, upload: Upload, side_file: Path, clock: Callable[[], float] = time.monotonic
    ):
        self.upload_id = upload.pk
        self.dry_run = upload.dry_run
        self.side_file = side_file
        self.clock = clock
        self.done = 0
        self.written_at = clock()

    def __call__(self, rows: int) -> None:
        self.done += rows
        now = self.clock()
        if now - self.written_at < PROGRESS_EVERY:
            return
        self.written_at = now
        if self.dry_run:
            self.side_file.write_text(str(self.done))
        else:
            Upload.objects.filter(pk=self.upload_id).update(rows_done=self.done)


def rows_done_now(upload: Upload) -> int:
    """The rows read so far, wherever the running job keeps the count."""
    if upload.dry_run and upload.status == Upload.Status.RUNNING and upload.files:
        side_file = job_folder(upload) / PROGRESS_FILE
        try:
            return max(upload.rows_done, int(side_file.read_text()))
        except (OSError, ValueError):
            pass
    return upload.rows_done


def prune_uploads(older_than: datetime.timedelta, *, dry_run: bool = False) -> tuple[int, int]:
    """Delete the files kept for uploads finished more than `older_than` ago (those sent,
    and the error report); their rows, with what the import did, stay. Returns the uploads
    and the bytes concerned; with `dry_run`, only counts them."""
    finished = Upload.objects.filter(
        status__in=[Upload.Status.DONE, Upload.Status.REFUSED, Upload.Status.FAILED],
        finished_at__lt=timezone.now() - older_than,
    )
    uploads_folder = (media_root() / "uploads").resolve()
    pruned = size = 0
    for upload in finished.only("pk", "files", "status").iterator():
        if not upload.files:
            continue  # pruned before
        folder = job_folder(upload).resolve()
        if folder.is_relative_to(uploads_folder) and folder != uploads_folder:
            size += sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
            if not dry_run:
                shutil.rmtree(folder, ignore_errors=True)
        if not dry_run:
            Upload.objects.filter(pk=upload.pk).update(files=[], report="")
        pruned += 1
    return pruned, size


def job_folder(upload: Upload) -> Path:
    """Where the job writes its report and progress: above the folder of the files sent."""
    return media_root() / Path(upload.files[0]).parent.parent


def report_path(upload: Upload, suffix: str) -> Path | None:
    """The error report as .xlsx or .csv, if the upload has one and it is still on disk."""
    if not upload.report:
        return None
    root = media_root().resolve()
    path = (root / upload.report).with_suffix(suffix).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path
