"""A problem's page: who reaches it (every role in place; 404 out of place), the thread with
internal notes hidden from employers, downloads only for those who see the problem, each
action's form and its refusals shown as messages, the policy and the English switch."""

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.problems import services
from sobhxh.problems.models import Attachment, Problem
from sobhxh.problems.states import State
from sobhxh.testing.csp import check
from sobhxh.testing.factories import make_problem, make_user

from .conftest import get, pdf, problem_in

pytestmark = pytest.mark.django_db


def url(problem, action=None):
    if action:
        return reverse("problems:act", args=[problem.pk, action])
    return reverse("problems:detail", args=[problem.pk])


@pytest.fixture
def outsiders(world):
    """Users out of place for a problem of Quận 1 (760, in 79) or of its employer E-Q1."""
    return {
        "another province": make_user("hn", role=Role.PROVINCE, office="01"),
        "a sibling district": make_user("q12", role=Role.DISTRICT, office="761"),
        "another employer": make_user("cty12", role=Role.EMPLOYER, employer="E-Q12"),
    }


@pytest.fixture
def noted(people):
    """A problem of Quận 1 with an answer, an internal note with a file, and a file of its
    own."""
    problem = make_problem(people.raiser, files=[pdf("ho-so.pdf")])
    services.add_note(
        problem=problem,
        actor=people.hcm_book_card,
        text="Ghi chú nội bộ: đơn vị này nợ đóng",
        files=[pdf("noi-bo.pdf")],
    )
    services.answer(problem=problem, actor=people.hcm_book_card, text="Làm theo CV 4027.")
    problem.refresh_from_db()
    return problem


@pytest.mark.parametrize("role", ["central", "province", "district"])
def test_every_office_in_place_reads_the_page_with_its_notes(client, world, noted, role):
    response, html = get(client, world.users[role], url(noted))
    assert response.status_code == 200
    check(response, role)
    for text in ["Làm theo CV 4027.", "Ghi chú nội bộ", "noi-bo.pdf", "ho-so.pdf", "Lịch sử"]:
        assert text in html, text
    assert "Phòng Cấp sổ, thẻ" in html or "Cấp sổ" in html


def test_an_employer_reads_its_own_problem_without_the_internal_notes(client, world, people):
    problem = make_problem(world.users.employer, files=[pdf("cua-don-vi.pdf")])
    services.add_note(
        problem=problem,
        actor=people.hcm_book_card,
        text="Ghi chú nội bộ bí mật",
        files=[pdf("bi-mat.pdf")],
    )
    services.answer(problem=problem, actor=people.hcm_book_card, text="Trả lời đơn vị")
    response, html = get(client, world.users.employer, url(problem))
    assert response.status_code == 200
    check(response, "employer")
    assert "Trả lời đơn vị" in html and "cua-don-vi.pdf" in html
    assert "bí mật" not in html and "bi-mat.pdf" not in html
    assert "Ghi chú nội bộ" not in html and "Viết ghi chú nội bộ" not in html
    secret = Attachment.objects.get(original_name="bi-mat.pdf")
    assert client.get(reverse("problems:download", args=[secret.pk])).status_code == 404
    own = Attachment.objects.get(original_name="cua-don-vi.pdf")
    assert client.get(reverse("problems:download", args=[own.pk])).status_code == 200


@pytest.mark.parametrize("who", ["another province", "a sibling district", "another employer"])
def test_out_of_place_the_page_its_forms_and_its_files_answer_404(
    client, world, noted, outsiders, who
):
    client.force_login(outsiders[who])
    assert client.get(url(noted)).status_code == 404
    assert client.post(url(noted, "reopen"), {"reopen-reason": "x"}).status_code == 404
    for attachment in Attachment.objects.filter(problem=noted):
        assert client.get(reverse("problems:download", args=[attachment.pk])).status_code == 404


def test_an_employer_does_not_reach_a_problem_its_district_raised(client, world, noted):
    client.force_login(world.users.employer)
    assert client.get(url(noted)).status_code == 404


def test_the_download_is_an_attachment_with_its_name(client, world, noted):
    attachment = Attachment.objects.get(original_name="ho-so.pdf")
    client.force_login(world.users.district)
    response = client.get(reverse("problems:download", args=[attachment.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "ho-so.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("problems:download", args=[999999])).status_code == 404


def test_the_department_takes_answers_and_the_raiser_reopens_and_accepts(client, world, people):
    problem = make_problem(people.raiser)
    _, html = get(client, people.hcm_book_card, url(problem))
    for text in ["Nhận xử lý", "Trả lời", "Chuyển lên trung ương", "Viết ghi chú nội bộ"]:
        assert text in html, text
    response = client.post(url(problem, "take"))
    assert response.status_code == 302
    assert client.get(response.url).content.decode().count("Bạn đã nhận xử lý vướng mắc") == 1
    client.post(
        url(problem, "answer"),
        {"answer-text": "Làm theo Mẫu 02.", "answer-files": [pdf("huong-dan.pdf")]},
    )
    problem.refresh_from_db()
    assert problem.state == State.ANSWERED
    assert problem.attachments.get().original_name == "huong-dan.pdf"

    _, html = get(client, people.raiser, url(problem))
    assert "Chấp nhận câu trả lời" in html and "Mở lại" in html
    client.post(url(problem, "reopen"), {"reopen-reason": "Chưa rõ Mẫu 02 nộp ở đâu"})
    problem.refresh_from_db()
    assert problem.state == State.REOPENED

    client.force_login(people.hcm_book_card)
    client.post(url(problem, "send_up"), {"send_up-note": "Xin ý kiến Ban Sổ - Thẻ"})
    client.force_login(people.centre_book_card)
    client.post(url(problem, "answer"), {"answer-text": "Nộp tại bộ phận một cửa."})
    client.post(url(problem, "share"))
    client.force_login(people.raiser)
    client.post(url(problem, "accept"))
    problem.refresh_from_db()
    assert (problem.state, problem.level, problem.shareable) == (State.RESOLVED, "centre", True)
    _, html = get(client, people.raiser, url(problem))
    assert "Đã chia sẻ" in html and "Câu trả lời được chọn" in html


def test_a_refusal_is_shown_on_the_page_as_a_message(client, world, people):
    problem = problem_in(State.ANSWERED, people)
    client.force_login(people.raiser)
    response = client.post(url(problem, "reopen"), {"reopen-reason": ""})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    # The raiser may not answer: the service's refusal, in Vietnamese, not a traceback.
    response = client.post(url(problem, "answer"), {"answer-text": "Tự trả lời"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"Vướng mắc số {problem.pk}" in html and 'role="alert"' in html
    check(response, "refused")
    assert Problem.objects.get(pk=problem.pk).state == State.ANSWERED


def test_a_file_refused_by_type_is_told_in_vietnamese(client, world, people):
    problem = make_problem(people.raiser)
    client.force_login(people.hcm_book_card)
    fake = pdf("virus.pdf", b"MZ\x90\x00 not a pdf")
    response = client.post(
        url(problem, "answer"), {"answer-text": "Xem tệp", "answer-files": [fake]}
    )
    html = response.content.decode()
    assert "virus.pdf" in html and "không được chấp nhận" in html
    assert Problem.objects.get(pk=problem.pk).state == State.NEW


def test_an_unknown_action_answers_404_and_get_is_refused(client, world, people):
    problem = make_problem(people.raiser)
    client.force_login(people.hcm_book_card)
    assert client.post(url(problem, "explode")).status_code == 404
    assert client.get(url(problem, "take")).status_code == 405


def test_reroute_and_recategorise_forms_offer_the_province_and_the_centre(client, world, people):
    problem = make_problem(people.raiser)
    _, html = get(client, people.hcm_book_card, url(problem))
    assert "Phòng Công nghệ thông tin" in html or "Công nghệ thông tin" in html
    it = people.hcm_it.profile.department
    client.post(url(problem, "reroute"), {"reroute-department": it.pk, "reroute-note": "Lỗi in"})
    problem.refresh_from_db()
    assert problem.department == it
    client.force_login(people.hcm_it)
    client.post(url(problem, "recategorise"), {"recategorise-category": "software-printing"})
    problem.refresh_from_db()
    assert problem.category.code == "software-printing"
    client.post(url(problem, "close"), {"close-note": "Trùng vướng mắc khác"})
    problem.refresh_from_db()
    assert problem.state == State.CLOSED


def test_the_page_in_english(client, world, noted):
    _, html = get(client, world.users.district, url(noted), "en")
    for text in ["Answers and notes", "History", "Accept the answer", "Reopen", "Routed to"]:
        assert text in html, text
    assert "Lịch sử" not in html
