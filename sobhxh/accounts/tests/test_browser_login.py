"""In a real browser: logging in, the lock-out, the language switch."""

import pytest

from sobhxh.browser import log_in

pytestmark = pytest.mark.browser


def test_a_central_user_logs_in_and_out_in_vietnamese(page):
    log_in(page, "demo")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator(".site-user-name").inner_text() == "Trung ương Demo"
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/**")


def test_a_wrong_password_gets_a_message_not_a_page_of_errors(page):
    log_in(page, "demo-tinh", "sai-mat-khau")
    assert page.url.endswith("/accounts/login/")
    assert page.locator(".errorlist, .message-error").first.is_visible()


def test_the_language_switch_turns_the_pages_to_english_and_back(page):
    log_in(page, "demo")
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    page.locator("button[name=language][value=vi]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
