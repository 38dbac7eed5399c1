"""In a real browser: the pages and the Django admin work under the Content Security
Policy, with no violation (the `page` fixture fails a test on any)."""

import pytest

from sobhxh.browser import log_in, watch_csp

pytestmark = pytest.mark.browser


def test_the_watcher_reports_an_inline_style_and_an_inline_script(chromium):
    context = chromium.new_context()
    violations = watch_csp(context)
    policy = "default-src 'none'; style-src 'self'; script-src 'self'"
    context.route(
        "http://csp.invalid/",
        lambda route: route.fulfill(
            body='<p style="color: red">x</p><script>document.title = "ran"</script>',
            headers={"Content-Type": "text/html", "Content-Security-Policy": policy},
        ),
    )
    tab = context.new_page()
    tab.goto("http://csp.invalid/")
    tab.wait_for_timeout(300)
    context.close()
    assert any("style-src" in v for v in violations)
    assert any("script-src" in v for v in violations)


def test_the_main_pages_draw_their_bars_and_chart_under_the_policy(page):
    log_in(page, "demo")
    for path in ["/dashboard/VN/", "/dashboard/79/", "/uploads/", "/books/?q=nguyen"]:
        response = page.goto(path)
        assert "default-src 'none'" in response.headers["content-security-policy"], path
    page.goto("/dashboard/79/")
    bar = page.locator(".dashboard-table .progress-bar").first.bounding_box()
    track = page.locator(".dashboard-table .progress").first.bounding_box()
    assert 0 < bar["width"] <= track["width"]
    assert page.locator("svg.progress-chart polyline").count() >= 1
    page.goto("/books/?q=nguyen")
    page.locator("table a[href^='/books/']").first.click()
    page.wait_for_load_state()
    employer = page.locator("a[href^='/work/']").first
    if employer.count():
        employer.click()
        page.wait_for_load_state()


def test_the_admin_works_under_the_policy(page):
    log_in(page, "demo")
    page.goto("/admin/")
    assert page.locator("#site-name").is_visible()

    page.goto("/admin/units/employer/")
    page.locator("#action-toggle").check()  # admin/js/actions.js selects every row
    rows = page.locator("input.action-select")
    assert rows.count() > 1 and rows.nth(1).is_checked()

    page.goto("/admin/progress/campaign/add/")
    # admin/js/admin/DateTimeShortcuts.js: a calendar beside the date, shown on a click.
    page.locator("#calendarlink0").click()
    assert page.locator("#calendarbox0").is_visible()
    page.keyboard.press("Escape")
    # admin/js/inlines.js: "add another" milestone row, with its own date shortcuts.
    before = page.locator(".datetimeshortcuts").count()
    page.locator(".add-row a").click()
    assert page.locator(".datetimeshortcuts").count() > before

    page.goto("/admin/books/book/")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_load_state()
    assert "/change/" in page.url

    page.goto("/admin/auth/user/add/")
    assert page.locator("#id_password1").is_visible()
