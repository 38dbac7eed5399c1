"""The list, the inbox, the answered questions and the figures: what each role reaches, the
filters, the overdue mark, the Excel export, the menu, the policy and the English switch."""

import io

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from sobhxh.accounts.models import Role
from sobhxh.problems import services, views
from sobhxh.testing.csp import check
from sobhxh.testing.factories import (
    make_decision,
    make_meeting,
    make_member,
    make_problem,
    make_user,
)

from .conftest import get, problem_in

pytestmark = pytest.mark.django_db

LIST, INBOX = "/problems/", "/problems/inbox/"
ANSWERED, FIGURES = "/problems/answered/", "/problems/figures/"


@pytest.fixture
def some(world, people):
    """A late procedure problem of Quận 1 (raised in 2017, never answered), a software one of
    Quận 1, one of Ba Đình (Hà Nội), and one of the employer E-Q1."""
    return {
        "late": make_problem(people.raiser, title="Thiếu Mẫu 03 của người lao động"),
        "software": make_problem(
            people.raiser, category_code="software-fault", title="Phần mềm báo lỗi khi in"
        ),
        "hanoi": make_problem(
            make_user("bd", role=Role.DISTRICT, office="001"), title="Vướng mắc của Ba Đình"
        ),
        "employer": make_problem(world.users.employer, title="Đơn vị hỏi về sổ"),
    }


@pytest.mark.parametrize(
    ("role", "seen", "unseen"),
    [
        ("central", ["late", "software", "hanoi", "employer"], []),
        ("province", ["late", "software", "employer"], ["hanoi"]),
        ("district", ["late", "software", "employer"], ["hanoi"]),
        ("employer", ["employer"], ["late", "software", "hanoi"]),
    ],
)
def test_the_list_shows_each_role_what_it_may_see(client, world, some, role, seen, unseen):
    response, html = get(client, world.users[role], LIST)
    assert response.status_code == 200
    check(response, role)
    for name in seen:
        assert some[name].title in html, name
    for name in unseen:
        assert some[name].title not in html, name
    assert 'class="table-wrap"' in html


def test_the_list_marks_overdue_and_filters(client, world, people, some):
    _, html = get(client, world.users.central, LIST)
    assert html.count('class="is-overdue"') == 4  # due in March 2017, long past
    _, html = get(client, world.users.central, LIST + "?category=software")
    assert some["software"].title in html and some["late"].title not in html
    _, html = get(client, world.users.central, LIST + "?function=it&level=province")
    assert some["software"].title in html and some["late"].title not in html
    services.answer(problem=some["late"], actor=people.hcm_book_card, text="Đã rõ")
    _, html = get(client, world.users.central, LIST + "?state=answered")
    assert some["late"].title in html and some["software"].title not in html
    _, html = get(client, world.users.central, LIST + "?late=on")
    assert some["late"].title not in html and some["software"].title in html
    _, html = get(client, world.users.central, LIST + "?state=nonsense")
    assert some["late"].title in html  # a wrong filter shows everything


def test_the_list_is_paginated(client, world, people):
    for _ in range(27):
        make_problem(people.raiser)
    _, html = get(client, world.users.district, LIST)
    assert "27 vướng mắc" in html and "Trang 1/2" in html
    _, html = get(client, world.users.district, LIST + "?page=2")
    assert html.count('<td class="num">') == 2


def test_the_list_in_english(client, world, some):
    _, html = get(client, world.users.province, LIST, "en")
    for text in ["Problems", "Raise a problem", "Answered questions", "Figures", "Overdue"]:
        assert text in html, text
    assert "Vướng mắc</a>" not in html


def test_the_menu_leads_to_the_problems_and_to_do(client, world):
    _, html = get(client, world.users.province, reverse("progress:office", args=["79"]))
    assert f'href="{LIST}"' in html and f'href="{INBOX}"' in html and "Việc cần làm" in html
    # A district's "To do" holds the monthly reports it must send (the reports app).
    _, html = get(client, world.users.district, reverse("progress:office", args=["760"]))
    assert f'href="{LIST}"' in html and f'href="{INBOX}"' in html
    response, html = get(client, world.users.district, INBOX)
    assert response.status_code == 200


def test_the_inbox_lists_what_waits_for_the_department_and_owned_decisions(
    client, world, people, some
):
    member = make_member("79", people.hcm_book_card, role="member")
    make_decision(make_meeting("79", [member]), member, text="Rà soát khu chế xuất")
    response, html = get(client, people.hcm_book_card, INBOX)
    check(response, "inbox")
    assert some["late"].title in html and some["employer"].title in html
    assert some["software"].title not in html  # Hồ Chí Minh's IT department's
    assert "Rà soát khu chế xuất" in html and "Quá hạn" in html
    assert "Vướng mắc ở trung ương" not in html


def test_the_focal_point_sees_the_problems_at_the_centre(client, world, people, some):
    services.send_up(problem=some["software"], actor=people.hcm_it)
    _, html = get(client, people.centre_book_card, INBOX)
    assert "Vướng mắc ở trung ương (đầu mối)" in html and some["software"].title in html
    _, html = get(client, people.centre_it, INBOX)
    assert some["software"].title in html and "đầu mối" not in html


def test_the_inbox_in_english(client, world, people):
    _, html = get(client, people.hcm_book_card, INBOX, "en")
    assert "To do" in html and "Nothing is waiting for your department." in html


@pytest.fixture
def shared(people):
    problem = problem_in(
        "resolved",
        people,
        title="Cấp lại sổ BHXH bị mất",
        description="Người lao động làm mất sổ bảo hiểm xã hội.",
    )
    return services.set_shareable(problem=problem, actor=people.hcm_book_card, shareable=True)


@pytest.mark.parametrize("role", ["central", "province", "district"])
def test_staff_search_the_answered_questions_with_or_without_accents(client, world, shared, role):
    for query in ["sổ bhxh", "so bhxh", "SO BAO HIEM"]:
        response, html = get(client, world.users[role], f"{ANSWERED}?q={query}")
        check(response, role)
        assert shared.title in html, query
    _, html = get(client, world.users[role], f"{ANSWERED}?q=phần mềm")
    assert shared.title not in html and "Không có câu hỏi đã trả lời nào phù hợp." in html
    response, html = get(
        client, world.users[role], reverse("problems:answered_question", args=[shared.pk])
    )
    check(response, role)
    assert "Làm theo CV 4027." in html and "Câu trả lời" in html


def test_a_search_past_the_count_cap_shows_the_newest_and_asks_for_narrower_words(
    client, world, shared, monkeypatch
):
    monkeypatch.setattr(views, "ANSWERED_COUNTED", 0)
    _, html = get(client, world.users["central"], f"{ANSWERED}?q=so bhxh")
    assert "Tìm thấy hơn 0 câu hỏi đã được trả lời" in html
    monkeypatch.setattr(views, "ANSWERED_COUNTED", 1)
    _, html = get(client, world.users["central"], f"{ANSWERED}?q=so bhxh")
    assert "Tìm thấy hơn" not in html and shared.title in html


def test_another_province_reads_an_answered_question_too(client, world, shared):
    hanoi = make_user("hn", role=Role.PROVINCE, office="01")
    response, _ = get(client, hanoi, reverse("problems:answered_question", args=[shared.pk]))
    assert response.status_code == 200
    assert get(client, hanoi, reverse("problems:detail", args=[shared.pk]))[0].status_code == 404


def test_employers_and_unshared_problems_reach_no_answered_question(client, world, people, shared):
    client.force_login(world.users.employer)
    assert client.get(ANSWERED).status_code == 404
    assert client.get(reverse("problems:answered_question", args=[shared.pk])).status_code == 404
    private = problem_in("resolved", people)
    client.force_login(world.users.central)
    assert client.get(reverse("problems:answered_question", args=[private.pk])).status_code == 404


def test_the_answered_questions_in_english(client, world, shared):
    _, html = get(client, world.users.district, ANSWERED, "en")
    assert "Answered questions" in html and "Words to look for" in html


@pytest.mark.parametrize("by", ["department", "office", "category"])
def test_the_figures_by_department_office_and_category(client, world, some, by):
    response, html = get(client, world.users.central, f"{FIGURES}?by={by}")
    check(response, by)
    assert 'class="table-wrap"' in html and "Xuất ra Excel" in html
    if by == "office":
        assert "BHXH Quận 1" in html or "Quận 1" in html


def test_the_figures_export_to_excel(client, world, some):
    client.force_login(world.users.province)
    response = client.get(FIGURES + "xlsx/?by=department")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="vuong-mac_department_')
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0][0] == "Vướng mắc theo phòng ban"
    assert rows[3][:3] == ["Phòng ban", "Đang chờ xử lý", "Quá hạn"]
    assert sum(row[1] for row in rows[4:]) == 3  # the province's three, all open


@pytest.mark.parametrize("role", ["district", "employer"])
def test_district_and_employer_users_reach_no_figures(client, world, role):
    client.force_login(world.users[role])
    assert client.get(FIGURES).status_code == 404
    assert client.get(FIGURES + "xlsx/").status_code == 404


def test_the_figures_in_english(client, world, some):
    _, html = get(client, world.users.central, FIGURES, "en")
    assert "Figures of the problems" in html and "Answered in time" in html


def test_the_pages_leave_nothing_inline_for_the_policy(client, world, some):
    client.force_login(world.users.central)
    for address in [LIST, INBOX, ANSWERED, FIGURES, "/problems/new/"]:
        check(client.get(address), address)
