"""The demo's problems are what the services would have written: a plan replayed through the
services (with the escalation command run every day) and the same plan written in bulk give
the same problems, history and thread; every demo problem's history is a legal path through
the state table, and its due date follows from its last routing."""

import random
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from sobhxh.accounts import demo as people
from sobhxh.accounts.demo import ensure_demo_users
from sobhxh.problems import demo, services
from sobhxh.problems.deadlines import working_days_after
from sobhxh.problems.models import Category, Message, Problem
from sobhxh.problems.selectors import answered_questions, inbox, visible_problems
from sobhxh.problems.states import Action, State, target_state
from sobhxh.progress.verify import verify
from sobhxh.units.models import Employer

pytestmark = pytest.mark.django_db

ROUTING = {Action.RAISE, Action.SEND_UP, Action.REROUTE, Action.RECATEGORISE, Action.ESCALATE}


def generate(books: int, **options) -> str:
    out = StringIO()
    call_command("generate_demo", books=books, seed=5, quiet=True, stdout=out, **options)
    return out.getvalue()


def world() -> demo.World:
    users = {user.username: user for user in ensure_demo_users()}
    return demo.World.read(
        people.staff(),
        demo_raisers=(
            users["demo-huyen"].profile.office_id,
            users["demo-donvi"].profile.employer_id,
        ),
    )


def snapshot() -> list:
    """Every problem with its history and thread, without ids of their own (a message is
    named by its place in the thread), oldest first."""
    found = []
    for problem in Problem.objects.order_by("created_at", "pk"):
        thread = list(
            problem.messages.order_by("created_at", "pk").values_list(
                "pk", "kind", "author_id", "text", "created_at"
            )
        )
        position = {pk: index for index, (pk, *_rest) in enumerate(thread)}
        events = list(
            problem.events.order_by("pk").values_list(
                "action",
                "from_state",
                "to_state",
                "from_department_id",
                "to_department_id",
                "actor_id",
                "at",
                "note",
                "details",
            )
        )
        found.append(
            (
                problem.title,
                problem.description,
                problem.category_id,
                problem.raised_by_id,
                problem.office_id,
                problem.raiser_employer_id,
                problem.employer_id,
                problem.state,
                problem.department_id,
                problem.level,
                problem.due_on,
                problem.overdue,
                problem.escalated_at,
                problem.shareable,
                position.get(problem.resolution_id),
                problem.answered_at,
                problem.answered_in_time,
                problem.resolved_at,
                problem.created_at,
                problem.updated_at,
                problem.search_text,
                events,
                [row[1:] for row in thread],
            )
        )
    return found


def replay(plans: list[demo.ProblemPlan], monkeypatch) -> None:
    """Play the plans' steps through the services, in the order they happened, with
    `escalate_overdue` run every day at 07:00 in Hà Nội as cron would (the plans' own
    escalation steps are left to it)."""
    users = get_user_model().objects.in_bulk()
    categories = Category.objects.in_bulk()
    employers = Employer.objects.in_bulk([plan.employer_id for plan in plans if plan.employer_id])
    steps = sorted(
        (step.at, plan.id, index, step)
        for plan in plans
        for index, step in enumerate(plan.steps)
        if step.action != Action.ESCALATE
    )
    made: dict[int, Problem] = {}
    day = plans[0].created_at.date()

    def cron_until(until: datetime) -> None:
        nonlocal day
        while day <= demo.DEMO_END and demo._escalation_moment(day) <= until:
            moment = demo._escalation_moment(day)
            with monkeypatch.context() as patched:
                patched.setattr(timezone, "now", lambda moment=moment: moment)
                services.escalate_overdue(today=day)
            day += timedelta(days=1)

    for at, plan_id, _index, step in steps:
        cron_until(at)
        actor = users.get(step.actor)
        plan = next(p for p in plans if p.id == plan_id) if step.action == Action.RAISE else None
        problem = made.get(plan_id)
        match step.action:
            case Action.RAISE:
                made[plan_id] = services.raise_problem(
                    raised_by=actor,
                    title=plan.title,
                    description=plan.description,
                    category=categories[plan.category_id],
                    employer=employers.get(plan.employer_id),
                    now=at,
                )
            case Action.TAKE:
                services.take(problem=problem, actor=actor, now=at)
            case Action.ANSWER:
                services.answer(problem=problem, actor=actor, text=step.text, now=at)
            case Action.SEND_UP:
                services.send_up(problem=problem, actor=actor, note=step.text, now=at)
            case Action.RECATEGORISE:
                services.recategorise(
                    problem=problem,
                    actor=actor,
                    category=categories[step.category_id],
                    note=step.text,
                    now=at,
                )
            case Action.ACCEPT:
                services.accept(problem=problem, actor=actor, now=at)
            case Action.REOPEN:
                services.reopen(problem=problem, actor=actor, reason=step.text, now=at)
            case Action.CLOSE:
                services.close(problem=problem, actor=actor, note=step.text, now=at)
            case Action.SHARE:
                services.set_shareable(problem=problem, actor=actor, shareable=True, now=at)
            case demo.NOTE:
                services.add_note(problem=problem, actor=actor, text=step.text, now=at)
            case _:
                raise AssertionError(step.action)
    cron_until(datetime.combine(demo.DEMO_END, datetime.max.time(), tzinfo=UTC))


def test_a_plan_written_in_bulk_is_what_the_services_write_replaying_it(monkeypatch):
    generate(3000, problems=0)
    first = demo.next_ids()
    plans = demo.Planner(world(), random.Random(11)).plan(120, first_id=first[0])
    actions = {step.action for plan in plans for step in plan.steps}
    assert {Action.ESCALATE, Action.REOPEN, Action.SEND_UP, Action.SHARE, demo.NOTE} <= actions

    with transaction.atomic():
        replay(plans, monkeypatch)
        by_services = snapshot()
        transaction.set_rollback(True)
    assert not Problem.objects.exists()
    demo.write(plans, first_event=first[1], first_message=first[2])

    assert len(by_services) == 120
    for expected, found in zip(by_services, snapshot(), strict=True):
        assert found == expected


def test_the_same_seed_plans_the_same_problems_and_another_does_not():
    generate(2000, problems=0)

    def planned(seed):
        plans = demo.Planner(world(), random.Random(seed)).plan(80)
        return [(plan.row, plan.events, plan.messages) for plan in plans]

    assert planned(3) == planned(3)
    assert planned(3) != planned(4)


def test_every_demo_problem_has_a_legal_history_and_the_due_date_of_its_last_routing():
    generate(10_000)
    assert verify() == []
    problems = Problem.objects.select_related("category").prefetch_related("events", "messages")
    assert problems.count() == 200
    codes = dict(Category.objects.values_list("code", "deadline_days"))
    for problem in problems:
        state, department, category, routed = "", None, None, None
        for event in problem.events.all():
            assert event.from_state == state, problem.pk
            if event.action == Action.RAISE:
                assert (event.from_state, event.to_state) == ("", State.NEW)
            else:
                assert target_state(event.action, state) == event.to_state, (problem.pk, event)
            state = event.to_state
            if event.action == Action.RECATEGORISE:
                category = event.details["to_category"]
            if (
                event.action in ROUTING
                and (event.action == Action.RAISE or "due_on" in event.details)
            ) or event.action == Action.REOPEN:
                routed = event.at
            department = event.to_department_id
        assert state == problem.state and department == problem.department_id
        days = codes[category] if category else problem.category.deadline_days
        assert problem.due_on == working_days_after(timezone.localdate(routed), days)
        answers = [m for m in problem.messages.all() if m.kind == Message.Kind.ANSWER]
        if problem.state in (State.ANSWERED, State.RESOLVED):
            assert problem.resolution_id == answers[-1].pk
        if problem.state in (State.NEW, State.BEING_HANDLED, State.REOPENED):
            assert problem.resolution_id is None


def test_the_demo_has_every_kind_of_problem_and_scales_with_the_books():
    out = generate(5000)
    assert "100 vướng mắc" in out
    states = dict(Problem.objects.values_list("state").annotate(n=Count("pk")))
    assert states[State.RESOLVED] > Problem.objects.count() / 2
    assert Problem.objects.filter(overdue=True).exists()
    assert Problem.objects.filter(level="centre").exists()
    assert answered_questions().exists()
    assert Message.objects.filter(kind=Message.Kind.NOTE).exists()
    top = set(Problem.objects.values_list("category__parent__code", flat=True))
    assert {"procedure", "software", "revenue"} <= top


def test_another_count_of_problems_may_be_asked_for():
    generate(2000, problems=75)
    assert Problem.objects.count() == 75


def test_the_demo_users_see_their_problems_and_their_inbox():
    generate(8000)
    users = {user.username: user for user in ensure_demo_users()}
    tinh, huyen, donvi = users["demo-tinh"], users["demo-huyen"], users["demo-donvi"]
    assert visible_problems(huyen).filter(raised_by=huyen).exists()
    assert visible_problems(donvi).exists()
    assert not visible_problems(donvi).exclude(raiser_employer=donvi.profile.employer).exists()
    assert visible_problems(tinh).count() > visible_problems(huyen).count()
    assert visible_problems(users["demo"]).count() == Problem.objects.count()
    # Everyone who acted in the demo did it with a place that allowed it.
    assert inbox(users["demo"]).model is Problem


def test_demo_staff_are_the_demos_own():
    from sobhxh.ops.demo import real_data

    generate(1000)
    assert get_user_model().objects.filter(username__startswith=people.STAFF_PREFIX).count() > 100
    assert real_data() == ""
    assert not any(
        user.has_usable_password()
        for user in get_user_model().objects.filter(username__startswith=people.STAFF_PREFIX)[:50]
    )


def test_organise_again_adds_no_staff_twice():
    generate(1000, problems=10)
    staff = get_user_model().objects.count()
    people.ensure_staff(random.Random(1))
    assert get_user_model().objects.count() == staff


def test_the_answered_questions_are_read_newest_first_and_counted_from_an_index():
    """A page of answered questions walks `problem_state_shared` newest first instead of
    sorting every resolved problem, and its count reads the index alone (SQLite's plans;
    PostgreSQL chooses by its statistics)."""
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's plan")

    def plan(sql, params):
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return " ".join(str(row[-1]) for row in cursor.fetchall())

    sql, params = answered_questions().order_by().values("pk").query.sql_with_params()
    assert "COVERING INDEX problem_state_shared" in plan(f"SELECT COUNT(*) FROM ({sql})", params)
    page = plan(*answered_questions("so bhxh")[:50].query.sql_with_params())
    assert "INDEX problem_state_shared" in page
    assert "TEMP B-TREE FOR ORDER BY" not in page
