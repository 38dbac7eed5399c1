from datetime import timedelta

import pytest
from django.http import Http404

from sobhxh.problems import services
from sobhxh.problems.selectors import (
    answered_question_or_404,
    answered_questions,
    figures,
    similar_answered,
)
from sobhxh.problems.states import State
from sobhxh.testing.factories import department, make_problem

from .conftest import problem_in

pytestmark = pytest.mark.django_db


def resolved(people, title, description="Mô tả", answer="Trả lời", *, shared=True, days=2):
    problem = make_problem(people.raiser, title=title, description=description)
    later = problem.created_at + timedelta(days=days)
    services.answer(problem=problem, actor=people.hcm_book_card, text=answer, now=later)
    services.accept(problem=problem, actor=people.raiser, now=later)
    if shared:
        services.set_shareable(problem=problem, actor=people.hcm_book_card, shareable=True)
    problem.refresh_from_db()
    return problem


@pytest.mark.parametrize(
    "query",
    ["sổ bị mất", "so bi mat", "SỔ BỊ MẤT", "So Bi", "mất", "mat so", "Đối chiếu", "doi chieu"],
)
def test_answered_questions_are_found_with_or_without_diacritics(people, query):
    found = resolved(
        people, "Người lao động bị mất sổ", "Cần đối chiếu Mẫu 03", answer="Cấp lại sổ theo CV 4027"
    )
    resolved(people, "Lỗi in tờ rời")
    assert list(answered_questions(query)) == [found]


def test_the_resolution_is_searched_too(people):
    found = resolved(people, "Hỏi về thủ tục", answer="Cấp lại bìa sổ mới")
    assert list(answered_questions("bia so")) == [found]


def test_words_match_the_start_of_a_syllable_only(people):
    resolved(people, "Người lao động bị mất sổ")
    assert list(answered_questions("at")) == []


def test_only_resolved_and_shared_problems_are_answered_questions(people):
    shared = resolved(people, "Gộp sổ trùng")
    resolved(people, "Gộp sổ trùng, không chia sẻ", shared=False)
    answered = problem_in(State.ANSWERED, people, title="Gộp sổ trùng, chưa chấp nhận")
    services.set_shareable(problem=answered, actor=people.hcm_book_card, shareable=True)
    assert list(answered_questions("gop so")) == [shared]
    assert answered_question_or_404(shared.pk) == shared
    with pytest.raises(Http404):
        answered_question_or_404(answered.pk)


def test_sharing_is_the_department_s_decision_and_is_recorded(people):
    problem = resolved(people, "Hỏi", shared=False)
    with pytest.raises(services.ProblemRefused):
        services.set_shareable(problem=problem, actor=people.raiser, shareable=True)
    services.set_shareable(problem=problem, actor=people.hcm_book_card, shareable=True)
    services.set_shareable(problem=problem, actor=people.hcm_book_card, shareable=True)
    assert problem.events.filter(action="share").count() == 1


def test_similar_answered_questions_are_suggested_best_first(people):
    best = resolved(people, "Đơn vị nợ đóng không bàn giao được sổ")
    other = resolved(people, "Đơn vị giải thể", description="Nợ đóng bảo hiểm")
    resolved(people, "Lỗi phần mềm in tờ rời")
    assert similar_answered("Don vi no dong, xin huong dan ban giao so") == [best, other]
    assert similar_answered("và của cho") == []
    assert similar_answered("") == []


def test_figures_per_department_count_open_overdue_in_time_and_the_median(world, people):
    resolved(people, "Một", days=1)
    resolved(people, "Hai", days=3)
    resolved(people, "Ba", days=20)  # answered late
    make_problem(people.raiser)  # open, and overdue by the day below
    make_problem(people.raiser, category_code="software-fault")
    today = make_problem(people.raiser).created_at.date() + timedelta(days=60)
    rows = {row.group[0]: row for row in figures(world.users.central, today=today)}
    book_card = rows[department("79", "book_card")]
    assert (book_card.open, book_card.overdue) == (2, 2)
    assert (book_card.answered, book_card.answered_in_time, book_card.resolved) == (3, 2, 3)
    assert book_card.median_days == 3.0
    assert rows[department("79", "it")].open == 1
    assert rows[department("79", "it")].median_days is None


def test_figures_by_office_and_category_are_scoped_to_the_user(world, people):
    resolved(people, "Một")
    make_problem(people.raiser, category_code="software-fault")
    rows = figures(world.users.district, by=("office", "category"))
    assert [(row.group[0].code, row.group[1].code) for row in rows] == [
        ("760", "procedure-review"),
        ("760", "software-fault"),
    ]
    assert figures(people.hanoi_book_card) == []
    assert rows[0].label.startswith("760 – Quận 1 – Thủ tục, quy trình rà soát")
