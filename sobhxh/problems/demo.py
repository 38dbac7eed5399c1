"""Demo problems: thousands of them, raised by districts, provinces and employers over
2017–2018, each played out as the services would play it, and written in bulk.

`Planner(world, rng).plan(count)` decides each problem's story (who raises it, under which
category, who takes it, notes, sending up, the answer, the raiser accepting or reopening,
sharing, closing) and plays it on a `_Play`, which applies each move as `services` does:
the state table (`states.target_state`), routing (the department of the category's
function in the raiser's province, or the centre's), due dates in working days
(`deadlines.working_days_after` from the day a department receives it), the resolution
and the folded search text. The escalation command is taken to run every day at 07:00 in
Hà Nội until `DEMO_END`: whenever a story leaves a problem open past its due date, it
rises to the centre (or, already there, is marked overdue) before the story goes on, as
the daily `escalate_problems` would have done.

A plan is the list of `ProblemPlan`s, each with its `steps` (what a person or the command
did, and when) and the rows it leads to; `write(plans)` writes the rows in bulk with
explicit ids. `tests/test_demo.py` replays the steps through the services and the daily
escalation and finds the same problems, history and thread.
"""

import json
import random
from bisect import bisect
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from django.db import connection
from django.db.models import Count

from sobhxh.books.demo.places import DEFAULT_PROVINCE_WEIGHT, PROVINCE_WEIGHTS
from sobhxh.db.bulk import db_dates, write_rows
from sobhxh.organisation.models import Department
from sobhxh.units.models import CENTRE_CODE, Employer, Office

from . import demo_texts
from .deadlines import working_days_after
from .models import Category, Level, Message, Problem, ProblemEvent
from .selectors import search_key
from .states import OPEN, Action, State, target_state

FIRST_RAISED = date(2017, 1, 9)
LAST_RAISED = date(2018, 12, 28)
# The last day the daily escalation ran and anyone acted: the campaign's end.
DEMO_END = date(2018, 12, 31)
# 07:00 in Hà Nội: when the daily escalation runs (people act from 08:00).
ESCALATION_TIME = time(0, 0)
END_MOMENT = datetime.combine(DEMO_END, time(16, 59), tzinfo=UTC)
RECENT_SHARE = 0.03
NOTE = "note"  # a step that writes an internal note (no history entry, as `add_note`)

# Where problems are raised from: a district office, the province's own staff, an employer.
RAISERS = (("district", 60), ("province", 25), ("employer", 15))
CATEGORY_WEIGHTS = {
    "procedure-review": 9, "procedure-handover": 9, "procedure-papers": 5,
    "procedure-duplicate": 6, "procedure-untraceable": 6,
    "software-fault": 9, "software-data": 6, "software-printing": 5, "software-accounts": 3,
    "money-rates": 3, "money-budget": 3, "money-settlement": 2, "money-postage": 2,
    "revenue-arrears": 10, "revenue-wage": 5, "revenue-refund": 2, "revenue-dissolved": 3,
    "benefits-periods": 4, "benefits-claims": 3, "benefits-deceased": 2,
    "other-general": 3,
}  # fmt: skip
PROBLEM_COLUMNS = (
    "id", "title", "description", "category_id", "raised_by_id", "office_id",
    "raiser_employer_id", "employer_id", "state", "department_id", "level", "due_on", "overdue",
    "escalated_at", "shareable", "resolution_id", "answered_at", "answered_in_time",
    "resolved_at", "created_at", "updated_at", "search_text",
)  # fmt: skip
EVENT_COLUMNS = (
    "id", "problem_id", "action", "from_state", "to_state", "from_department_id",
    "to_department_id", "actor_id", "at", "note", "details",
)  # fmt: skip
MESSAGE_COLUMNS = ("id", "problem_id", "kind", "author_id", "text", "created_at")


@dataclass(frozen=True)
class Step:
    """What happened to a problem: an action of `states.Action` (or `NOTE`), by `actor` (a
    user id; None for the command), at `at`, with its text (answer, note, reason) and, for a
    recategorisation, the new category."""

    at: datetime
    action: str
    actor: int | None
    text: str = ""
    category_id: int | None = None


@dataclass
class ProblemPlan:
    id: int
    title: str
    description: str
    category_id: int
    raised_by: int
    office_id: int
    raiser_employer_id: int | None
    employer_id: int | None
    created_at: datetime
    steps: list[Step] = field(default_factory=list)
    row: list = field(default_factory=list)  # PROBLEM_COLUMNS
    events: list[tuple] = field(default_factory=list)  # EVENT_COLUMNS without the ids
    messages: list[tuple] = field(default_factory=list)  # MESSAGE_COLUMNS without the ids


@dataclass
class World:
    """What the planner needs to know of the database, read once."""

    categories: dict[int, tuple[str, str, int]]  # id -> (code, function, deadline days)
    centre_id: int
    province_of: dict[int, int]  # office id -> its province's id (itself for a province)
    office_names: dict[int, str]
    departments: dict[tuple[int, str], int]  # (office id, function) -> department id
    centre_departments: dict[str, int]
    staff: object  # accounts.demo.Staff
    districts: dict[int, list[tuple[int, int]]]  # province -> [(district, employers)]
    employers: dict[int, list[int]]  # office id -> employers it manages
    employer_names: dict[int, str]
    employer_office: dict[int, int]
    codes: dict[int, str] = field(default_factory=dict)  # office id -> code
    # Where the demo users raise from: demo-huyen's district office, demo-donvi's employer.
    demo_raisers: tuple[int | None, int | None] = (None, None)

    @classmethod
    def read(cls, staff, demo_raisers=(None, None)) -> "World":
        offices = list(Office.objects.values_list("pk", "code", "name", "level", "province_id"))
        centre_id = next(pk for pk, code, *_rest in offices if code == CENTRE_CODE)
        departments = {
            (office_id, function): pk
            for pk, office_id, function in Department.objects.values_list(
                "pk", "office_id", "function"
            )
        }
        counts = dict(
            Employer.objects.values("office_id")
            .annotate(n=Count("pk"))
            .values_list("office_id", "n")
        )
        districts: dict[int, list[tuple[int, int]]] = {}
        for pk, _code, _name, level, province_id in sorted(offices, key=lambda o: o[1]):
            if level == Office.Level.DISTRICT and pk in staff.district:
                districts.setdefault(province_id, []).append((pk, counts.get(pk, 0)))
        employers: dict[int, list[int]] = {}
        names, employer_office = {}, {}
        for pk, office_id, name in Employer.objects.order_by("pk").values_list(
            "pk", "office_id", "name"
        ):
            employers.setdefault(office_id, []).append(pk)
            names[pk], employer_office[pk] = name, office_id
        categories = {
            pk: (code, function, days)
            for pk, code, function, days in Category.objects.filter(
                active=True, parent__isnull=False
            ).values_list("pk", "code", "function", "deadline_days")
        }
        return cls(
            categories=categories,
            centre_id=centre_id,
            province_of={pk: province_id for pk, _c, _n, _l, province_id in offices},
            office_names={
                pk: name if level == "centre" else f"BHXH {name}"
                for pk, _c, name, level, _p in offices
            },
            departments=departments,
            centre_departments={
                function: pk
                for (office, function), pk in departments.items()
                if office == centre_id
            },
            staff=staff,
            districts=districts,
            employers=employers,
            employer_names=names,
            employer_office=employer_office,
            codes={pk: code for pk, code, *_rest in offices},
            demo_raisers=tuple(demo_raisers),
        )


class _Weighted:
    def __init__(self, pairs):
        self.values = [value for value, _weight in pairs]
        self.cum = list(accumulate(weight for _value, weight in pairs))

    def draw(self, rng: random.Random):
        return self.values[bisect(self.cum, rng.random() * self.cum[-1], 0, len(self.cum) - 1)]


def _local(moment: datetime) -> date:
    # Hà Nội is UTC+7 all year.
    return (moment + timedelta(hours=7)).date()


def _escalation_moment(day: date) -> datetime:
    return datetime.combine(day, ESCALATION_TIME, tzinfo=UTC)


class _Play:
    """One problem played move by move, as the services would apply each move: the
    problem's columns, its history and its thread."""

    def __init__(self, plan: ProblemPlan, world: World):
        self.plan, self.world = plan, world
        self.category_id = plan.category_id
        self.state = State.NEW.value
        self.overdue = False
        self.shareable = False
        self.escalated_at = self.resolution = self.answered_at = None
        self.answered_in_time = self.resolved_at = None
        self.updated_at = plan.created_at
        self.search_text = search_key(plan.title, plan.description)
        self.department_id, self.level, self.due_on = self._route(
            self._function(), plan.created_at, nearest=True
        )
        self._event(plan.created_at, Action.RAISE, plan.raised_by, from_state="")
        plan.steps.append(Step(plan.created_at, Action.RAISE, plan.raised_by))

    # -- routing -------------------------------------------------------------------------

    def _function(self) -> str:
        return self.world.categories[self.category_id][1]

    def _days(self) -> int:
        return self.world.categories[self.category_id][2]

    def _route(self, function, now, *, nearest) -> tuple[int, str, date]:
        """(department, level, due date) of the department of `function` that answers for
        the problem's office: the province's (`nearest`) or the centre's."""
        province = self.world.province_of[self.plan.office_id]
        department = self.world.departments.get((province, function)) if nearest else None
        if department is None:
            department = self.world.centre_departments[function]
        level = Level.PROVINCE if province is not None and nearest else Level.CENTRE
        return department, level.value, working_days_after(_local(now), self._days())

    @property
    def is_open(self) -> bool:
        return self.state in OPEN

    # -- the moves -----------------------------------------------------------------------

    def _event(
        self,
        at,
        action,
        actor,
        *,
        from_state=None,
        from_department=None,
        note="",
        details=None,
        to_department=None,
    ):
        self.plan.events.append(
            (
                self.plan.id,
                str(action),
                self.state if from_state is None else from_state,
                self.state,
                from_department,
                to_department or self.department_id,
                actor,
                at,
                note,
                details or {},
            )
        )

    def escalate_if_due(self, until: datetime) -> bool:
        """Run the daily escalation up to `until`: True when the problem rose to the centre
        (the province's plans for it are off)."""
        while self.is_open and not (self.level == Level.CENTRE and self.overdue):
            day = self.due_on + timedelta(days=1)
            moment = _escalation_moment(day)
            if moment > until or day > DEMO_END:
                return False
            before = self.department_id
            self.overdue = True
            self.updated_at = moment
            if self.level == Level.CENTRE:
                details = {"marked_overdue": True}
            else:
                self.department_id = self.world.centre_departments[self._function()]
                self.level = Level.CENTRE.value
                self.due_on = working_days_after(day, self._days())
                self.escalated_at = moment
                details = {"due_on": self.due_on.isoformat()}
            self._event(moment, Action.ESCALATE, None, from_department=before, details=details)
            self.plan.steps.append(Step(moment, Action.ESCALATE, None))
            if self.level == Level.CENTRE and before != self.department_id:
                return True
        return False

    def move(self, step: Step) -> None:
        """Apply a step of a person, as the service of its action does."""
        self.plan.steps.append(step)
        action, at, actor = step.action, step.at, step.actor
        if action == NOTE:
            self.plan.messages.append((self.plan.id, Message.Kind.NOTE.value, actor, step.text, at))
            return
        target = target_state(action, self.state)
        assert target is not None, f"demo broke the state table: {action} from {self.state}"
        before = self.state
        self.updated_at = at
        if action == Action.ANSWER:
            self.plan.messages.append(
                (self.plan.id, Message.Kind.ANSWER.value, actor, step.text, at)
            )
            self.resolution = len(self.plan.messages) - 1
            self.answered_at = at
            self.answered_in_time = not self.overdue and _local(at) <= self.due_on
            self.search_text = search_key(self.plan.title, self.plan.description, step.text)
        elif action == Action.ACCEPT:
            self.resolved_at = at
        elif action == Action.REOPEN:
            self.resolution = self.answered_in_time = self.answered_at = None
            self.due_on = working_days_after(_local(at), self._days())
            self.search_text = search_key(self.plan.title, self.plan.description)
        elif action in (Action.SEND_UP, Action.RECATEGORISE):
            details = {}
            function = self._function()
            if action == Action.RECATEGORISE:
                details = {
                    "from_category": self.world.categories[self.category_id][0],
                    "to_category": self.world.categories[step.category_id][0],
                }
                self.category_id = step.category_id
                function = self._function()
            nearest = action == Action.RECATEGORISE and self.level == Level.PROVINCE
            department, level, due_on = self._route(function, at, nearest=nearest)
            if department == self.department_id:  # recategorised within the department
                self._event(at, action, actor, note=step.text, details=details)
                return
            before_department = self.department_id
            self.department_id, self.level, self.due_on = department, level, due_on
            details["due_on"] = due_on.isoformat()
            self._event(
                at,
                action,
                actor,
                from_department=before_department,
                note=step.text,
                details=details,
            )
            return
        elif action == Action.SHARE:
            self.shareable = True
        self.state = target
        note = step.text if action in (Action.REOPEN, Action.CLOSE) else ""
        self._event(at, action, actor, from_state=before, note=note)

    def finish(self) -> None:
        plan = self.plan
        plan.row = [
            plan.id,
            plan.title,
            plan.description,
            self.category_id,
            plan.raised_by,
            plan.office_id,
            plan.raiser_employer_id,
            plan.employer_id,
            self.state,
            self.department_id,
            self.level,
            self.due_on,
            self.overdue,
            self.escalated_at,
            self.shareable,
            self.resolution,
            self.answered_at,
            self.answered_in_time,
            self.resolved_at,
            plan.created_at,
            self.updated_at,
            self.search_text,
        ]


class Planner:
    """Plans demo problems over the `world`, from one `random.Random`."""

    def __init__(self, world: World, rng: random.Random):
        self.world, self.rng = world, rng
        codes = {code: pk for pk, (code, _f, _d) in world.categories.items()}
        self.categories = _Weighted(
            [(codes[code], weight) for code, weight in CATEGORY_WEIGHTS.items() if code in codes]
        )
        provinces = [p for p in sorted(world.districts) if world.districts[p]]
        self.provinces = _Weighted(
            [(p, PROVINCE_WEIGHTS.get(world.codes[p], DEFAULT_PROVINCE_WEIGHT)) for p in provinces]
        )
        self.raisers = _Weighted(RAISERS)
        self.employer_users: dict[int, list[int]] = {}
        for employer_id in sorted(world.staff.employer):
            province = world.province_of[world.employer_office[employer_id]]
            self.employer_users.setdefault(province, []).append(employer_id)
        self.span = (LAST_RAISED - FIRST_RAISED).days

    def plan(self, count: int, *, first_id: int = 1) -> list[ProblemPlan]:
        """`count` problems, numbered from `first_id` in the order they were raised."""
        starts = sorted(self._raised_at() for _ in range(count))
        plans = []
        for index, created_at in enumerate(starts):
            plan = self._problem(first_id + index, created_at, index)
            play = _Play(plan, self.world)
            self._story(play)
            play.finish()
            plans.append(plan)
        return plans

    # -- who raises what -------------------------------------------------------------------

    def _raised_at(self) -> datetime:
        rng = self.rng
        # More problems as the campaign gathers pace; a last rush before it ends, still
        # waiting in the provinces' inboxes.
        if rng.random() < RECENT_SHARE:
            day = LAST_RAISED - timedelta(days=rng.randrange(12))
        else:
            day = FIRST_RAISED + timedelta(days=int(self.span * rng.betavariate(1.6, 1.4)))
        day = working_days_after(day - timedelta(days=1), 1)
        return datetime.combine(day, time(1 + rng.randrange(9), rng.randrange(60)), tzinfo=UTC)

    def _problem(self, pk: int, created_at: datetime, index: int) -> ProblemPlan:
        rng, world = self.rng, self.world
        category_id = self.categories.draw(rng)
        code, function, _days = world.categories[category_id]
        province = self.provinces.draw(rng)
        kind = self.raisers.draw(rng)
        demo_district, demo_employer = world.demo_raisers
        if index % 50 == 7 and demo_district:
            kind = "demo-district"
        elif index % 50 == 23 and demo_employer:
            kind = "demo-employer"
        elif kind == "employer" and not self.employer_users.get(province):
            kind = "district"
        employer_id = raiser_employer = None
        if kind in ("employer", "demo-employer"):
            if kind == "employer":
                raiser_employer = rng.choice(self.employer_users[province])
            else:
                raiser_employer = demo_employer
            raised_by = world.staff.employer[raiser_employer]
            office_id = world.employer_office[raiser_employer]
            employer_id = raiser_employer
        elif kind == "province":
            office_id = province
            colleagues = [
                users[0]
                for (office, other), department in sorted(world.departments.items())
                if office == province and other != function
                if (users := world.staff.department.get(department))
            ]
            raised_by = rng.choice(colleagues)
        else:
            if kind == "demo-district":
                office_id = demo_district
            else:
                districts = world.districts[province]
                cum = list(accumulate(n + 1 for _district, n in districts))
                office_id = districts[bisect(cum, rng.random() * cum[-1], 0, len(cum) - 1)][0]
            raised_by = world.staff.district[office_id]
        if employer_id is None and world.employers.get(office_id) and rng.random() < 0.6:
            employer_id = rng.choice(world.employers[office_id])
        title, description, _answer = rng.choice(demo_texts.TEXTS[code])
        values = self._blanks(office_id, employer_id)
        return ProblemPlan(
            id=pk,
            title=title.format(**values)[:200],
            description=description.format(**values),
            category_id=category_id,
            raised_by=raised_by,
            office_id=office_id,
            raiser_employer_id=raiser_employer,
            employer_id=employer_id,
            created_at=created_at,
        )

    def _blanks(self, office_id, employer_id) -> dict:
        rng, world = self.rng, self.world
        province = world.province_of[office_id]
        return {
            "employer": world.employer_names[employer_id] if employer_id else "Đơn vị",
            "office": world.office_names[office_id],
            "province": world.office_names[province].removeprefix("BHXH "),
            "n": rng.randint(3, 120),
            "month": rng.randint(1, 12),
            "year": rng.randint(2008, 2016),
            "day": f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/2017",
        }

    # -- what happens to it ----------------------------------------------------------------

    def _later(self, at: datetime, low: int, high: int) -> datetime:
        """A moment `low`..`high` working days after `at`, in office hours (the same day,
        later, for 0)."""
        rng = self.rng
        days = rng.randint(low, high)
        if days == 0:
            return at + timedelta(minutes=rng.randint(20, 240))
        day = working_days_after(_local(at), days)
        return datetime.combine(day, time(1 + rng.randrange(9), rng.randrange(60)), tzinfo=UTC)

    def _handler(self, play: _Play) -> int:
        return self.rng.choice(self.world.staff.department[play.department_id])

    def _do(self, play: _Play, step: Step) -> str:
        """Apply `step` unless the campaign is over first ("over") or the problem rises to
        the centre before it ("rose"); "done" otherwise."""
        if play.escalate_if_due(step.at):
            return "rose"
        if step.at > END_MOMENT:
            return "over"
        play.move(step)
        return "done"

    def _story(self, play: _Play) -> None:
        rng, at = self.rng, play.plan.created_at
        plan = play.plan
        if rng.random() < 0.04:  # filed under the wrong category
            others = [pk for pk in self.categories.values if pk != plan.category_id]
            step = Step(
                self._later(at, 0, 1),
                Action.RECATEGORISE,
                self._handler(play),
                rng.choice(demo_texts.RECATEGORISE_NOTES),
                rng.choice(others),
            )
            outcome = self._do(play, step)
            if outcome == "over":
                return
            at = step.at if outcome == "done" else at
        if rng.random() < 0.03:  # a duplicate, closed by the department
            step = Step(
                self._later(at, 0, 2),
                Action.CLOSE,
                self._handler(play),
                rng.choice(demo_texts.CLOSE_BY_DEPARTMENT),
            )
            self._do(play, step)
            return
        reopened = False
        while True:
            at = self._handle(play, at)
            if at is None:
                return
            draw = rng.random()
            if draw < 0.80 or (reopened and draw < 0.92):
                step = Step(self._later(at, 1, 6), Action.ACCEPT, plan.raised_by)
                if self._do(play, step) != "done":
                    return
                if rng.random() < 0.35:
                    share = Step(self._later(step.at, 0, 3), Action.SHARE, self._handler(play))
                    self._do(play, share)
                return
            if draw < 0.90 and not reopened:
                reopened = True
                step = Step(
                    self._later(at, 1, 5),
                    Action.REOPEN,
                    plan.raised_by,
                    rng.choice(demo_texts.REOPEN_REASONS),
                )
                if self._do(play, step) != "done":
                    return
                at = step.at
                continue
            if draw < 0.93:
                step = Step(
                    self._later(at, 1, 5),
                    Action.CLOSE,
                    plan.raised_by,
                    rng.choice(demo_texts.CLOSE_BY_RAISER),
                )
                self._do(play, step)
            return  # else: answered, and the raiser never came back to it

    def _handle(self, play: _Play, at: datetime) -> datetime | None:
        """The department the problem is with handles it until it is answered (the moment),
        or the campaign ends (None). A problem that rises is handled at the centre."""
        rng = self.rng
        code = self.world.categories[play.category_id][0]
        while True:
            days = self.world.categories[play.category_id][2]
            handler = self._handler(play)
            steps = []
            when = at
            if play.state != State.BEING_HANDLED and rng.random() < 0.7:
                when = self._later(when, 0, 2)
                steps.append(Step(when, Action.TAKE, handler))
            for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
                when = self._later(when, 0, 2)
                steps.append(Step(when, NOTE, handler, rng.choice(demo_texts.NOTES)))
            stalled = rng.random() < 0.04  # the department never gets to it
            if stalled:
                pass
            elif play.level == Level.PROVINCE and rng.random() < 0.12:
                when = self._later(when, 1, 4)
                steps.append(
                    Step(when, Action.SEND_UP, handler, rng.choice(demo_texts.SEND_UP_NOTES))
                )
            else:
                # Most answers come within the deadline; some take far longer.
                late = int(days * rng.lognormvariate(-0.8, 0.6))
                when = self._later(when, max(0, late - 1), late + 1)
                answer = rng.choice(demo_texts.TEXTS[code])[2]
                steps.append(
                    Step(
                        when,
                        Action.ANSWER,
                        handler,
                        answer.format(**self._blanks(play.plan.office_id, play.plan.employer_id)),
                    )
                )
            for step in steps:
                outcome = self._do(play, step)
                if outcome == "over":
                    return None
                if outcome == "rose":
                    at = play.updated_at  # when it rose: the centre takes it from there
                    break
                at = step.at
            else:
                if stalled:
                    if play.escalate_if_due(END_MOMENT):
                        at = play.updated_at
                        continue
                    return None
                if steps[-1].action == Action.ANSWER:
                    return at


# -- writing -------------------------------------------------------------------------------


def next_ids() -> tuple[int, int, int]:
    """The first free id of problems, their events and their messages."""

    def after(model) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    return after(Problem), after(ProblemEvent), after(Message)


def write(plans: list[ProblemPlan], *, first_event: int, first_message: int) -> dict[str, int]:
    """Write the planned problems, their history and their thread in bulk, with explicit
    ids; call inside a transaction. Returns how many rows of each."""
    stamp = _stamp()
    day = db_dates()
    problems, events, messages = [], [], []
    event_id, message_id = first_event, first_message
    for plan in plans:
        row = list(plan.row)
        resolution = row[15]
        row[15] = None if resolution is None else message_id + resolution
        for index in (13, 16, 18, 19, 20):  # the timestamps
            row[index] = stamp(row[index])
        row[11] = day(row[11])
        problems.append(row)
        for problem_id, kind, author, text, at in plan.messages:
            messages.append((message_id, problem_id, kind, author, text, stamp(at)))
            message_id += 1
        for (
            problem_id,
            action,
            source,
            target,
            before,
            after,
            actor,
            at,
            note,
            details,
        ) in plan.events:
            events.append(
                (
                    event_id,
                    problem_id,
                    action,
                    source,
                    target,
                    before,
                    after,
                    actor,
                    stamp(at),
                    note,
                    json.dumps(details),
                )
            )
            event_id += 1
    write_rows("problems_problem", PROBLEM_COLUMNS, problems)
    write_rows("problems_message", MESSAGE_COLUMNS, messages)
    write_rows("problems_problemevent", EVENT_COLUMNS, events)
    return {"problems": len(problems), "events": len(events), "messages": len(messages)}


def _stamp():
    if connection.vendor == "postgresql":
        return lambda moment: moment
    return lambda moment: None if moment is None else moment.replace(tzinfo=None).isoformat(" ")


def reset_sequences() -> None:
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), [Problem, ProblemEvent, Message])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
