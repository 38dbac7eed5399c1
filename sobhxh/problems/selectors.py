"""Reads of the problems app. Every list that serves a user starts from
`visible_problems(user)`, which is `accounts.scope.problems`: the one door for visibility.

Who sees what:

- a central user: every problem (the centre is above every office);
- a province user: the problems raised from the province or any of its districts (the
  province's departments answer them, and see those sent up to the centre too);
- a district user: the problems raised from the district (its own, and its employers');
- an employer user: only the problems raised by its employer's users, and in their thread
  no internal note;
- anyone else: nothing. Out of scope and nonexistent both answer 404.

The API (each returns a queryset unless it says otherwise):

- `visible_problems(user)`, `problem_or_404(user, pk)`; `problem_list(user, ...)`: the
  list page's filters over them, each marked `late`; `is_late(problem)`: the overdue mark
  a page shows;
- `sides(user, problem)`: the sides of the state table the user is on for this problem;
  `allowed_actions(user, problem)`: what a page may offer them;
- `thread(problem, user)`: the messages the user may read, oldest first;
  `attachment_or_404(user, pk)`: a file the user may download;
- `history(problem)`: the events, oldest first;
- `inbox(user)`: open problems routed to the user's department, overdue first;
  `sent_up(user)`: for Book and Card at the centre, every open problem at the centre;
- `answered_questions(query)`, `answered_question_or_404(pk)`: resolved and shared
  problems, searched with or without diacritics; `similar_answered(title)`: a list of
  the best matches, suggested before a new problem is sent;
- `categories()`: the active tree, [(top, [subcategories])];
- `raiser_office(user)`: the office a problem the user raises is raised from;
- `figures(user, by=...)`: a list of `Figure` rows per department, office or category;
  `may_see_figures(user)`, `may_read_answered(user)`: who the figures and the answered
  questions are for.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.books.text import fold
from sobhxh.organisation.models import Department, Function
from sobhxh.organisation.selectors import department_of
from sobhxh.units.models import CENTRE_CODE, Employer, Office

from . import states
from .models import Attachment, Category, Level, Message, Problem, ProblemEvent
from .states import OPEN, Side, State

# Syllables too common to tell one question from another.
COMMON = frozenset(
    [
        "va",
        "cua",
        "cho",
        "la",
        "co",
        "khong",
        "duoc",
        "nhu",
        "thi",
        "mot",
        "cac",
        "nhung",
        "trong",
        "khi",
        "de",
        "voi",
        "tai",
        "ve",
        "den",
        "nay",
        "do",
        "da",
        "bi",
        "o",
        "can",
        "hoi",
        "xin",
        "thuoc",
        "theo",
        "tu",
        "ra",
        "vao",
        "len",
    ]
)
SUGGESTION_CANDIDATES = 200


def visible_problems(user) -> QuerySet[Problem]:
    return scope.problems(user)


def problem_or_404(user, pk) -> Problem:
    return scope.problem_or_404(user, pk)


def _late(today: date) -> Q:
    # Marked overdue (kept once set), or still waiting past its due date.
    return Q(overdue=True) | Q(state__in=OPEN, due_on__lt=today)


def is_late(problem: Problem, today: date | None = None) -> bool:
    """Whether a page marks `problem` overdue (the same rule as `problem_list`'s `late`)."""
    today = today or timezone.localdate()
    return problem.overdue or (problem.state in OPEN and problem.due_on < today)


def problem_list(
    user,
    *,
    state: str = "",
    category: Category | None = None,
    function: str = "",
    level: str = "",
    late_only: bool = False,
    today: date | None = None,
) -> QuerySet[Problem]:
    """The problems the user may see, newest first, narrowed by state, category (a top-level
    one takes in its subcategories), the function of the department they are with, their
    level, and whether they are late; each annotated `late`."""
    late = _late(today or timezone.localdate())
    found = visible_problems(user)
    if state:
        found = found.filter(state=state)
    if category is not None:
        found = found.filter(Q(category=category) | Q(category__parent=category))
    if function:
        found = found.filter(department__function=function)
    if level:
        found = found.filter(level=level)
    if late_only:
        found = found.filter(late)
    marked = Case(When(late, then=Value(True)), default=Value(False), output_field=BooleanField())
    return _listed(found).annotate(late=marked).order_by("-pk")


def raiser_office(user) -> Office | None:
    """Where a problem the user raises comes from: their office; the centre for a central
    user; the managing office of their employer for an employer user."""
    found = scope.place(user)
    if found is None:
        return None
    if found.role == Role.CENTRAL:
        return Office.objects.filter(code=CENTRE_CODE).first()
    if found.role == Role.EMPLOYER:
        employer = Employer.objects.select_related("office").filter(pk=found.employer_id).first()
        return employer.office if employer else None
    return Office.objects.filter(pk=found.office_id).first()


def sides(user, problem: Problem) -> frozenset[str]:
    """The sides of the state table (`states.Side`) `user` is on for `problem`; no user is
    the system."""
    if user is None:
        return frozenset({Side.SYSTEM})
    found = scope.place(user)
    if found is None:
        return frozenset()
    result = set()
    if _is_raiser(user, found, problem):
        result.add(Side.RAISER)
    department = department_of(user)
    if department is not None:
        if department.pk == problem.department_id:
            result.add(Side.DEPARTMENT)
        if _is_focal(department) and problem.level == Level.CENTRE:
            result.add(Side.FOCAL)
    return frozenset(result)


def _is_raiser(user, found: scope.Place, problem: Problem) -> bool:
    if user.pk == problem.raised_by_id:
        return True
    match found.role:
        case Role.EMPLOYER:
            return found.employer_id == problem.raiser_employer_id
        case Role.PROVINCE | Role.DISTRICT:
            return found.office_id == problem.office_id
        case Role.CENTRAL:
            return problem.office.code == CENTRE_CODE
    return False


def _is_focal(department: Department) -> bool:
    return department.function == Function.BOOK_CARD and department.office.code == CENTRE_CODE


def allowed_actions(user, problem: Problem) -> list[str]:
    return states.allowed_actions(problem.state, sides(user, problem))


def may_write_notes(user) -> bool:
    """Internal notes are the agency's: any staff user, never an employer's."""
    return scope.role(user) in {Role.CENTRAL, Role.PROVINCE, Role.DISTRICT}


def may_attach(user, problem: Problem) -> bool:
    """Files are added to an unsettled problem by its raiser's side or the departments
    handling it."""
    return problem.state not in states.FINAL and bool(sides(user, problem))


def may_read_answered(user) -> bool:
    """The answered questions are shared within the agency: its staff read them (and are
    offered them before raising a problem); an employer's users do not, since a question
    may name another employer's workers."""
    return may_write_notes(user)


def may_see_figures(user) -> bool:
    """The figures are for those who follow the offices: the centre and the provinces."""
    return scope.role(user) in {Role.CENTRAL, Role.PROVINCE}


def thread(problem: Problem, user) -> QuerySet[Message]:
    """The messages of `problem` `user` may read, oldest first, with their files."""
    messages = problem.messages.select_related("author").prefetch_related("attachments")
    if not may_write_notes(user):
        messages = messages.exclude(kind=Message.Kind.NOTE)
    return messages.order_by("created_at", "id")


def attachment_or_404(user, pk) -> Attachment:
    """A file of a problem the user may see, unless it belongs to an internal note the user
    may not read."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    found = (
        Attachment.objects.select_related("message")
        .filter(pk=pk, problem__in=visible_problems(user))
        .first()
    )
    if found is None or (
        found.message is not None
        and found.message.kind == Message.Kind.NOTE
        and not may_write_notes(user)
    ):
        raise Http404
    return found


def history(problem: Problem) -> QuerySet[ProblemEvent]:
    return problem.events.select_related(
        "actor", "from_department__office", "to_department__office"
    ).order_by("id")


def _listed(problems: QuerySet[Problem]) -> QuerySet[Problem]:
    return problems.select_related("category__parent", "department__office", "office")


def _late_first(problems: QuerySet[Problem], today: date) -> QuerySet[Problem]:
    late = Case(
        When(Q(overdue=True) | Q(due_on__lt=today), then=Value(1)),
        default=Value(0),
        output_field=IntegerField(),
    )
    return problems.annotate(late=late).order_by("-late", "due_on", "pk")


def inbox(user, *, today: date | None = None) -> QuerySet[Problem]:
    """Open problems waiting for the user's department, overdue first, then by due date.
    Empty for a user of no department."""
    department = department_of(user)
    if department is None:
        return Problem.objects.none()
    waiting = Problem.objects.filter(department=department, state__in=OPEN)
    return _late_first(_listed(waiting), today or timezone.localdate())


def sent_up(user, *, today: date | None = None) -> QuerySet[Problem]:
    """For a member of Book and Card at the centre, the focal point: every open problem at
    the centre, whichever department it waits for. Empty for anyone else."""
    department = department_of(user)
    if department is None or not _is_focal(department):
        return Problem.objects.none()
    waiting = Problem.objects.filter(level=Level.CENTRE, state__in=OPEN)
    return _late_first(_listed(waiting), today or timezone.localdate())


# -- answered questions --------------------------------------------------------------------


def search_key(*texts: str) -> str:
    """The folded text `Problem.search_text` holds: single spaces, with one at each end, so
    that a word is found at the start of a syllable (" hiem" in " bao hiem xa hoi ")."""
    # fold's cache is for names; descriptions are long and seen once.
    return f" {fold.__wrapped__(' '.join(texts))} "


def answered() -> QuerySet[Problem]:
    return Problem.objects.filter(state=State.RESOLVED, shareable=True)


def answered_questions(query: str = "") -> QuerySet[Problem]:
    """Resolved problems shared with everyone, newest first; with a query, those whose title,
    description or resolution has each of its words at the start of a syllable, with or
    without diacritics ("so bhxh" finds "Sổ BHXH"). Open to every user: a department shares
    a problem to make its answer public within the agency."""
    found = answered()
    for word in fold(query).split():
        found = found.filter(search_text__contains=f" {word}")
    return found.select_related("category__parent", "resolution").order_by("-resolved_at", "-pk")


def answered_question_or_404(pk) -> Problem:
    try:
        return answered_questions().get(pk=int(pk))
    except (TypeError, ValueError, Problem.DoesNotExist):
        raise Http404 from None


def similar_answered(title: str, *, limit: int = 5) -> list[Problem]:
    """Answered questions that share the most words with `title`, words of their titles
    counting twice: what to suggest before a problem is sent."""
    words = [word for word in dict.fromkeys(fold(title).split()) if word not in COMMON]
    if not words:
        return []
    matches_any = Q()
    for word in words:
        matches_any |= Q(search_text__contains=f" {word} ")
    candidates = list(answered_questions().filter(matches_any)[:SUGGESTION_CANDIDATES])

    def score(problem: Problem) -> tuple[int, float]:
        in_title = set(fold(problem.title).split())
        hits = sum(
            (2 if word in in_title else 1) for word in words if f" {word} " in problem.search_text
        )
        return hits, problem.resolved_at.timestamp()

    return sorted(candidates, key=score, reverse=True)[:limit]


def categories() -> list[tuple[Category, list[Category]]]:
    """The active categories as a tree: each top-level one and its subcategories."""
    active = list(Category.objects.filter(active=True).order_by("position", "code"))
    children = defaultdict(list)
    for category in active:
        if category.parent_id:
            children[category.parent_id].append(category)
    return [(top, children[top.pk]) for top in active if top.parent_id is None]


# -- figures ---------------------------------------------------------------------------------

# What a figure row may be grouped by: the column, and how its label is found.
GROUPS = {
    "department": ("department_id", Department.objects.select_related("office")),
    "office": ("office_id", Office.objects.all()),
    "category": ("category_id", Category.objects.select_related("parent")),
}


@dataclass(frozen=True)
class Figure:
    """One row of the figures: its group (objects, in the order `by` named them) and its
    counts. `median_days` is the median of calendar days from raising to resolution."""

    group: tuple
    open: int
    overdue: int
    answered: int
    answered_in_time: int
    resolved: int
    median_days: float | None

    @property
    def label(self) -> str:
        return " – ".join(str(part) for part in self.group)


def figures(
    user,
    *,
    by: tuple[str, ...] = ("department",),
    today: date | None = None,
    problems: QuerySet[Problem] | None = None,
) -> list[Figure]:
    """Per department, office or category (or several: `by=("office", "category")`), of the
    problems the user may see (or `problems`, narrowed from them): open, overdue (open and
    past due or marked), answered, answered in time, resolved, and the median time to
    resolution."""
    today = today or timezone.localdate()
    columns = [GROUPS[name][0] for name in by]
    scoped = visible_problems(user) if problems is None else problems
    is_open = Q(state__in=OPEN)
    rows = (
        scoped.values(*columns)
        .annotate(
            open=Count("pk", filter=is_open),
            overdue=Count("pk", filter=is_open & (Q(overdue=True) | Q(due_on__lt=today))),
            answered=Count("pk", filter=Q(answered_in_time__isnull=False)),
            answered_in_time=Count("pk", filter=Q(answered_in_time=True)),
            resolved=Count("pk", filter=Q(state=State.RESOLVED)),
        )
        .order_by(*columns)
    )
    medians = (
        median_days_in_sql(scoped, columns)
        if connection.vendor == "postgresql"
        else median_days_plain(scoped, columns)
    )
    labels = {name: GROUPS[name][1].in_bulk({row[GROUPS[name][0]] for row in rows}) for name in by}
    return [
        Figure(
            group=tuple(labels[name][row[GROUPS[name][0]]] for name in by),
            open=row["open"],
            overdue=row["overdue"],
            answered=row["answered"],
            answered_in_time=row["answered_in_time"],
            resolved=row["resolved"],
            median_days=_rounded(medians.get(tuple(row[c] for c in columns))),
        )
        for row in rows
    ]


class _MedianDays(Aggregate):
    """PostgreSQL's median of the days from raising to resolution."""

    template = (
        "percentile_cont(0.5) WITHIN GROUP "
        "(ORDER BY EXTRACT(EPOCH FROM (%(expressions)s))::double precision / 86400)"
    )
    output_field = FloatField()


def median_days_in_sql(problems: QuerySet[Problem], columns: list[str]) -> dict[tuple, float]:
    """{group: median days to resolution} of the resolved `problems`, computed by the
    database: a row per group instead of a row per resolved problem (issue 16: 720 ms for
    30,000 problems read one by one). The fast twin of `median_days_plain`."""
    rows = (
        problems.filter(state=State.RESOLVED)
        .values(*columns)
        .annotate(median=_MedianDays(F("resolved_at") - F("created_at")))
        .values_list(*columns, "median")
    )
    return {tuple(key): median for *key, median in rows}


def median_days_plain(problems: QuerySet[Problem], columns: list[str]) -> dict[tuple, float]:
    """The same as `median_days_in_sql`, by reading every resolved problem's two dates:
    plainly right, and what SQLite (no `percentile_cont`) runs."""
    durations = defaultdict(list)
    for *key, raised, resolved in problems.filter(state=State.RESOLVED).values_list(
        *columns, "created_at", "resolved_at"
    ):
        durations[tuple(key)].append((resolved - raised).total_seconds() / 86400)
    return {key: statistics.median(values) for key, values in durations.items()}


def _rounded(days: float | None) -> float | None:
    return None if days is None else round(days, 1)


def problems_numbered(user, numbers) -> tuple[list[Problem], list[int]]:
    """The problems of `numbers` the user may see, in the order given, and the numbers of
    those they may not (or that do not exist: the same answer, as for a page)."""
    found = visible_problems(user).select_related("office").in_bulk(list(numbers))
    return [found[n] for n in numbers if n in found], [n for n in numbers if n not in found]


def problems_of_decision(decision, user) -> QuerySet[Problem]:
    """The problems a committee's decision points at that the user may see."""
    return visible_problems(user).filter(decisions=decision).order_by("pk")


def decisions_about(problem) -> list:
    """The steering committees' decisions that point at `problem`, newest meeting first."""
    return list(
        problem.decisions.select_related("meeting__committee__office", "owner__user").order_by(
            "-meeting__held_on", "pk"
        )
    )


def may_link_upload(user, upload) -> bool:
    """A problem may name an upload its raiser made, or one made for an office they see."""
    if upload.user_id == user.pk:
        return True
    return upload.office_id is not None and scope.offices(user).filter(pk=upload.office_id).exists()
