"""Who sees which problem: the raiser's office and the offices above it, the departments it
went to; an employer user only its employer's. Everything else is a 404."""

import pytest
from django.http import Http404

from sobhxh.accounts.models import Role
from sobhxh.problems import services
from sobhxh.problems.selectors import (
    attachment_or_404,
    inbox,
    problem_or_404,
    sent_up,
    thread,
    visible_problems,
)
from sobhxh.testing.factories import make_problem, make_user

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def problems(world, people):
    """A problem from each place: Quận 1 (760), its employer, Quận 12 (761), Hồ Chí Minh
    (79), Ba Đình (001, Hà Nội) and the centre."""
    return {
        "q1": make_problem(world.users.district),
        "employer_q1": make_problem(world.users.employer),
        "q12": make_problem(make_user(role=Role.DISTRICT, office="761")),
        "hcm": make_problem(world.users.province),
        "ba_dinh": make_problem(make_user(role=Role.DISTRICT, office="001")),
        "centre": make_problem(world.users.central),
    }


def viewers(world, people):
    return {
        "central": world.users.central,
        "province": world.users.province,
        "district": world.users.district,
        "employer": world.users.employer,
        "other_employer": make_user(role=Role.EMPLOYER, employer="E-Q12"),
        "hcm_book_card": people.hcm_book_card,
        "hanoi_book_card": people.hanoi_book_card,
        "centre_it": people.centre_it,
        "nobody": make_user(role=None),
    }


SEES = {
    "central": {"q1", "employer_q1", "q12", "hcm", "ba_dinh", "centre"},
    "province": {"q1", "employer_q1", "q12", "hcm"},
    "district": {"q1", "employer_q1"},
    "employer": {"employer_q1"},
    "other_employer": set(),
    "hcm_book_card": {"q1", "employer_q1", "q12", "hcm"},
    "hanoi_book_card": {"ba_dinh"},
    "centre_it": {"q1", "employer_q1", "q12", "hcm", "ba_dinh", "centre"},
    "nobody": set(),
}


@pytest.mark.parametrize("viewer", list(SEES))
def test_each_role_sees_its_place_and_below_and_gets_404_for_the_rest(
    world, people, problems, viewer
):
    user = viewers(world, people)[viewer]
    seen = {name for name, p in problems.items() if visible_problems(user).filter(pk=p.pk)}
    assert seen == SEES[viewer]
    for name, problem in problems.items():
        if name in SEES[viewer]:
            assert problem_or_404(user, problem.pk) == problem
        else:
            with pytest.raises(Http404):
                problem_or_404(user, problem.pk)


@pytest.mark.parametrize("pk", ["abc", None, "999999"])
def test_nonsense_and_missing_numbers_are_404(world, pk):
    with pytest.raises(Http404):
        problem_or_404(world.users.central, pk)


def test_a_problem_sent_up_stays_visible_to_its_province_and_its_new_department(world, people):
    problem = make_problem(world.users.district)
    services.send_up(problem=problem, actor=people.hcm_book_card)
    assert problem_or_404(people.hcm_book_card, problem.pk)
    assert problem_or_404(people.centre_book_card, problem.pk)
    with pytest.raises(Http404):
        problem_or_404(people.hanoi_book_card, problem.pk)


def test_internal_notes_are_never_shown_to_employer_users(world, people):
    problem = make_problem(world.users.employer)
    services.add_note(problem=problem, actor=people.hcm_book_card, text="Đơn vị nợ 3 tháng")
    services.answer(problem=problem, actor=people.hcm_book_card, text="Đã xác nhận đến 12/2016")
    assert [m.kind for m in thread(problem, world.users.employer)] == ["answer"]
    assert [m.kind for m in thread(problem, people.hcm_book_card)] == ["note", "answer"]
    assert [m.kind for m in thread(problem, world.users.district)] == ["note", "answer"]


def test_an_employer_user_cannot_write_internal_notes(world, people):
    problem = make_problem(world.users.employer)
    with pytest.raises(Exception) as refused:
        services.add_note(problem=problem, actor=world.users.employer, text="Xin hỏi")
    assert "Chỉ cán bộ" in refused.value.messages[0]


def test_a_note_s_file_is_not_downloaded_by_an_employer_user(world, people):
    problem = make_problem(world.users.employer)
    note = services.add_note(
        problem=problem, actor=people.hcm_book_card, text="Bảng nợ", files=[pdf("no.pdf")]
    )
    answer = services.answer(
        problem=problem, actor=people.hcm_book_card, text="Xem tệp", files=[pdf("tra-loi.pdf")]
    )
    note_file, answer_file = note.attachments.get(), answer.attachments.get()
    assert attachment_or_404(people.hcm_book_card, note_file.pk) == note_file
    assert attachment_or_404(world.users.employer, answer_file.pk) == answer_file
    with pytest.raises(Http404):
        attachment_or_404(world.users.employer, note_file.pk)
    with pytest.raises(Http404):
        attachment_or_404(people.hanoi_book_card, answer_file.pk)


def test_the_inbox_lists_what_waits_for_the_user_s_department_overdue_first(world, people):
    from django.core.management import call_command

    late = make_problem(world.users.district)
    services.send_up(problem=late, actor=people.hcm_book_card, now=late.created_at)
    fresh = make_problem(world.users.district, now=late.created_at.replace(month=4))
    services.send_up(problem=fresh, actor=people.hcm_book_card, now=fresh.created_at)
    answered = make_problem(world.users.district)
    services.send_up(problem=answered, actor=people.hcm_book_card)
    services.answer(problem=answered, actor=people.centre_book_card, text="Xong")
    call_command("escalate_problems", "--today", "2017-03-20", "--quiet")
    assert list(inbox(people.centre_book_card)) == [late, fresh]
    assert list(inbox(people.hcm_book_card)) == []
    assert list(inbox(world.users.district)) == []  # a district user has no department


def test_book_and_card_at_the_centre_sees_every_problem_sent_up_as_the_focal_point(world, people):
    software = make_problem(world.users.district, category_code="software-fault")
    services.send_up(problem=software, actor=people.hcm_it)
    make_problem(world.users.district, category_code="software-data")  # still at the province
    assert list(sent_up(people.centre_book_card)) == [software]
    assert list(sent_up(people.centre_it)) == []
    assert list(inbox(people.centre_it)) == [software]
