"""The asker's story end to end, as a person goes through the pages: ask, note the
reference, wait, read the department's answer, find it later in the public list."""

import pytest

from sobhxh.questions.models import Question
from sobhxh.testing.challenge import solved
from sobhxh.testing.factories import department_member

pytestmark = pytest.mark.django_db


def test_ask_answer_read_back_and_find_in_public(client):
    visitor = type(client)()
    sent = visitor.post("/hoi-dap/gui-cau-hoi/", {
        "name": "Phan Thị Quỳnh", "contact": "0987654321", "topic": "book",
        "text": "Công ty chưa bàn giao sổ bảo hiểm xã hội cho tôi, tôi phải làm gì?",
        "altcha": solved(visitor),
    })  # fmt: skip
    reference = sent.context["question"].reference
    assert (
        "chưa được trả lời"
        in visitor.post("/hoi-dap/tra-cuu/", {"reference": reference}).content.decode()
    )

    client.force_login(department_member("VN", "book_card"))
    staff_page = client.get("/staff/questions/").content.decode()
    assert reference in staff_page
    url = f"/staff/questions/{reference}/"
    assert "0987654321" in client.get(url).content.decode()
    answer = "Bạn đề nghị đơn vị bàn giao sổ trong 20 ngày làm việc."
    public_text = Question.objects.get().text
    client.post(url, {"action": "answer", "public_text": public_text, "answer": answer})

    read = visitor.post("/hoi-dap/tra-cuu/", {"reference": reference}).content.decode()
    assert "Bạn đề nghị đơn vị bàn giao sổ trong 20 ngày làm việc." in read
    assert "trong 20 ngày" not in visitor.get("/hoi-dap/").content.decode()

    client.post(url, {"action": "publish"})
    public = visitor.get("/hoi-dap/", {"q": "ban giao so"}).content.decode()
    assert "trong 20 ngày làm việc" in public and "P.T.Q." in public
    assert "0987654321" not in public and "Phan Thị Quỳnh" not in public
