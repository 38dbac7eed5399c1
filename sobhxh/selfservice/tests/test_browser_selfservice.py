"""In a real browser: a worker looks up their book (the ALTCHA widget solving its
challenge in Chromium under the site's CSP), disputes a period, and the office then
reads the worker's dispute on the book's page.

The demo district (demo-huyen) holds a single disputed book, which the books' browser test
corrects, and nothing in review: the office here is the demo province (demo-tinh), whose
book page is the district's page (the same view and template; `test_answer` shows the
district's page itself). The book is the last one it lists in review (or not yet reviewed,
then its review is started), with a date of birth known to the day."""

import re

import pytest

from sobhxh.browser import log_in, solve_challenge, watch_csp
from sobhxh.testing.axe import violations as violations_of

pytestmark = pytest.mark.browser

WORDS = "Thiếu thời gian làm ở Công ty May Hòa Bình, tháng 3 năm 2010"


OFFICE = "demo-tinh"


def listed(page, state: str) -> list[str]:
    page.goto("/books/")
    page.locator("select[name=state]").select_option(state)
    page.locator(".search-form button[type=submit]").click()
    page.wait_for_load_state()
    cells = page.locator("table.results tbody tr td:first-child").all()
    return [cell.inner_text().strip() for cell in cells]


def a_book_in_review(page) -> dict:
    log_in(page, OFFICE)
    for state in ("in_review", "not_reviewed"):
        for number in reversed(listed(page, state)):
            page.goto(f"/books/{number}/")
            birth = page.locator(".book-facts dd").nth(2).inner_text().strip()
            if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", birth):
                continue
            if state == "not_reviewed":  # the office prints the statement: into review
                form = page.locator("#action-start_review")
                form.locator("summary").click()
                form.locator("button[type=submit]").click()
                page.wait_for_url(f"**/books/{number}/")
            badge = page.locator(".page-header .badge.state").get_attribute("class")
            assert "state-in_review" in badge
            return {"number": number, "birth": birth}
    pytest.fail("no book to review with a full date of birth")


def test_a_worker_disputes_a_period_and_the_office_sees_it(page, chromium, demo_site):
    book = a_book_in_review(page)

    worker = chromium.new_context(
        viewport={"width": 390, "height": 844}, base_url=demo_site, locale="vi-VN"
    )
    violations = watch_csp(worker)
    phone = worker.new_page()
    phone.set_default_timeout(15_000)
    phone.goto("/tra-cuu/")
    phone.get_by_label("Mã số BHXH").fill(book["number"])
    phone.get_by_label("hoặc ngày sinh của bạn").fill(book["birth"])
    solve_challenge(phone)
    phone.get_by_role("button", name="Tra cứu", exact=True).click()
    phone.wait_for_url("**/tra-cuu/so/")
    assert book["number"] not in phone.url
    assert "Đang rà soát" in phone.locator(".selfservice-status").inner_text()
    assert violations_of(phone) == [], "accessibility (axe-core): serious or critical"

    dispute = phone.locator("form#dispute")
    dispute.get_by_label("Thiếu quá trình đóng").check()
    options = dispute.locator("select[name=period] option").all()
    period = options[1].get_attribute("value") if len(options) > 1 else ""
    if period:
        dispute.locator("select[name=period]").select_option(period)
    dispute.locator("textarea[name=words]").fill(WORDS)
    dispute.get_by_role("button", name="Gửi nội dung sai").click()
    phone.wait_for_url("**/tra-cuu/so/")
    assert "Có sai lệch" in phone.locator(".selfservice-status").inner_text()
    assert WORDS in phone.locator(".selfservice-status").inner_text()

    phone.get_by_role("button", name="Kết thúc và xoá").click()
    phone.wait_for_url("**/tra-cuu/")
    phone.goto("/tra-cuu/so/")
    assert phone.url.endswith("/tra-cuu/")
    worker.close()
    assert violations == [], "Content Security Policy violated"

    page.goto(f"/books/{book['number']}/")
    latest = page.locator("ol.timeline > li.event").first
    text = latest.inner_text()
    assert WORDS in text
    assert "Người lao động (trực tuyến)" in text
    if period:
        assert period in text
