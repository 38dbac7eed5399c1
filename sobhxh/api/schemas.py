"""The shapes the API reads and answers, and how a row becomes one."""

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.books.selectors import WEB_ACTIONS
from sobhxh.intake.models import Upload
from sobhxh.problems.models import Message, Problem
from sobhxh.problems.states import State as ProblemStates
from sobhxh.reports.models import Report

from .pagination import DEFAULT_SIZE, MAX_SIZE


def _iso_day(value):
    """Only yyyy-mm-dd, as the document says: pydantic alone would also take a number of
    seconds since 1970 ("0") as a date."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise PydanticCustomError("date_parsing", "Enter a date as yyyy-mm-dd.")
    if isinstance(value, int | float):
        raise PydanticCustomError("date_parsing", "Enter a date as yyyy-mm-dd.")
    return value


Day = Annotated[date, BeforeValidator(_iso_day)]


class Error(Schema):
    detail: str
    # For a request that is not valid: each field and what is wrong with it.
    errors: list[dict[str, str]] | None = None


class PageQuery(Schema):
    cursor: str | None = Field(None, max_length=1000, description="`next` of the page before")
    limit: int = Field(DEFAULT_SIZE, ge=1, le=MAX_SIZE)


# -- books ---------------------------------------------------------------------------------


# Literal rather than the TextChoices: the book's and the problem's `State` would otherwise
# share one name in the OpenAPI document, and one would replace the other.
BookState = Literal.__getitem__(tuple(State.values))
ProblemState = Literal.__getitem__(tuple(ProblemStates.values))


class BookOut(Schema):
    number: str
    full_name: str
    birth_date: date
    birth_precision: str
    sex: str
    state: BookState  # type: ignore[valid-type]
    state_on: date
    waiting_reason: str
    employer_code: str
    employer_name: str
    office_code: str


def book_out(book: Book) -> dict:
    return {
        "number": book.number,
        "full_name": book.full_name,
        "birth_date": book.birth_date,
        "birth_precision": book.birth_precision,
        "sex": book.sex,
        "state": book.state,
        "state_on": book.state_on,
        "waiting_reason": book.waiting_reason,
        "employer_code": book.employer.code,
        "employer_name": book.employer.name,
        "office_code": book.office.code,
    }


class BookPage(Schema):
    items: list[BookOut]
    next: str | None


class PeriodOut(Schema):
    fund: str
    from_month: date
    to_month: date
    job: str
    wage: int
    rate: str | None


def period_out(period: Period) -> dict:
    return {
        "fund": period.fund,
        "from_month": period.from_month,
        "to_month": period.to_month,
        "job": period.job,
        "wage": period.wage,
        "rate": None if period.rate is None else str(period.rate),
    }


class PeriodPage(Schema):
    items: list[PeriodOut]
    next: str | None


class EventOut(Schema):
    id: int
    action: str
    from_state: str
    to_state: str
    happened_on: date
    recorded_at: datetime
    via: str
    actor: str | None
    details: dict[str, Any]


def event_out(event: BookEvent) -> dict:
    return {
        "id": event.pk,
        "action": event.action,
        "from_state": event.from_state,
        "to_state": event.to_state,
        "happened_on": event.happened_on,
        "recorded_at": event.recorded_at,
        "via": event.via,
        "actor": event.actor.get_username() if event.actor_id else None,
        "details": event.details or {},
    }


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


# The actions the web offers are the ones the API takes, no more.
ACTIONS = tuple(str(action.value) for action in WEB_ACTIONS)
WebAction = Literal.__getitem__(ACTIONS)


class MoveIn(Schema):
    action: WebAction = Field(description="What to record")  # type: ignore[valid-type]
    on: Day | None = Field(None, description="The business date; today when not given")
    details: dict[str, Any] = Field(
        default_factory=dict,
        description="What the action records (reasons, worker_words, receiver, reason, note…)",
    )


class MoveOut(Schema):
    book: BookOut
    event: EventOut


class ManyMoveIn(MoveIn):
    numbers: list[str] = Field(..., min_length=1, max_length=1000)


class Refusal(Schema):
    number: str
    detail: str


class ManyMoveOut(Schema):
    moved: int
    refused: list[Refusal]


# -- progress ------------------------------------------------------------------------------


class FiguresOut(Schema):
    unit: str
    name: str
    kind: str
    as_of: date
    books: int
    excluded: int
    due: int
    handed_over: int
    percent: float | None
    target_percent: float | None
    behind: bool
    by_state: dict[str, int]
    children: list["FiguresOut"] = Field(default_factory=list)


class FiguresPage(Schema):
    items: list[FiguresOut]
    next: str | None


def figures_out(figures) -> dict:
    data = figures.as_dict()
    data["kind"] = figures.kind
    data["children"] = [{**child, "kind": kid.kind} for child, kid in zip(
        data["children"], figures.children, strict=True)]  # fmt: skip
    return data


# -- uploads -------------------------------------------------------------------------------


class UploadOut(Schema):
    id: int
    status: str
    file_names: list[str]
    dry_run: bool
    office_code: str | None
    rows_total: int | None
    rows_done: int
    created_at: datetime
    finished_at: datetime | None
    summary: dict[str, Any] | None
    message: str
    has_report: bool


def upload_out(upload: Upload, *, message: str, rows_done: int) -> dict:
    return {
        "id": upload.pk,
        "status": upload.status,
        "file_names": upload.file_names,
        "dry_run": upload.dry_run,
        "office_code": upload.office.code if upload.office_id else None,
        "rows_total": upload.rows_total,
        "rows_done": rows_done,
        "created_at": upload.created_at,
        "finished_at": upload.finished_at,
        "summary": upload.summary,
        "message": message,
        "has_report": bool(upload.report),
    }


class UploadPage(Schema):
    items: list[UploadOut]
    next: str | None


# -- problems ------------------------------------------------------------------------------


class MessageOut(Schema):
    kind: str
    author: str
    text: str
    created_at: datetime


def message_out(message: Message) -> dict:
    return {
        "kind": message.kind,
        "author": message.author.get_username(),
        "text": message.text,
        "created_at": message.created_at,
    }


class ProblemOut(Schema):
    id: int
    title: str
    description: str
    category: str
    state: str
    level: str
    office_code: str
    department: str | None
    due_on: date
    overdue: bool
    created_at: datetime
    updated_at: datetime
    answered_at: datetime | None
    messages: list[MessageOut] | None = None


def problem_out(problem: Problem, messages=None) -> dict:
    data = {
        "id": problem.pk,
        "title": problem.title,
        "description": problem.description,
        "category": problem.category.code,
        "state": problem.state,
        "level": problem.level,
        "office_code": problem.office.code,
        "department": problem.department.name if problem.department_id else None,
        "due_on": problem.due_on,
        "overdue": problem.overdue,
        "created_at": problem.created_at,
        "updated_at": problem.updated_at,
        "answered_at": problem.answered_at,
    }
    if messages is not None:
        data["messages"] = [message_out(message) for message in messages]
    return data


class ProblemPage(Schema):
    items: list[ProblemOut]
    next: str | None


class ProblemIn(Schema):
    category: str = Field(..., max_length=40, description="A category code")
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=20000)
    employer: str | None = Field(None, max_length=40, description="An employer code")
    books: list[str] = Field(default_factory=list, max_length=100)


class AnswerIn(Schema):
    text: str = Field(..., max_length=20000)


# -- reports -------------------------------------------------------------------------------


class ReportOut(Schema):
    id: int
    number: str
    office_code: str
    month: date
    version: int
    form: str
    due_on: date
    submitted_by: str
    submitted_at: datetime
    late: bool
    decision: str | None
    figures: dict[str, Any] | list[Any] | None = None
    difficulties: str | None = None
    proposals: str | None = None


def report_out(report: Report, *, full: bool = False) -> dict:
    decision = getattr(report, "decision", None)
    data = {
        "id": report.pk,
        "number": report.number,
        "office_code": report.office.code,
        "month": report.month,
        "version": report.version,
        "form": report.form,
        "due_on": report.due_on,
        "submitted_by": report.submitted_by_name,
        "submitted_at": report.submitted_at,
        "late": report.late,
        "decision": decision.outcome if decision else None,
    }
    if full:
        data.update(
            figures=report.figures, difficulties=report.difficulties, proposals=report.proposals
        )
    return data


class ReportPage(Schema):
    items: list[ReportOut]
    next: str | None
