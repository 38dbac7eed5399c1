import random

import pytest

from sobhxh.poll import demo as poll_demo
from sobhxh.poll.selectors import active_poll
from sobhxh.questions import demo, selectors
from sobhxh.questions.models import Question
from sobhxh.testing.factories import department_member, make_public_question
from sobhxh.visits import demo as visits_demo
from sobhxh.visits.selectors import stats

pytestmark = pytest.mark.django_db


def test_the_demo_writes_answered_published_and_waiting_questions_once():
    department_member("VN", "book_card", "demo.vn.book_card.1")

    assert demo.write(random.Random(1)) == len(demo.QUESTIONS)
    assert demo.write(random.Random(1)) == 0
    assert selectors.published().count() == demo.PUBLISHED
    assert Question.objects.filter(answered_at__isnull=True).count() == 2
    assert selectors.published("so bhxh").exists()
    assert Question.objects.filter(answered_by__username="demo.vn.book_card.1").exists()


def test_the_demo_votes_and_visits():
    assert poll_demo.write(random.Random(1)) == 4
    assert poll_demo.write(random.Random(1)) == 0
    assert sum(o.votes for o in active_poll().options.all()) > 1000
    assert visits_demo.write(random.Random(1), days=30) == 30
    assert stats().visits_total > 0


def test_the_to_do_lists_the_departments_waiting_questions(client):
    waiting = make_public_question("money")
    make_public_question("book")
    client.force_login(department_member("VN", "finance"))

    page = client.get("/problems/inbox/").content.decode()
    content = page[page.index('<main id="content"') :]  # not the menu's "Questions"

    assert waiting.reference in page
    assert "Câu hỏi của người dân chờ đơn vị bạn trả lời" in page
    assert content.count('href="/staff/questions/') == 2  # the one question and the list
