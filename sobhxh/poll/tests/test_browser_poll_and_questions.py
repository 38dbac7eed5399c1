"""In a real browser, on a phone's screen: a visitor votes in the poll and sees the results;
another asks a question, keeps the reference and reads it back. (The department's answer is
in questions/tests/test_story.py.)"""

import re

import pytest
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.browser


def _public_base_renders() -> bool:
    # The public base links to the self-service lookup, built on its own branch.
    try:
        reverse("selfservice:lookup")
    except NoReverseMatch:
        return False
    return True


needs_public_base = pytest.mark.skipif(
    not _public_base_renders(), reason="the self-service lookup is not merged yet"
)


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


@needs_public_base
def test_a_visitor_votes_and_sees_the_results(phone):
    phone.goto("/binh-chon/")
    phone.get_by_label("Tra cứu thông tin (sổ BHXH, quá trình đóng)").check()
    phone.get_by_role("button", name="Bình chọn").click()
    phone.wait_for_load_state()

    assert "/binh-chon/ket-qua/" in phone.url
    assert phone.get_by_text("Cảm ơn bạn đã bình chọn.").is_visible()
    table = phone.locator("table.poll-results")
    assert table.is_visible()
    assert table.locator("td.poll-number").first.inner_text().strip().isdigit()

    phone.goto("/binh-chon/")
    assert phone.locator("input[name=option]").count() == 0
    assert phone.get_by_text("Bạn đã bình chọn. Cảm ơn bạn!").is_visible()


@needs_public_base
def test_a_visitor_asks_and_reads_the_question_back(phone):
    phone.goto("/hoi-dap/gui-cau-hoi/")
    phone.get_by_label("Họ và tên").fill("Trịnh Văn Sơn")
    phone.get_by_label("Số điện thoại hoặc email").fill("0903123456")
    phone.get_by_label("Chủ đề").select_option("book")
    phone.get_by_label("Câu hỏi của bạn").fill("Tôi nhận sổ BHXH ở đâu khi công ty đã giải thể?")
    phone.locator("altcha-widget input[type=checkbox]").check()
    phone.wait_for_function(
        "document.querySelector('input[name=altcha]')?.value.length > 0", timeout=30_000
    )
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    phone.wait_for_load_state()

    reference = phone.locator(".qa-reference-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", reference)

    phone.goto("/hoi-dap/tra-cuu/")
    phone.get_by_label("Mã tra cứu").fill(reference.lower())
    phone.get_by_role("button", name="Tra cứu").click()
    phone.wait_for_load_state()
    assert phone.get_by_text("Tôi nhận sổ BHXH ở đâu khi công ty đã giải thể?").is_visible()
    assert phone.get_by_text("Câu hỏi của bạn chưa được trả lời.", exact=False).is_visible()

    phone.goto("/hoi-dap/?q=so bhxh")
    assert phone.get_by_role("heading", name="Hỏi đáp").is_visible()
