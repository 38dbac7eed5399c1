"""Returned answer lists sent from the browser: store the file, queue the job, and the job
that reads the list and records its answers.

The job runs in the `db_worker` process (django-tasks, database backend), as the imports of
`intake.tasks` do, so a file is never parsed in a web request. Its state and what it
recorded live on the `ReturnedListUpload` row that the status page shows.
"""

import datetime
import logging
import re
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from sobhxh.accounts import scope
from sobhxh.books.lifecycle import State
from sobhxh.db.bulk import VALUES_PER_QUERY
from sobhxh.intake.errors import UnusableFile, in_both_languages
from sobhxh.units.models import Employer
from sobhxh.workers import this_worker, worker_is_gone

from . import services
from .models import ReturnedListUpload
from .returned import Problem, ReturnedList, read_returned

logger = logging.getLogger(__name__)

FOLDER = "returned-lists"  # under the media folder
NAME_LENGTH = 60  # characters of a stored file's name before its suffix
FAILED = gettext_lazy(
    "The list was not read because of an unexpected problem on the server: none of its "
    "answers was recorded. Try again later, and if it happens again, tell the "
    "administrator the number of this list."
)
INTERRUPTED = gettext_lazy(
    "The reading stopped part way: the process running it has ended (the server was "
    "restarted or the job was stopped). None of the list's answers was recorded: send the "
    "same list again."
)

Status = ReturnedListUpload.Status


@dataclass
class Outcome:
    """What a returned list recorded, and the rows it did not."""

    sheet: str
    confirmed: int = 0
    disputed: int = 0
    problems: list[Problem] = field(default_factory=list)
    unanswered: list[tuple[int, str]] = field(default_factory=list)  # (row, number)

    def as_json(self) -> dict:
        return {
            "sheet": self.sheet,
            "confirmed": self.confirmed,
            "disputed": self.disputed,
            "problems": [
                {"row": p.row, "number": p.number, "column": p.column, "reason": str(p.reason)}
                for p in self.problems
            ],
            "unanswered": [[row, number] for row, number in self.unanswered],
        }

    @classmethod
    def from_json(cls, data: dict) -> "Outcome":
        return cls(
            sheet=data["sheet"],
            confirmed=data["confirmed"],
            disputed=data["disputed"],
            problems=[Problem(**problem) for problem in data["problems"]],
            unanswered=[(row, number) for row, number in data["unanswered"]],
        )


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def start_returned_list(
    *, user, employer: Employer, uploaded: UploadedFile, on: date
) -> ReturnedListUpload:
    """Store the file under the media folder and queue its reading. The problems it finds
    will be written in the language active now, the one of the user who sent it."""
    folder = Path(FOLDER) / timezone.localdate().strftime("%Y/%m") / secrets.token_hex(8)
    (media_root() / folder).mkdir(parents=True)
    stored = folder / stored_name(uploaded.name)
    with (media_root() / stored).open("wb") as out:
        for chunk in uploaded.chunks():
            out.write(chunk)
    sent = ReturnedListUpload.objects.create(
        employer=employer,
        user=user,
        on=on,
        file_name=Path(uploaded.name).name[:255],
        file=str(stored),
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    result = read_returned_list.enqueue(sent.pk)
    # An immediate backend has already run the job: update the id only, not its outcome.
    ReturnedListUpload.objects.filter(pk=sent.pk).update(task_id=str(result.id))
    sent.refresh_from_db()
    return sent


def stored_name(name: str) -> str:
    """The name a file is stored under, in a folder of its own: the name it was sent with,
    still readable (the importer's messages name it), without anything a disk may not
    take, and short enough for any file system."""
    path = Path(Path(unicodedata.normalize("NFC", name).replace("\\", "/")).name)
    stem = " ".join(re.sub(r"(?u)[^-\w .,()+]", "", path.stem).split())
    stem = stem[:NAME_LENGTH].strip(" .")
    return f"{stem or 'danh-sach'}{re.sub(r'[^.a-z0-9]', '', path.suffix.lower())}"


@task()
def read_returned_list(upload_id: int) -> str:
    """Read a returned list and record its answers; the outcome is written on its row,
    never raised."""
    settle_interrupted()  # lists left running by a worker that died before this one
    claimed = ReturnedListUpload.objects.filter(pk=upload_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now(), worker=this_worker()
    )
    sent = ReturnedListUpload.objects.select_related("user", "employer").filter(pk=upload_id)
    sent = sent.first()
    if sent is None:
        return "missing"
    if not claimed:  # already run, or running in another worker
        return sent.status
    try:
        with translation.override(sent.language or settings.LANGUAGE_CODE):
            return _run(sent)
    except Exception:
        logger.exception("Returned list %s failed", upload_id)
        vietnamese, english = in_both_languages(FAILED)
        _finish(upload_id, Status.FAILED, message=vietnamese, message_en=english)
        return Status.FAILED


def _run(sent: ReturnedListUpload) -> str:
    try:
        returned = read_returned(media_root() / sent.file, name=sent.file_name)
    except UnusableFile as refused:
        _finish(sent.pk, Status.REFUSED, message=refused.message_vi, message_en=refused.message_en)
        return Status.REFUSED
    # The answers and the outcome are written together: a failure records neither.
    with transaction.atomic():
        outcome = record_returned(sent.user, sent.employer, returned, sent.on)
        _finish(sent.pk, Status.DONE, outcome=outcome.as_json())
    return Status.DONE


def _finish(upload_id: int, status: str, **fields) -> None:
    ReturnedListUpload.objects.filter(pk=upload_id).update(
        status=status, finished_at=timezone.now(), **fields
    )


def as_shown(sent: ReturnedListUpload) -> ReturnedListUpload:
    """The list as its page shows it: one whose worker died as failed, saying what to do.
    The row is not written here (a page only reads); `settle_interrupted` writes it."""
    if sent.status == Status.RUNNING and worker_is_gone(sent.worker):
        sent.status = Status.FAILED
        sent.message, sent.message_en = in_both_languages(INTERRUPTED)
    return sent


def settle_interrupted() -> int:
    """Mark failed every list whose worker has died; the number marked. Run by each job
    before it starts and by `manage.py settle_uploads`."""
    settled = 0
    vietnamese, english = in_both_languages(INTERRUPTED)
    for sent in ReturnedListUpload.objects.filter(status=Status.RUNNING).only("pk", "worker"):
        if worker_is_gone(sent.worker):
            logger.warning("Returned list %s: its worker %s has ended", sent.pk, sent.worker)
            settled += ReturnedListUpload.objects.filter(
                pk=sent.pk, status=Status.RUNNING, worker=sent.worker
            ).update(
                status=Status.FAILED,
                finished_at=timezone.now(),
                message=vietnamese,
                message_en=english,
            )
    return settled


def prune_returned_lists(
    older_than: datetime.timedelta, *, dry_run: bool = False
) -> tuple[int, int]:
    """Delete the files of lists read more than `older_than` ago (they hold workers' names
    and numbers); their rows, with what was recorded, stay. Returns the lists and the bytes
    concerned; with `dry_run`, only counts them."""
    finished = ReturnedListUpload.objects.filter(
        status__in=[Status.DONE, Status.REFUSED, Status.FAILED],
        finished_at__lt=timezone.now() - older_than,
    ).exclude(file="")
    lists_folder = (media_root() / FOLDER).resolve()
    pruned = size = 0
    for sent in finished.only("pk", "file").iterator():
        folder = (media_root() / sent.file).parent.resolve()
        if folder.is_relative_to(lists_folder) and folder != lists_folder:
            size += sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())
            if not dry_run:
                shutil.rmtree(folder, ignore_errors=True)
        if not dry_run:
            ReturnedListUpload.objects.filter(pk=sent.pk).update(file="")
        pruned += 1
    return pruned, size


def record_returned(user, employer: Employer, returned: ReturnedList, on: date) -> Outcome:
    """Record the answers of the employer's books in review that `user` may see; every
    other row becomes a problem with its row number."""
    number_header = returned.headers["number"]
    wanted = [answer.number for answer in returned.answers]
    books: dict[str, dict] = {}
    in_scope = scope.books(user).filter(employer=employer)
    for start in range(0, len(wanted), VALUES_PER_QUERY):
        rows = in_scope.filter(number__in=wanted[start : start + VALUES_PER_QUERY])
        books.update((row["number"], row) for row in rows.values("pk", "number", "state"))
    outcome = Outcome(sheet=returned.sheet, unanswered=returned.unanswered)
    problems = list(returned.problems)
    confirmed: list[int] = []
    disputed: dict[int, dict] = {}
    row_of: dict[str, int] = {}
    states = dict(State.choices)
    for answer in returned.answers:
        book = books.get(answer.number)
        if book is None:
            why = _("No book with this number among the books of %(employer)s.") % {
                "employer": employer.name
            }
            problems.append(Problem(answer.row, answer.number, number_header, why))
        elif book["state"] != State.IN_REVIEW:
            why = _("The book is “%(state)s”, not in review: its answer is not recorded.") % {
                "state": states[book["state"]]
            }
            problems.append(Problem(answer.row, answer.number, number_header, why))
        elif answer.confirmed:
            confirmed.append(book["pk"])
            row_of[answer.number] = answer.row
        else:
            disputed[book["pk"]] = answer.details()
            row_of[answer.number] = answer.row
    if confirmed or disputed:
        result = services.record_answers(
            confirmed_ids=confirmed, disputed=disputed, on=on, actor=user
        )
        outcome.confirmed, outcome.disputed = result.confirmed, result.disputed
        for number, why in result.refused:
            problems.append(Problem(row_of.get(number, 0), number, "", why))
    outcome.problems = sorted(problems, key=lambda problem: problem.row)
    return outcome
