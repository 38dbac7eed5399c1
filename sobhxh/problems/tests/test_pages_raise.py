"""Raising a problem in two steps: what it is about, then answered questions like it, the
links and the files; the service's refusals shown on the form."""

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.intake.models import Upload
from sobhxh.problems import services
from sobhxh.problems.models import Problem
from sobhxh.testing.csp import check
from sobhxh.testing.factories import make_books, make_problem, make_user, office_with_code

from .conftest import pdf, problem_in

pytestmark = pytest.mark.django_db

NEW = "/problems/new/"


def draft(**extra):
    return {
        "step": "draft",
        "title": "Người lao động mất sổ BHXH khi nghỉ việc",
        "description": "Đơn vị báo người lao động làm mất sổ, xin hướng dẫn cấp lại.",
        "category": "procedure-untraceable",
        **extra,
    }


def send(**extra):
    return {**draft(), "step": "send", **extra}


@pytest.fixture
def answered_question(people):
    problem = problem_in(
        "resolved", people, title="Cấp lại sổ BHXH bị mất", description="Mất sổ thì làm gì?"
    )
    services.set_shareable(problem=problem, actor=people.hcm_book_card, shareable=True)
    return problem


@pytest.mark.parametrize("role", ["central", "province", "district", "employer"])
def test_every_role_with_a_place_opens_the_form(client, world, role):
    client.force_login(world.users[role])
    response = client.get(NEW)
    assert response.status_code == 200
    check(response, role)
    html = response.content.decode()
    assert "Bước 1/2" in html and "Thủ tục, quy trình rà soát và bàn giao sổ" in html
    assert "<optgroup" in html


def test_a_user_without_a_place_may_not_raise(client, db):
    client.force_login(make_user("nobody", role=None))
    assert client.get(NEW).status_code == 404


def test_the_first_step_suggests_answered_questions_before_sending(
    client, world, answered_question
):
    client.force_login(world.users.district)
    response = client.post(NEW, draft())
    html = response.content.decode()
    check(response, "suggestions")
    assert "Câu hỏi đã trả lời giống vướng mắc của bạn" in html
    assert reverse("problems:answered_question", args=[answered_question.pk]) in html
    assert "Vẫn gửi" in html and 'enctype="multipart/form-data"' in html
    assert 'value="Người lao động mất sổ BHXH khi nghỉ việc"' in html
    assert Problem.objects.count() == 1


def test_without_a_match_the_second_step_says_so(client, world):
    client.force_login(world.users.district)
    html = client.post(NEW, draft(title="Phần mềm treo khi in")).content.decode()
    assert "Chưa có câu hỏi đã trả lời nào giống" in html and "Gửi vướng mắc" in html


def test_an_employer_is_offered_no_answered_question(client, world, answered_question):
    client.force_login(world.users.employer)
    html = client.post(NEW, draft()).content.decode()
    assert "Câu hỏi đã trả lời giống" not in html
    assert 'name="employer"' not in html


def test_the_second_step_raises_with_links_and_files(client, world):
    books = make_books(world.employers.q1, 2)
    client.force_login(world.users.district)
    response = client.post(
        NEW,
        send(
            employer="E-Q1",
            books=f"{books[0].number}, {books[1].number}",
            files=[pdf("mau-03.pdf"), pdf("cong-van.pdf")],
        ),
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response.url == f"/problems/{problem.pk}/"
    assert problem.employer == world.employers.q1
    assert set(problem.books.all()) == set(books)
    assert sorted(a.original_name for a in problem.attachments.all()) == [
        "cong-van.pdf",
        "mau-03.pdf",
    ]
    page = client.get(response.url).content.decode()
    assert f"Đã gửi vướng mắc số {problem.pk}." in page and "Công ty May Quận 1" in page


def test_links_out_of_scope_are_refused_field_by_field(client, world):
    elsewhere = make_books(world.employers.ba_dinh, 1)[0]
    client.force_login(world.users.district)
    html = client.post(
        NEW, send(employer="E-BD", books=f"{elsewhere.number} 12ab", upload="999")
    ).content.decode()
    assert "Không có đơn vị nào mã “E-BD” trong phạm vi bạn quản lý." in html
    assert "“12ab” không phải mã số BHXH (10 chữ số)." in html
    assert "Bạn không có lần tải lên số 999." in html
    html = client.post(NEW, send(books=elsewhere.number)).content.decode()
    assert f"Không có sổ mang mã số {elsewhere.number} trong phạm vi bạn quản lý." in html
    assert not Problem.objects.exists()


def test_an_upload_of_another_office_is_refused_as_one_that_does_not_exist(client, world):
    hanoi = make_user("hn-uploader", role=Role.PROVINCE, office="01")
    theirs = Upload.objects.create(
        user=hanoi, office=office_with_code("01"), file_names=["so.csv"], files=[]
    )
    mine = Upload.objects.create(
        user=world.users.district, office=office_with_code("760"), file_names=["a.csv"], files=[]
    )
    client.force_login(world.users.district)
    html = client.post(NEW, send(upload=str(theirs.pk))).content.decode()
    assert f"Bạn không có lần tải lên số {theirs.pk}." in html
    assert not Problem.objects.exists()
    response = client.post(NEW, send(upload=str(mine.pk)))
    assert response.status_code == 302 and Problem.objects.get().upload == mine


def test_a_refused_file_is_told_and_the_files_must_be_chosen_again(client, world):
    client.force_login(world.users.district)
    response = client.post(NEW, send(files=[pdf("anh.png", b"not an image at all \x00")]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tệp “anh.png” không được chấp nhận" in html
    assert "Các tệp bạn đã chọn không được giữ lại" in html
    assert not Problem.objects.exists()


def test_an_empty_form_is_refused_on_each_step(client, world):
    client.force_login(world.users.district)
    html = client.post(NEW, {"step": "draft"}).content.decode()
    assert html.count('class="errorlist"') >= 3 and "Bước 1/2" in html
    html = client.post(NEW, {"step": "send", "category": "nope"}).content.decode()
    assert "Bước 2/2" in html and not Problem.objects.exists()


def test_the_form_in_english(client, world):
    client.force_login(make_user("hcm2", role=Role.PROVINCE, office="79"))
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(NEW).content.decode()
    assert "Raise a problem" in html and "Step 1 of 2" in html
    assert "Review and handover procedure" in html


def test_a_problem_raised_is_listed_for_the_raiser(client, world):
    problem = make_problem(world.users.district)
    client.force_login(world.users.district)
    assert problem.title in client.get("/problems/").content.decode()


def test_the_file_limits_are_told_in_the_language_of_the_page(client, world):
    client.force_login(world.users.district)
    step_two = {**draft(), "step": "draft", "title": "Phần mềm treo"}
    assert "Tối đa 10 tệp, mỗi tệp không quá 10 MB" in client.post(NEW, step_two).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Up to 10 files of at most 10 MB each" in client.post(NEW, step_two).content.decode()
