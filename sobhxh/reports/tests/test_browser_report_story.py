"""In a real browser, the story of a June report (issue 14, "What it must show"): a district
submits its June report, the province returns it, the district sends a new version, the
province accepts it and submits its own; the centre sees both on its summary.

The demo users: demo-huyen (a district of Hồ Chí Minh), demo-tinh (Hồ Chí Minh), demo (the
centre). June 2019: a month past the demo's reports of 2017–2018, so that nothing was sent
for it before the story. The `page` fixture fails the test on any violation of the Content
Security Policy."""

import re

import pytest

from sobhxh.browser import log_in

pytestmark = pytest.mark.browser

JUNE = "2019-06"


def as_user(page, username: str, address: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)
    page.goto(address)


def success(page) -> str:
    message = page.locator(".message-success")
    assert message.count() == 1, page.content()
    return message.inner_text()


def test_a_june_report_from_a_district_to_the_centre(page):
    # The district opens its reports from the menu and picks June.
    as_user(page, "demo-huyen", "/staff/")
    page.get_by_role("link", name="Báo cáo", exact=True).click()
    page.get_by_label("Tháng").fill(JUNE)
    page.get_by_role("button", name="Xem").click()
    page.wait_for_load_state()
    district = page.url
    assert re.search(r"/reports/office/\d{3}/\?month=2019-06$", district), district
    page.get_by_label("Khó khăn, vướng mắc").fill("Đơn vị nợ đóng chưa xác nhận được sổ.")
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state()
    assert "(lần 1)" in success(page)

    # The province finds it in its To do page and returns it with a comment.
    as_user(page, "demo-tinh", "/problems/inbox/")
    page.locator(".report-reminders a", has_text="06/2019").first.click()
    page.wait_for_load_state()
    page.get_by_label("Ý kiến").fill("Đề nghị bổ sung kiến nghị.")
    page.get_by_role("button", name="Trả lại").click()
    page.wait_for_load_state()
    assert "Đã trả lại" in success(page)

    # The district reads why and sends a new version.
    as_user(page, "demo-huyen", district)
    assert "Đề nghị bổ sung kiến nghị." in page.content()
    page.get_by_label("Đề xuất, kiến nghị").fill("Đề nghị phối hợp đôn đốc đơn vị nợ đóng.")
    page.get_by_role("button", name="Gửi lại báo cáo").click()
    page.wait_for_load_state()
    assert "(lần 2)" in success(page)

    # The province accepts it from its board, then sends its own report.
    as_user(page, "demo-tinh", f"/reports/board/79/?month={JUNE}")
    row = page.locator("table.board tbody tr", has=page.locator(".badge", has_text="chờ duyệt"))
    assert row.count() == 1
    row.locator("summary").click()
    row.get_by_role("button", name="Chấp nhận").click()
    page.wait_for_load_state()
    assert "Đã chấp nhận" in success(page)
    page.get_by_role("link", name="Báo cáo của tỉnh").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state()
    assert "(lần 1)" in success(page)

    # The centre sees both on its national summary; the PDF of the province's report downloads.
    as_user(page, "demo", f"/reports/national/?month={JUNE}")
    hcm = page.locator("tr[data-code='79']")
    assert "Đã nộp, chờ duyệt" in hcm.locator(".report-state").inner_text()
    assert "đã nộp 1/" in hcm.locator(".district-reports").inner_text()
    assert "đã chấp nhận 1" in hcm.locator(".district-reports").inner_text()
    page.get_by_role("link", name="Báo cáo của các tỉnh").click()
    page.wait_for_load_state()
    page.locator("tr[data-code='79'] a", has_text="06/2019-1/BC-79").click()
    page.wait_for_load_state()
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải PDF").click()
    assert download.value.suggested_filename == "bao-cao-79-2019-06-v1.pdf"
    page.goto(f"/reports/national/?month={JUNE}")
    # A phone's screen shows the same page without breaking it.
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.locator("tr[data-code='79']").count() == 1
