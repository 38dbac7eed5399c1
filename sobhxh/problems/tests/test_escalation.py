from datetime import date
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from sobhxh.problems import services
from sobhxh.problems.models import Level
from sobhxh.problems.states import Action, State
from sobhxh.testing.factories import department, make_problem

from .conftest import problem_in

pytestmark = pytest.mark.django_db

# Raised Wednesday 01/03/2017 with five working days: due Wednesday 08/03/2017.
DUE = date(2017, 3, 8)


def escalate(*args) -> str:
    out = StringIO()
    call_command("escalate_problems", *args, stdout=out)
    return out.getvalue()


def test_an_unanswered_problem_past_its_due_date_rises_to_the_centre(people, committed):
    problem = make_problem(people.raiser)
    assert problem.due_on == DUE
    mail.outbox.clear()
    with committed():
        output = escalate("--today", "2017-03-09")
    problem.refresh_from_db()
    assert problem.overdue
    assert (problem.department, problem.level) == (department("VN", "book_card"), Level.CENTRE)
    assert problem.due_on == date(2017, 3, 16)  # five working days from 09/03
    assert problem.escalated_at is not None
    assert problem.state == State.NEW
    event = problem.events.last()
    assert (event.action, event.actor, event.from_department, event.to_department) == (
        Action.ESCALATE,
        None,
        department("79", "book_card"),
        department("VN", "book_card"),
    )
    assert "chuyển lên trung ương: 1" in output
    assert [message.to for message in mail.outbox] == [[people.centre_book_card.email]]


def test_a_problem_due_today_is_not_yet_overdue(people):
    problem = make_problem(people.raiser)
    escalate("--today", DUE.isoformat())
    problem.refresh_from_db()
    assert (problem.overdue, problem.level) == (False, Level.PROVINCE)


def test_escalating_twice_changes_nothing_more(people):
    problem = make_problem(people.raiser)
    escalate("--today", "2017-03-09")
    events = problem.events.count()
    output = escalate("--today", "2017-03-09")
    assert problem.events.count() == events
    assert "chuyển lên trung ương: 0" in output
    assert "đánh dấu quá hạn: 0" in output


def test_a_problem_at_the_centre_past_its_due_date_is_only_marked_once(people):
    problem = make_problem(people.raiser)
    services.send_up(problem=problem, actor=people.hcm_book_card, now=problem.created_at)
    output = escalate("--today", "2017-03-20")
    problem.refresh_from_db()
    assert problem.overdue and problem.department == department("VN", "book_card")
    assert "đánh dấu quá hạn: 1" in output
    assert "đánh dấu quá hạn: 0" in escalate("--today", "2017-03-21")
    assert problem.events.filter(action=Action.ESCALATE).count() == 1


@pytest.mark.parametrize("state", [State.ANSWERED, State.RESOLVED, State.CLOSED])
def test_a_problem_that_waits_for_no_department_does_not_rise(people, state):
    problem = problem_in(state, people)
    escalate("--today", "2017-06-01")
    problem.refresh_from_db()
    assert (problem.overdue, problem.level) == (False, Level.PROVINCE)


@pytest.mark.parametrize("state", [State.BEING_HANDLED, State.REOPENED])
def test_an_open_problem_in_any_open_state_rises(people, state):
    problem = problem_in(state, people)
    escalate("--today", "2017-06-01")
    problem.refresh_from_db()
    assert problem.overdue and problem.level == Level.CENTRE and problem.state == state


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(people):
    problem = make_problem(people.raiser)
    output = escalate("--today", "2017-03-09", "--dry-run")
    problem.refresh_from_db()
    assert "Chạy thử" in output and "trung ương: 1" in output
    assert (problem.overdue, problem.level, problem.events.count()) == (
        False,
        Level.PROVINCE,
        1,
    )


def test_the_summary_is_in_vietnamese_and_quiet_prints_nothing(people):
    assert escalate("--quiet") == ""
    assert escalate().startswith("Số vướng mắc quá hạn")


def test_a_bad_day_is_refused_with_a_message(people):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        escalate("--today", "09/03/2017")


def test_the_raiser_s_office_sees_the_overdue_mark(people, world):
    from sobhxh.problems.selectors import problem_or_404

    problem = make_problem(people.raiser)
    escalate("--today", "2017-03-09")
    assert problem_or_404(world.users.district, problem.pk).overdue
    assert problem_or_404(world.users.province, problem.pk).overdue
