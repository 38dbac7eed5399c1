"""In a real browser, on a phone's screen: a visitor votes in the poll and sees the results;
another asks a question, keeps the reference and reads it back. (The department's answer is
in questions/tests/test_story.py.)"""

import re

import pytest

from sobhxh.browser import solve_challenge

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(page):
    page.set_viewport_size({"width": 390, "height": 844})
    return page


def test_a_visitor_reads_the_campaign_page_votes_and_sees_the_results(phone):
    phone.goto("/")
    phone.get_by_role("link", name="Kế hoạch 112").first.click()
    phone.wait_for_url("**/ke-hoach-112/")
    table = phone.locator("table.campaign-table")
    assert table.locator("tbody tr").count() == 63
    assert "Thành phố Hồ Chí Minh" in table.inner_text()

    phone.goto("/")
    box = phone.locator("form.poll-form")
    box.get_by_label("Tra cứu thông tin (sổ BHXH, quá trình đóng)").check()
    box.get_by_role("button", name="Bình chọn").click()
    results = phone.locator("table.poll-results")
    results.wait_for()
    assert phone.get_by_text("Cảm ơn bạn đã bình chọn.").is_visible()
    assert results.locator("td.poll-number").first.inner_text().strip().isdigit()

    phone.goto("/binh-chon/")
    assert phone.locator("input[name=option]").count() == 0
    assert phone.get_by_text("Bạn đã bình chọn. Cảm ơn bạn!").is_visible()


def test_a_visitor_asks_and_reads_the_question_back(phone):
    phone.goto("/hoi-dap/gui-cau-hoi/")
    phone.get_by_label("Họ và tên").fill("Trịnh Văn Sơn")
    phone.get_by_label("Số điện thoại hoặc email").fill("0903123456")
    phone.get_by_label("Chủ đề").select_option("book")
    phone.get_by_label("Câu hỏi của bạn").fill("Tôi nhận sổ BHXH ở đâu khi công ty đã giải thể?")
    solve_challenge(phone)
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    phone.locator(".qa-reference-code").wait_for()
    reference = phone.locator(".qa-reference-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", reference)

    phone.goto("/hoi-dap/tra-cuu/")
    phone.get_by_label("Mã tra cứu").fill(reference.lower())
    phone.get_by_role("button", name="Tra cứu").click()
    phone.get_by_text("Tôi nhận sổ BHXH ở đâu khi công ty đã giải thể?").wait_for()
    assert phone.get_by_text("Tôi nhận sổ BHXH ở đâu khi công ty đã giải thể?").is_visible()
    assert phone.get_by_text("Câu hỏi của bạn chưa được trả lời.", exact=False).is_visible()

    phone.goto("/hoi-dap/?q=so bhxh")
    assert phone.get_by_role("heading", name="Hỏi đáp").is_visible()
