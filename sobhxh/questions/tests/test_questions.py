import pytest

from sobhxh.questions import selectors, services
from sobhxh.questions.models import Question
from sobhxh.testing.challenge import solved
from sobhxh.testing.factories import (
    PASSWORD,
    department_member,
    make_public_question,
    make_user,
)

pytestmark = pytest.mark.django_db

ASK = "/hoi-dap/gui-cau-hoi/"
LOOKUP = "/hoi-dap/tra-cuu/"


def _asked(client, **data):
    form = {
        "name": "Trần Thị Bình",
        "contact": "binh@example.vn",
        "topic": "book",
        "text": "Công ty cũ chưa trả sổ BHXH cho tôi, tôi phải làm gì?",
        "altcha": solved(client),
        **data,
    }
    return client.post(ASK, form)


def test_a_question_is_routed_to_its_department_and_shows_its_reference_once(client):
    response = _asked(client, topic="revenue")

    question = Question.objects.get()
    assert response.status_code == 200
    assert question.reference in response.content.decode()
    assert len(question.reference) == 10
    assert set(question.reference) <= set(services.ALPHABET)
    assert question.department.function == "revenue"
    assert question.department.office.code == "VN"
    assert question.initials == "T.T.B."
    assert question.reference not in client.get(LOOKUP).content.decode()


def test_a_question_without_its_challenge_is_refused(client):
    response = client.post(ASK, {"name": "An", "contact": "0912345678", "topic": "book",
                                 "text": "Sổ BHXH của tôi ở đâu vậy?"})  # fmt: skip

    assert response.status_code == 200
    assert "altcha" in response.context["form"].errors
    assert not Question.objects.exists()


def test_a_replayed_challenge_is_refused(client):
    payload = solved(client)
    assert _asked(client, altcha=payload).status_code == 200

    again = _asked(client, altcha=payload)

    assert "altcha" in again.context["form"].errors
    assert Question.objects.count() == 1


def test_a_bad_contact_is_refused_with_a_message(client):
    response = _asked(client, contact="không có")

    assert response.context["form"].errors["contact"]
    assert not Question.objects.exists()


def test_questions_are_limited_per_address(client, monkeypatch):
    from sobhxh.limits import Limit

    monkeypatch.setattr("sobhxh.questions.views.ASK_LIMIT", Limit("questions-ask", 2, 3600))
    _asked(client)
    _asked(client)

    refused = _asked(client)

    assert refused.status_code == 429
    assert "Quá nhiều câu hỏi" in refused.content.decode()
    assert Question.objects.count() == 2


def test_the_asker_reads_the_answer_by_reference_before_publication(client):
    staff = department_member("VN", "book_card")
    question = make_public_question(answered_by=staff, answer="Bạn liên hệ BHXH huyện.")
    assert not question.is_published

    found = client.post(LOOKUP, {"reference": question.reference.lower()[:5] + "-" +
                                 question.reference.lower()[5:]})  # fmt: skip

    assert found.context["question"] == question
    assert "Bạn liên hệ BHXH huyện." in found.content.decode()


def test_a_waiting_question_says_so_and_an_unknown_reference_is_refused(client):
    question = make_public_question()

    waiting = client.post(LOOKUP, {"reference": question.reference}).content.decode()
    unknown = client.post(LOOKUP, {"reference": "ABCDEFGHJK"})

    assert "chưa được trả lời" in waiting
    assert unknown.context["question"] is None
    assert unknown.context["form"].errors["reference"]


def test_lookups_are_limited_per_address(client, monkeypatch):
    from sobhxh.limits import Limit

    monkeypatch.setattr("sobhxh.questions.views.LOOKUP_LIMIT", Limit("qa-lookup-t", 1, 3600))
    question = make_public_question()
    client.post(LOOKUP, {"reference": "ABCDEFGHJK"})

    refused = client.post(LOOKUP, {"reference": question.reference})

    assert refused.status_code == 429
    assert refused.context.get("question") is None


def test_staff_see_only_their_departments_questions(client):
    money = make_public_question("money")
    book = make_public_question("book")
    finance = department_member("VN", "finance")
    client.force_login(finance)

    listed = client.get("/staff/questions/")

    assert list(listed.context["page"]) == [money]
    assert client.get(f"/staff/questions/{book.reference}/").status_code == 404
    assert client.get(f"/staff/questions/{money.reference}/").status_code == 200


def test_the_focal_point_sees_every_question_and_others_none(client):
    questions = {make_public_question("money"), make_public_question("online")}
    assert set(selectors.visible_questions(department_member("VN", "book_card"))) == questions
    province = department_member("79", "book_card")
    assert not selectors.visible_questions(province).exists()
    assert not selectors.visible_questions(make_user()).exists()
    client.force_login(province)
    assert client.get("/staff/questions/").status_code == 404
    assert client.get(f"/staff/questions/{questions.pop().reference}/").status_code == 404


def test_staff_answer_publish_and_unpublish(client):
    staff = department_member("VN", "benefits")
    question = make_public_question(
        "benefits", text="Tôi là Nguyễn Văn An, 0912345678, hỏi về chế độ thai sản?"
    )
    client.force_login(staff)
    url = f"/staff/questions/{question.reference}/"

    refused = client.post(url, {"action": "publish"}, follow=True)
    assert "Hãy trả lời" in refused.content.decode()
    client.post(url, {"action": "answer", "answer": "Chế độ thai sản được hưởng 6 tháng.",
                      "public_text": "Hỏi về chế độ thai sản?"})  # fmt: skip
    client.post(url, {"action": "publish"})
    question.refresh_from_db()
    assert question.is_published and question.answered_by == staff

    page = client.get("/hoi-dap/").content.decode()
    assert "Chế độ thai sản được hưởng 6 tháng." in page
    assert "N.V.A." in page
    assert "0912345678" not in page and "Nguyễn Văn An" not in page

    client.post(url, {"action": "unpublish"})
    assert "Chế độ thai sản" not in client.get("/hoi-dap/").content.decode()


def test_contacts_and_names_are_never_shown_in_public(client):
    staff = department_member("VN", "book_card")
    make_public_question(name="Lê Hoàng Minh", contact="minh.le@example.vn", answered_by=staff,
                         published=True)  # fmt: skip

    page = client.get("/hoi-dap/").content.decode()

    assert "L.H.M." in page
    assert "minh.le@example.vn" not in page and "Lê Hoàng Minh" not in page
    assert "contact" not in selectors.PUBLIC_FIELDS and "name" not in selectors.PUBLIC_FIELDS


@pytest.mark.parametrize("query", ["sổ bảo hiểm", "so bao hiem", "SO BAO", "bảo hiem"])
def test_search_works_with_or_without_diacritics(client, query):
    staff = department_member("VN", "book_card")
    wanted = make_public_question(text="Làm sao nhận lại sổ bảo hiểm xã hội?", answered_by=staff,
                                  published=True)  # fmt: skip
    make_public_question(text="Đóng tiền nợ thế nào?", answered_by=staff, published=True)
    make_public_question(text="Sổ bảo hiểm chưa trả lời?")  # not published

    response = client.get("/hoi-dap/", {"q": query})

    assert list(response.context["page"]) == [wanted]


def test_a_word_matches_the_start_of_a_syllable_only(client):
    staff = department_member("VN", "book_card")
    make_public_question(text="Hỏi về thẻ bảo hiểm?", answered_by=staff, published=True)

    assert selectors.published("hiem").count() == 1
    assert selectors.published("iem").count() == 0


def test_the_public_list_is_paginated(client):
    staff = department_member("VN", "book_card")
    for _ in range(12):
        make_public_question(answered_by=staff, published=True)

    first = client.get("/hoi-dap/")
    second = client.get("/hoi-dap/", {"page": 2})

    assert len(first.context["page"]) == 10 and len(second.context["page"]) == 2
    assert client.get("/hoi-dap/", {"page": "x"}).status_code == 200


def test_staff_pages_need_a_login(client):
    assert client.get("/staff/questions/").status_code == 302
    assert PASSWORD


def test_the_staff_menu_shows_questions_to_those_who_answer_them_only(client):
    client.force_login(department_member("VN", "finance"))
    assert 'href="/staff/questions/"' in client.get("/problems/").content.decode()

    client.force_login(department_member("79", "book_card"))
    assert 'href="/staff/questions/"' not in client.get("/problems/").content.decode()
