"""In a real browser, the story of one problem (issue 13, "What it must show"): a district
raises it with an attachment, the province's department answers, the district reopens, the
province sends it up, the centre's department answers and shares it, the district accepts,
and it is found among the answered questions, searched without diacritics. The demo users:
demo-huyen (a district of Hồ Chí Minh), demo-tinh (Hồ Chí Minh, Book and Card), demo (the
centre, Book and Card). The `page` fixture fails the test on any violation of the Content
Security Policy."""

import re

import pytest

from sobhxh.browser import log_in

pytestmark = pytest.mark.browser

TITLE = "Người lao động đã nghỉ việc chưa nhận Mẫu 02 bổ sung hồ sơ"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def as_user(page, username: str, address: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)
    page.goto(address)


def act(page, action: str, **fields) -> None:
    """Open the form of `action` on a problem's page, fill it in and send it."""
    form = page.locator(f"form[action$='/{action}/']")
    details = page.locator("details.action-card", has=form)
    if details.count() and details.get_attribute("open") is None:
        details.locator("summary").click()
    for name, value in fields.items():
        form.locator(f"[name='{action}-{name}']").fill(value)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".message-success").count() == 1, page.content()


def test_a_problem_from_a_district_to_the_centre_and_into_the_answered_questions(page, tmp_path):
    attachment = tmp_path / "mau-02.pdf"
    attachment.write_bytes(PDF)

    # The district raises it: what it is about, then the links and the file.
    as_user(page, "demo-huyen", "/problems/")
    page.get_by_role("link", name="Nêu vướng mắc").click()
    page.get_by_label("Tiêu đề").fill(TITLE)
    page.get_by_label("Nội dung").fill("Đơn vị không liên lạc được với người lao động.")
    page.get_by_label("Nhóm vướng mắc").select_option("procedure-papers")
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_load_state()
    assert "Bước 2/2" in page.content()
    page.get_by_label("Tệp đính kèm").set_input_files(str(attachment))
    page.locator("form.problem-form button[type=submit]").click()
    page.wait_for_load_state()
    found = re.search(r"/problems/(\d+)/$", page.url)
    assert found, page.url
    problem = page.url
    assert page.get_by_role("link", name="mau-02.pdf").count() == 1

    # The province's Book and Card downloads the file and answers.
    as_user(page, "demo-tinh", "/problems/inbox/")
    page.get_by_role("link", name=TITLE).click()
    with page.expect_download() as download:
        page.get_by_role("link", name="mau-02.pdf").click()
    assert download.value.suggested_filename == "mau-02.pdf"
    act(page, "answer", text="Gửi Mẫu 02 qua bưu điện theo địa chỉ thường trú.")

    # The district is not satisfied and reopens it.
    as_user(page, "demo-huyen", problem)
    assert "Gửi Mẫu 02 qua bưu điện" in page.content()
    act(page, "reopen", reason="Người lao động đã chuyển nơi ở, không rõ địa chỉ.")

    # The province sends it up to the centre.
    as_user(page, "demo-tinh", problem)
    act(page, "send_up", note="Xin ý kiến Ban Sổ - Thẻ.")

    # The centre's Book and Card answers and shares the answer.
    as_user(page, "demo", "/problems/inbox/")
    page.get_by_role("link", name=TITLE).first.click()
    act(
        page,
        "answer",
        text="Lập biên bản, lưu sổ tại cơ quan BHXH cho đến khi người lao động đến nhận.",
    )
    act(page, "share")

    # The district accepts: the problem is resolved.
    as_user(page, "demo-huyen", problem)
    act(page, "accept")
    assert "Đã giải quyết" in page.content() and "Đã chia sẻ" in page.content()

    # Anyone of the offices finds it, typed without diacritics.
    page.goto("/problems/answered/")
    page.get_by_label("Từ cần tìm").fill("nghi viec mau 02")
    page.get_by_role("button", name="Tìm kiếm").click()
    page.wait_for_load_state()
    page.get_by_role("link", name=TITLE).click()
    assert "Lập biên bản, lưu sổ tại cơ quan BHXH" in page.content()


def test_the_problem_pages_fit_a_phone(page):
    page.set_viewport_size({"width": 375, "height": 740})
    as_user(page, "demo-tinh", "/problems/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, width
    page.goto("/problems/inbox/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
