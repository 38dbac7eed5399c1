"""Writes of the problems app: every change to a problem goes through one of these
functions, which checks the move against the state table (`states`), writes the change and
its history entry (`ProblemEvent`) in one transaction, and leaves the notifications
(`notify`) to be sent once that transaction has committed.

Each takes keyword arguments; `actor` is the user acting (None: the system, a command);
`now` is for tests and imports, the present otherwise. A refusal is `ProblemRefused` (a
`ValidationError`) and changes nothing.

- `raise_problem(*, raised_by, title, description, category, employer=None, books=(),
  upload=None, files=(), now=None) -> Problem`
- `take(*, problem, actor, now=None) -> Problem`
- `answer(*, problem, actor, text, files=(), now=None) -> Message` (the resolution)
- `send_up(*, problem, actor, note="", now=None) -> Problem`
- `reroute(*, problem, actor, department, note="", now=None) -> Problem`
- `recategorise(*, problem, actor, category, note="", now=None) -> Problem`
- `accept(*, problem, actor, now=None) -> Problem`
- `reopen(*, problem, actor, reason, now=None) -> Problem`
- `close(*, problem, actor, note, now=None) -> Problem`
- `set_shareable(*, problem, actor, shareable, now=None) -> Problem`
- `add_note(*, problem, actor, text, files=(), now=None) -> Message` (internal)
- `attach(*, problem, actor, files, now=None) -> list[Attachment]`
- `escalate_overdue(*, today=None, dry_run=False) -> Escalation`

Routing. A problem goes to the department of its category's function in the raiser's
province (`organisation.selectors.departments_for`; the centre's for a problem raised at
the centre). The province answers it or sends it up to the centre's department of that
function; an unanswered problem past its due date rises there by itself
(`escalate_overdue`). Whenever a department receives a problem, it has the category's
deadline in working days from that day (`deadlines.working_days_after`).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts import scope
from sobhxh.books.models import Book
from sobhxh.intake.models import Upload
from sobhxh.organisation.models import Department
from sobhxh.organisation.selectors import departments_for
from sobhxh.units.models import CENTRE_CODE, Employer

from . import files as attachment_files
from . import notify
from .deadlines import working_days_after
from .errors import ProblemRefused
from .models import Attachment, Category, Level, Message, Problem, ProblemEvent
from .selectors import (
    may_attach,
    may_link_upload,
    may_write_notes,
    raiser_office,
    search_key,
    sides,
)
from .states import OPEN, Action, check_move, check_note

TITLE_NEEDED = _("Give the problem a title.")
DESCRIPTION_NEEDED = _("Describe the problem.")
TEXT_NEEDED = _("Write the text of the message.")
NO_PLACE = _("Your account belongs to no office or employer: it cannot raise a problem.")
CATEGORY_CLOSED = _("The category “%(category)s” is no longer offered: choose another one.")
NOT_YOURS = _("You may only link books, an employer or an upload that you can see.")
NO_DEPARTMENT = _("No department of “%(function)s” answers for %(office)s: tell the administrator.")
ALREADY_AT_CENTRE = _("Problem no. %(number)s is already with the centre.")
ALREADY_THERE = _("Problem no. %(number)s is already with %(department)s.")
NOT_A_ROUTE = _(
    "Problem no. %(number)s can only go to a department of its province or of the centre."
)
NO_NOTES = _("Only the staff of the social insurance offices may write internal notes.")
NO_ATTACHMENT = _("You may not add files to problem no. %(number)s.")


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


# -- raising -------------------------------------------------------------------------------


def raise_problem(
    *,
    raised_by,
    title: str,
    description: str,
    category: Category,
    employer: Employer | None = None,
    books: Iterable[Book] = (),
    upload: Upload | None = None,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Problem:
    """Raise a problem from the user's office and route it to the department of its
    category's function in that office's province."""
    now = _now(now)
    title, description = (title or "").strip(), (description or "").strip()
    if not title:
        raise ProblemRefused(TITLE_NEEDED, code="title_needed")
    if not description:
        raise ProblemRefused(DESCRIPTION_NEEDED, code="description_needed")
    if not category.active:
        raise ProblemRefused(CATEGORY_CLOSED, code="category_closed", category=category.label)
    office = raiser_office(raised_by)
    if office is None:
        raise ProblemRefused(NO_PLACE, code="no_place")
    place = scope.place(raised_by)
    raiser_employer_id = place.employer_id if place else None
    if employer is None and raiser_employer_id:
        employer = Employer.objects.get(pk=raiser_employer_id)
    books = list(books)
    _check_links(raised_by, employer, books, upload)
    checked = [attachment_files.check(uploaded) for uploaded in files]
    department = _first_department(office, category)
    with _files_kept_only_on_success() as written, transaction.atomic():
        problem = Problem(
            title=title[:200],
            description=description,
            category=category,
            raised_by=raised_by,
            office=office,
            raiser_employer_id=raiser_employer_id,
            employer=employer,
            upload=upload,
            created_at=now,
            updated_at=now,
        )
        _route_to(problem, department, now)
        problem.search_text = search_key(title, description)
        problem.save()
        if books:
            problem.books.set(books)
        _event(problem, Action.RAISE, raised_by, now, from_state="", to_department=department)
        _store(problem, raised_by, files, checked, now, written)
        transaction.on_commit(lambda: notify.routed(problem, department))
    return problem


def _check_links(user, employer, books, upload) -> None:
    if employer is not None and not scope.employers(user).filter(pk=employer.pk).exists():
        raise ProblemRefused(NOT_YOURS, code="not_yours")
    wanted = {book.pk for book in books}
    if wanted and scope.books(user).filter(pk__in=wanted).count() != len(wanted):
        raise ProblemRefused(NOT_YOURS, code="not_yours")
    if upload is not None and not may_link_upload(user, upload):
        raise ProblemRefused(NOT_YOURS, code="not_yours")


def _first_department(office, category: Category) -> Department:
    found = departments_for(office, category.function)
    if not found:
        raise ProblemRefused(
            NO_DEPARTMENT,
            code="no_department",
            function=category.get_function_display(),
            office=office.office_name,
        )
    return found[0]


def _route_to(problem: Problem, department: Department, now: datetime) -> None:
    """Give `problem` to `department`, which has the category's deadline from today."""
    problem.department = department
    problem.level = Level.CENTRE if department.office.code == CENTRE_CODE else Level.PROVINCE
    problem.due_on = working_days_after(timezone.localdate(now), problem.category.deadline_days)


# -- moves ---------------------------------------------------------------------------------


def _locked(problem: Problem, action: str, actor) -> tuple[Problem, str]:
    """The problem's row, locked and fresh, and the state `action` leads to; refused unless
    the state table lets `actor` take it. Call inside a transaction."""
    locked = (
        Problem.objects.select_for_update(of=("self",))
        .select_related("category", "department__office", "office")
        .get(pk=problem.pk)
    )
    return locked, check_move(action, locked.state, sides(actor, locked), number=locked.pk)


def _event(
    problem,
    action,
    actor,
    now,
    *,
    from_state=None,
    from_department=None,
    to_department=None,
    note="",
    details=None,
) -> ProblemEvent:
    return ProblemEvent.objects.create(
        problem=problem,
        action=action,
        from_state=problem.state if from_state is None else from_state,
        to_state=problem.state,
        from_department=from_department,
        to_department=to_department or problem.department,
        actor=actor,
        at=now,
        note=note,
        details=details or {},
    )


def _save(problem: Problem, now: datetime) -> None:
    problem.updated_at = now
    problem.save()
    problem.refresh_from_db()


def take(*, problem: Problem, actor, now: datetime | None = None) -> Problem:
    """The department starts handling the problem."""
    now = _now(now)
    with transaction.atomic():
        locked, target = _locked(problem, Action.TAKE, actor)
        before = locked.state
        locked.state = target
        _save(locked, now)
        _event(locked, Action.TAKE, actor, now, from_state=before)
    return locked


def answer(
    *,
    problem: Problem,
    actor,
    text: str,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Message:
    """The department answers: the answer is the problem's resolution, which the raiser
    accepts or reopens."""
    now = _now(now)
    text = _text(text)
    checked = [attachment_files.check(uploaded) for uploaded in files]
    with _files_kept_only_on_success() as written, transaction.atomic():
        locked, target = _locked(problem, Action.ANSWER, actor)
        before = locked.state
        message = Message.objects.create(
            problem=locked, kind=Message.Kind.ANSWER, author=actor, text=text, created_at=now
        )
        _store(locked, actor, files, checked, now, written, message=message)
        locked.state = target
        locked.resolution = message
        locked.answered_at = now
        locked.answered_in_time = not locked.overdue and timezone.localdate(now) <= locked.due_on
        locked.search_text = search_key(locked.title, locked.description, text)
        _save(locked, now)
        _event(locked, Action.ANSWER, actor, now, from_state=before)
        transaction.on_commit(lambda: notify.answered(locked))
    return message


def send_up(*, problem: Problem, actor, note: str = "", now: datetime | None = None) -> Problem:
    """The province's department sends the problem to the centre's department of the same
    function."""
    now = _now(now)
    with transaction.atomic():
        locked, _target = _locked(problem, Action.SEND_UP, actor)
        if locked.level == Level.CENTRE:
            raise ProblemRefused(ALREADY_AT_CENTRE, code="at_centre", number=locked.pk)
        centre = departments_for(locked.office, locked.department.function)[-1]
        _move_to(locked, Action.SEND_UP, actor, centre, now, note=note)
    return locked


def reroute(
    *, problem: Problem, actor, department: Department, note: str = "", now: datetime | None = None
) -> Problem:
    """Send the problem to another department of its province or of the centre (any
    function): for a problem that reached the wrong one."""
    now = _now(now)
    with transaction.atomic():
        locked, _target = _locked(problem, Action.REROUTE, actor)
        if department.pk == locked.department_id:
            raise ProblemRefused(
                ALREADY_THERE, code="already_there", number=locked.pk, department=department
            )
        if department not in departments_for(locked.office, department.function):
            raise ProblemRefused(NOT_A_ROUTE, code="not_a_route", number=locked.pk)
        _move_to(locked, Action.REROUTE, actor, department, now, note=note)
    return locked


def recategorise(
    *, problem: Problem, actor, category: Category, note: str = "", now: datetime | None = None
) -> Problem:
    """Change the problem's category. When the new category belongs to another function,
    the problem goes to that function's department at the same level (the province's, or
    the centre's when it is at the centre)."""
    now = _now(now)
    with transaction.atomic():
        locked, _target = _locked(problem, Action.RECATEGORISE, actor)
        before = locked.category
        if not category.active:
            raise ProblemRefused(CATEGORY_CLOSED, code="category_closed", category=category.label)
        locked.category = category
        details = {"from_category": before.code, "to_category": category.code}
        found = departments_for(locked.office, category.function)
        department = found[-1] if locked.level == Level.CENTRE else found[0]
        if department.pk != locked.department_id:
            _move_to(
                locked, Action.RECATEGORISE, actor, department, now, note=note, details=details
            )
        else:
            _save(locked, now)
            _event(locked, Action.RECATEGORISE, actor, now, note=note.strip(), details=details)
    return locked


def _move_to(problem, action, actor, department, now, *, note="", details=None) -> None:
    before = problem.department
    _route_to(problem, department, now)
    _save(problem, now)
    details = {**(details or {}), "due_on": problem.due_on.isoformat()}
    _event(
        problem,
        action,
        actor,
        now,
        from_department=before,
        note=(note or "").strip(),
        details=details,
    )
    transaction.on_commit(lambda: notify.routed(problem, department, action=action))


def accept(*, problem: Problem, actor, now: datetime | None = None) -> Problem:
    """The raiser accepts the answer: the problem is resolved."""
    now = _now(now)
    with transaction.atomic():
        locked, target = _locked(problem, Action.ACCEPT, actor)
        before = locked.state
        locked.state = target
        locked.resolved_at = now
        _save(locked, now)
        _event(locked, Action.ACCEPT, actor, now, from_state=before)
    return locked


def reopen(*, problem: Problem, actor, reason: str, now: datetime | None = None) -> Problem:
    """The raiser does not accept the answer and says why: the department it is with has the
    category's deadline again, from today."""
    now = _now(now)
    with transaction.atomic():
        locked, target = _locked(problem, Action.REOPEN, actor)
        reason = check_note(Action.REOPEN, reason, number=locked.pk)
        before = locked.state
        locked.state = target
        locked.resolution = None
        locked.answered_in_time = None
        locked.answered_at = None
        _route_to(locked, locked.department, now)
        locked.search_text = search_key(locked.title, locked.description)
        _save(locked, now)
        _event(locked, Action.REOPEN, actor, now, from_state=before, note=reason)
        transaction.on_commit(lambda: notify.routed(locked, locked.department))
    return locked


def close(*, problem: Problem, actor, note: str, now: datetime | None = None) -> Problem:
    """Close the problem without a resolution (a duplicate, withdrawn, not a problem): the
    note says why."""
    now = _now(now)
    with transaction.atomic():
        locked, target = _locked(problem, Action.CLOSE, actor)
        note = check_note(Action.CLOSE, note, number=locked.pk)
        before = locked.state
        locked.state = target
        _save(locked, now)
        _event(locked, Action.CLOSE, actor, now, from_state=before, note=note)
    return locked


def set_shareable(
    *, problem: Problem, actor, shareable: bool, now: datetime | None = None
) -> Problem:
    """Share (or stop sharing) the problem's answer: once resolved, a shared problem is
    among the answered questions everyone can search."""
    now = _now(now)
    action = Action.SHARE if shareable else Action.UNSHARE
    with transaction.atomic():
        locked, _target = _locked(problem, action, actor)
        if locked.shareable == shareable:
            return locked
        locked.shareable = shareable
        _save(locked, now)
        _event(locked, action, actor, now)
    return locked


# -- the thread and its files --------------------------------------------------------------


def _text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ProblemRefused(TEXT_NEEDED, code="text_needed")
    return text


def add_note(
    *,
    problem: Problem,
    actor,
    text: str,
    files: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Message:
    """An internal note: staff of the offices who may see the problem write them, and no
    employer user ever reads them."""
    now = _now(now)
    text = _text(text)
    if not may_write_notes(actor) or not scope.problems(actor).filter(pk=problem.pk).exists():
        raise ProblemRefused(NO_NOTES, code="no_notes")
    checked = [attachment_files.check(uploaded) for uploaded in files]
    with _files_kept_only_on_success() as written, transaction.atomic():
        message = Message.objects.create(
            problem=problem, kind=Message.Kind.NOTE, author=actor, text=text, created_at=now
        )
        _store(problem, actor, files, checked, now, written, message=message)
    return message


def attach(
    *, problem: Problem, actor, files: Sequence[UploadedFile], now: datetime | None = None
) -> list[Attachment]:
    """Add files to an unsettled problem: its raiser's side or the departments handling it."""
    now = _now(now)
    if not may_attach(actor, problem):
        raise ProblemRefused(NO_ATTACHMENT, code="no_attachment", number=problem.pk)
    checked = [attachment_files.check(uploaded) for uploaded in files]
    with _files_kept_only_on_success() as written, transaction.atomic():
        return _store(problem, actor, files, checked, now, written)


def _store(problem, actor, files, checked, now, written, *, message=None) -> list[Attachment]:
    stored = []
    for uploaded, found in zip(files, checked, strict=True):
        attachment = Attachment(
            problem=problem,
            message=message,
            original_name=found.name,
            size=found.size,
            content_type=found.content_type,
            uploaded_by=actor,
            created_at=now,
        )
        uploaded.seek(0)
        attachment.file.save(found.name, uploaded, save=False)
        written.append((attachment.file.storage, attachment.file.name))
        attachment.save()
        stored.append(attachment)
    return stored


@contextmanager
def _files_kept_only_on_success():
    """A list to which `_store` adds each file it writes; if the transaction around it
    fails, the files are deleted, so that no file outlives the row that named it."""
    written: list = []
    try:
        yield written
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise


# -- escalation ----------------------------------------------------------------------------


@dataclass
class Escalation:
    """What `escalate_overdue` did (or would do): the problems that rose to the centre and
    those at the centre newly marked overdue, by id."""

    risen: list[int] = field(default_factory=list)
    marked: list[int] = field(default_factory=list)
    # department id -> problem ids it received
    received: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))


_LATE_COLUMNS = (
    "pk",
    "state",
    "department_id",
    "level",
    "category__function",
    "category__deadline_days",
)


def escalate_overdue(*, today: date | None = None, dry_run: bool = False) -> Escalation:
    """Every open problem past its due date is marked overdue and rises one level: from the
    province's department to the centre's of the same function, which has the category's
    deadline from today. One already at the centre is only marked. Idempotent: a problem
    that rose has a new due date, and one marked is not marked again. Set-based, in one
    transaction."""
    now = timezone.now()
    today = today or timezone.localdate(now)
    result = Escalation()
    with transaction.atomic():
        late = (
            Problem.objects.select_for_update(of=("self",))
            .filter(state__in=OPEN, due_on__lt=today)
            .exclude(level=Level.CENTRE, overdue=True)
            .values_list(*_LATE_COLUMNS)
            .order_by("pk")
        )
        centres = _centre_departments()
        events, groups = [], defaultdict(list)
        for pk, state, department_id, level, function, days in late:
            if level == Level.CENTRE:
                result.marked.append(pk)
                target = department_id
            else:
                result.risen.append(pk)
                target = centres[function]
                result.received[target].append(pk)
            due = working_days_after(today, days) if level != Level.CENTRE else None
            groups[(target, due)].append(pk)
            events.append(
                ProblemEvent(
                    problem_id=pk,
                    action=Action.ESCALATE,
                    from_state=state,
                    to_state=state,
                    from_department_id=department_id,
                    to_department_id=target,
                    at=now,
                    details={"due_on": due.isoformat()} if due else {"marked_overdue": True},
                )
            )
        if dry_run:
            transaction.set_rollback(True)
            return result
        for (target, due), pks in groups.items():
            changes = {"overdue": True, "updated_at": now}
            if due is not None:
                changes |= {
                    "department_id": target,
                    "level": Level.CENTRE,
                    "due_on": due,
                    "escalated_at": now,
                }
            Problem.objects.filter(pk__in=pks).update(**changes)
        ProblemEvent.objects.bulk_create(events, batch_size=1000)
        received = {department: list(pks) for department, pks in result.received.items()}
        transaction.on_commit(lambda: notify.escalated(received))
    return result


def _centre_departments() -> dict[str, int]:
    return dict(Department.objects.filter(office__code=CENTRE_CODE).values_list("function", "pk"))


__all__ = [
    "Escalation",
    "accept",
    "add_note",
    "answer",
    "attach",
    "close",
    "escalate_overdue",
    "raise_problem",
    "recategorise",
    "reopen",
    "reroute",
    "send_up",
    "set_shareable",
    "take",
]


# -- steering committees' decisions ---------------------------------------------------------

NOT_IN_AREA = _("Problem no. %(number)s was raised outside the area of %(committee)s.")


def point_decision_at(*, decision, problems: Iterable[Problem]) -> None:
    """Let a steering committee's decision point at problems of its area: any problem for
    the centre's committee, one raised in its province for a province's. Pointing twice at
    the same problem changes nothing."""
    committee = decision.meeting.committee
    problems = list(problems)
    for problem in problems:
        if committee.office.level != "centre" and problem.office.province_id != committee.office_id:
            raise ProblemRefused(
                NOT_IN_AREA, code="decision_area", number=problem.pk, committee=committee.name
            )
    links = Problem.decisions.through
    links.objects.bulk_create(
        [links(problem_id=problem.pk, decision_id=decision.pk) for problem in problems],
        ignore_conflicts=True,
    )
