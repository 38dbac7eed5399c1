from datetime import date, timedelta

import pytest
from django.core import mail

from sobhxh.accounts.models import Role
from sobhxh.problems import services
from sobhxh.problems.errors import ProblemRefused
from sobhxh.problems.models import Level, ProblemEvent
from sobhxh.problems.states import Action, State
from sobhxh.testing.factories import (
    category,
    department,
    make_books,
    make_problem,
    make_user,
)

from .conftest import problem_in

pytestmark = pytest.mark.django_db


def test_a_district_s_problem_goes_to_its_province_s_department_of_the_category(people):
    problem = make_problem(people.raiser, category_code="software-fault")
    assert problem.department == department("79", "it")
    assert problem.level == Level.PROVINCE
    assert problem.office.code == "760"
    assert problem.state == State.NEW
    # raised on Wednesday 01/03/2017, two working days
    assert problem.due_on == date(2017, 3, 3)


@pytest.mark.parametrize(
    ("role", "place", "office", "routed_to"),
    [
        (Role.PROVINCE, "79", "79", "79"),
        (Role.DISTRICT, "001", "001", "01"),
        (Role.EMPLOYER, "E-Q12", "761", "79"),  # the employer's managing office
        (Role.CENTRAL, None, "VN", "VN"),
    ],
)
def test_every_raiser_is_routed_by_the_province_of_their_office(
    world, role, place, office, routed_to
):
    if role == Role.EMPLOYER:
        raiser = make_user(role=role, employer=place)
    else:
        raiser = make_user(role=role, office=place)
    problem = make_problem(raiser, category_code="revenue-arrears")
    assert problem.office.code == office
    assert problem.department == department(routed_to, "revenue")
    assert problem.level == (Level.CENTRE if routed_to == "VN" else Level.PROVINCE)


def test_an_employer_s_problem_is_about_its_employer_and_marked_as_raised_by_it(world):
    problem = make_problem(world.users.employer)
    assert problem.raiser_employer == world.employers.q1
    assert problem.employer == world.employers.q1


def test_raising_writes_the_first_history_entry_and_tells_the_department(people, committed):
    mail.outbox.clear()
    with committed():
        problem = make_problem(people.raiser)
    event = problem.events.get()
    assert (event.action, event.from_state, event.to_state) == (Action.RAISE, "", State.NEW)
    assert event.to_department == department("79", "book_card")
    assert event.actor == people.raiser
    assert [message.to for message in mail.outbox] == [[people.hcm_book_card.email]]
    assert f"{problem.pk}" in mail.outbox[0].subject


def test_a_problem_may_link_books_and_an_employer_the_raiser_sees(world, people):
    books = make_books(world.employers.q1, 2)
    problem = make_problem(people.raiser, books=books, employer=world.employers.q1)
    assert set(problem.books.all()) == set(books)


def test_books_of_another_district_are_refused(world, people):
    elsewhere = make_books(world.employers.q12, 1)
    with pytest.raises(ProblemRefused) as refused:
        make_problem(people.raiser, books=elsewhere)
    assert "chỉ có thể gắn" in refused.value.messages[0]


@pytest.mark.parametrize(("title", "description"), [("", "Mô tả"), ("  ", "Mô tả"), ("T", " ")])
def test_a_problem_needs_a_title_and_a_description(people, title, description):
    with pytest.raises(ProblemRefused):
        services.raise_problem(
            raised_by=people.raiser, title=title, description=description, category=category()
        )


def test_a_user_with_no_place_cannot_raise(world):
    with pytest.raises(ProblemRefused):
        make_problem(make_user(role=None))


def test_the_province_sends_a_problem_up_to_the_centre_s_department_of_the_same_function(
    people, committed
):
    problem = make_problem(people.raiser, category_code="software-data")
    mail.outbox.clear()
    on = problem.created_at + timedelta(days=1)  # Thursday 02/03/2017
    with committed():
        services.send_up(problem=problem, actor=people.hcm_it, note="Lỗi chung", now=on)
    problem.refresh_from_db()
    assert problem.department == department("VN", "it")
    assert problem.level == Level.CENTRE
    assert problem.due_on == date(2017, 3, 7)  # three working days from Thursday
    event = problem.events.last()
    assert (event.action, event.from_department, event.to_department) == (
        Action.SEND_UP,
        department("79", "it"),
        department("VN", "it"),
    )
    assert event.note == "Lỗi chung"
    # the central department and the focal point hear of it
    told = sorted(to for message in mail.outbox for to in message.to)
    assert told == sorted([people.centre_it.email, people.centre_book_card.email])


def test_a_problem_at_the_centre_cannot_be_sent_up_again(people):
    problem = make_problem(people.raiser, category_code="software-data")
    services.send_up(problem=problem, actor=people.hcm_it)
    with pytest.raises(ProblemRefused):
        services.send_up(problem=problem, actor=people.centre_it)


def test_only_the_department_it_is_with_sends_it_up(people):
    problem = make_problem(people.raiser)
    for outsider in [people.raiser, people.hcm_it, people.hanoi_book_card, people.centre_it]:
        with pytest.raises(ProblemRefused):
            services.send_up(problem=problem, actor=outsider)
    assert problem.events.count() == 1


def test_rerouting_to_another_department_of_the_province_keeps_the_history(people):
    problem = make_problem(people.raiser)  # a procedure problem, with Book and Card
    services.reroute(
        problem=problem,
        actor=people.hcm_book_card,
        department=department("79", "it"),
        note="Lỗi in tờ rời",
    )
    problem.refresh_from_db()
    assert problem.department == department("79", "it")
    actions = list(problem.events.values_list("action", "from_department", "to_department"))
    assert actions == [
        (Action.RAISE, None, department("79", "book_card").pk),
        (Action.REROUTE, department("79", "book_card").pk, department("79", "it").pk),
    ]


@pytest.mark.parametrize("elsewhere", [("01", "it"), ("79", "book_card")])
def test_rerouting_to_another_province_or_to_where_it_is_is_refused(people, elsewhere):
    problem = make_problem(people.raiser)
    with pytest.raises(ProblemRefused):
        services.reroute(
            problem=problem, actor=people.hcm_book_card, department=department(*elsewhere)
        )


def test_the_focal_point_reroutes_a_problem_sent_up_to_the_wrong_central_department(people):
    problem = make_problem(people.raiser)
    services.send_up(problem=problem, actor=people.hcm_book_card)
    services.reroute(
        problem=problem, actor=people.centre_book_card, department=department("VN", "revenue")
    )
    problem.refresh_from_db()
    assert problem.department == department("VN", "revenue")


def test_recategorising_routes_to_the_new_function_at_the_same_level(people):
    problem = make_problem(people.raiser)
    services.recategorise(
        problem=problem,
        actor=people.hcm_book_card,
        category=category("revenue-arrears"),
        note="Đơn vị nợ đóng",
    )
    problem.refresh_from_db()
    assert problem.category.code == "revenue-arrears"
    assert problem.department == department("79", "revenue")
    event = problem.events.last()
    assert event.action == Action.RECATEGORISE
    assert event.details["from_category"] == "procedure-review"
    assert event.details["to_category"] == "revenue-arrears"
    # at the centre, it stays at the centre
    services.send_up(problem=problem, actor=make_department_user("79", "revenue"))
    services.recategorise(
        problem=problem, actor=people.centre_book_card, category=category("software-fault")
    )
    problem.refresh_from_db()
    assert problem.department == department("VN", "it")


def make_department_user(office, function):
    from sobhxh.testing.factories import department_member

    return department_member(office, function)


def test_recategorising_within_the_same_function_keeps_the_department_and_due_date(people):
    problem = make_problem(people.raiser)
    due = problem.due_on
    later = problem.created_at + timedelta(days=2)
    services.recategorise(
        problem=problem,
        actor=people.hcm_book_card,
        category=category("procedure-handover"),
        now=later,
    )
    problem.refresh_from_db()
    assert (problem.department, problem.due_on) == (department("79", "book_card"), due)


def test_an_answer_tells_the_raiser_and_reopening_goes_back_to_the_same_department(
    people, committed
):
    people.raiser.email = "q1@bhxh.example"
    people.raiser.save()
    problem = make_problem(people.raiser)
    mail.outbox.clear()
    with committed():
        services.answer(problem=problem, actor=people.hcm_book_card, text="Xem CV 4027.")
    assert [message.to for message in mail.outbox] == [["q1@bhxh.example"]]
    services.reopen(problem=problem, actor=people.raiser, reason="Chưa rõ mục 3")
    problem.refresh_from_db()
    assert problem.state == State.REOPENED
    assert problem.department == department("79", "book_card")


def test_the_story_of_the_issue_district_raises_province_answers_centre_resolves(people):
    problem = make_problem(people.raiser)
    services.answer(problem=problem, actor=people.hcm_book_card, text="Theo CV 4027.")
    services.reopen(problem=problem, actor=people.raiser, reason="Không áp dụng cho sổ cũ")
    services.send_up(problem=problem, actor=people.hcm_book_card)
    services.answer(problem=problem, actor=people.centre_book_card, text="Cấp bìa mới.")
    services.accept(problem=problem, actor=people.raiser)
    services.set_shareable(problem=problem, actor=people.centre_book_card, shareable=True)
    problem.refresh_from_db()
    assert problem.state == State.RESOLVED
    assert problem.resolution.text == "Cấp bìa mới."
    events = list(problem.events.values_list("action", "from_state", "to_state"))
    assert events == [
        ("raise", "", "new"),
        ("answer", "new", "answered"),
        ("reopen", "answered", "reopened"),
        ("send_up", "reopened", "reopened"),
        ("answer", "reopened", "answered"),
        ("accept", "answered", "resolved"),
        ("share", "resolved", "resolved"),
    ]
    # replaying the history gives the state
    assert events[-1][2] == problem.state


def test_the_whole_history_is_kept_with_who_and_when(people):
    problem = problem_in(State.RESOLVED, people)
    assert ProblemEvent.objects.filter(problem=problem).count() == 3
    assert all(event.at and event.actor for event in problem.events.all())
