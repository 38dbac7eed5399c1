"""The state table: every (action, state, side) is allowed exactly when the table says so,
checked first on the table itself and then through the services with real users."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from sobhxh.problems import services
from sobhxh.problems.errors import ProblemRefused
from sobhxh.problems.models import Message, Problem
from sobhxh.problems.states import MOVES, Action, Side, State, check_move, check_note

from .conftest import problem_in

ALL_SIDES = [frozenset({side}) for side in Side]


def _allowed(action, state, sides) -> bool:
    sources, _target, who = MOVES[action]
    return state in sources and bool(who & sides)


@pytest.mark.parametrize("action", list(MOVES))
@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("sides", ALL_SIDES, ids=[str(side) for side in Side])
def test_check_move_allows_exactly_the_moves_of_the_table(action, state, sides):
    if _allowed(action, state, sides):
        target = check_move(action, state, sides, number=7)
        assert target == (MOVES[action][1] or state)
    else:
        with pytest.raises(ProblemRefused) as refused:
            check_move(action, state, sides, number=7)
        assert "Vướng mắc số 7" in refused.value.messages[0]


def test_the_table_has_the_moves_the_campaign_asks_for():
    expected = {
        Action.TAKE: ({State.NEW, State.REOPENED}, State.BEING_HANDLED),
        Action.ANSWER: ({State.NEW, State.BEING_HANDLED, State.REOPENED}, State.ANSWERED),
        Action.ACCEPT: ({State.ANSWERED}, State.RESOLVED),
        Action.REOPEN: ({State.ANSWERED}, State.REOPENED),
        Action.CLOSE: (
            {State.NEW, State.BEING_HANDLED, State.REOPENED, State.ANSWERED},
            State.CLOSED,
        ),
    }
    for action, (sources, target) in expected.items():
        assert (set(MOVES[action][0]), MOVES[action][1]) == (sources, target)
    # resolved and closed are final: no move leaves them
    for action, (sources, target, _who) in MOVES.items():
        if target is not None:
            assert not sources & {State.RESOLVED, State.CLOSED}, action


# -- through the services, with the people of a problem ------------------------------------

# action -> how the service is called, given the people
CALLS = {
    Action.TAKE: lambda p, actor: services.take(problem=p, actor=actor),
    Action.ANSWER: lambda p, actor: services.answer(problem=p, actor=actor, text="Trả lời"),
    Action.ACCEPT: lambda p, actor: services.accept(problem=p, actor=actor),
    Action.REOPEN: lambda p, actor: services.reopen(problem=p, actor=actor, reason="Chưa rõ"),
    Action.CLOSE: lambda p, actor: services.close(problem=p, actor=actor, note="Trùng"),
}
# who acts for each side of a province-level problem from Quận 1
ACTORS = {
    Side.RAISER: lambda people: people.raiser,
    Side.DEPARTMENT: lambda people: people.hcm_book_card,
    "outsider": lambda people: people.hcm_it,
}
SIDE_OF = {Side.RAISER: {Side.RAISER}, Side.DEPARTMENT: {Side.DEPARTMENT}, "outsider": set()}


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(CALLS))
@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("who", list(ACTORS))
def test_the_services_apply_the_table_to_real_users(people, action, state, who):
    problem = problem_in(state, people)
    events = problem.events.count()
    actor = ACTORS[who](people)
    if _allowed(action, state, frozenset(SIDE_OF[who])):
        CALLS[action](problem, actor)
        problem.refresh_from_db()
        assert problem.state == MOVES[action][1]
        assert problem.events.count() == events + 1
        last = problem.events.last()
        assert (last.action, last.from_state, last.to_state, last.actor) == (
            action,
            state,
            problem.state,
            actor,
        )
    else:
        with pytest.raises(ProblemRefused):
            CALLS[action](problem, actor)
        problem.refresh_from_db()
        assert (problem.state, problem.events.count()) == (state, events)


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["", "   "])
def test_closing_without_a_note_is_refused(people, note):
    problem = problem_in(State.NEW, people)
    with pytest.raises(ProblemRefused) as refused:
        services.close(problem=problem, actor=people.hcm_book_card, note=note)
    assert "hãy nêu lý do" in refused.value.messages[0]
    problem.refresh_from_db()
    assert problem.state == State.NEW


@pytest.mark.django_db
def test_reopening_without_a_reason_is_refused(people):
    problem = problem_in(State.ANSWERED, people)
    with pytest.raises(ProblemRefused):
        services.reopen(problem=problem, actor=people.raiser, reason="")


def test_check_note_keeps_the_note_stripped():
    assert check_note(Action.CLOSE, "  Trùng  ", number=1) == "Trùng"
    assert check_note(Action.TAKE, "", number=1) == ""


@pytest.mark.django_db
def test_the_answer_is_the_one_resolution_and_a_new_answer_replaces_a_reopened_one(people):
    problem = problem_in(State.ANSWERED, people)
    first = problem.resolution
    assert first.kind == Message.Kind.ANSWER
    services.reopen(problem=problem, actor=people.raiser, reason="Chưa rõ")
    problem.refresh_from_db()
    assert problem.resolution is None
    second = services.answer(problem=problem, actor=people.hcm_book_card, text="Rõ hơn")
    services.accept(problem=problem, actor=people.raiser)
    problem.refresh_from_db()
    assert problem.resolution == second
    assert problem.messages.filter(kind=Message.Kind.ANSWER).count() == 2


@pytest.mark.django_db
def test_the_database_refuses_a_resolved_problem_without_its_resolution(people):
    problem = problem_in(State.RESOLVED, people)
    with pytest.raises(IntegrityError), transaction.atomic():
        Problem.objects.filter(pk=problem.pk).update(resolution=None)


@pytest.mark.django_db
def test_a_user_of_the_raiser_s_office_accepts_for_the_raiser(world, people):
    from sobhxh.accounts.models import Role
    from sobhxh.testing.factories import make_user

    colleague = make_user(role=Role.DISTRICT, office="760")
    problem = problem_in(State.ANSWERED, people)
    services.accept(problem=problem, actor=colleague)
    problem.refresh_from_db()
    assert problem.state == State.RESOLVED


@pytest.mark.django_db
def test_answered_in_time_is_kept_with_the_answer(people):
    on_time = problem_in(State.NEW, people)
    services.answer(
        problem=on_time,
        actor=people.hcm_book_card,
        text="Ngay",
        now=on_time.created_at + timedelta(days=1),
    )
    late = problem_in(State.NEW, people)
    services.answer(
        problem=late,
        actor=people.hcm_book_card,
        text="Muộn",
        now=late.created_at + timedelta(days=30),
    )
    on_time.refresh_from_db()
    late.refresh_from_db()
    assert (on_time.answered_in_time, late.answered_in_time) == (True, False)
