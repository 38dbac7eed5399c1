"""In a real browser: the public pages have no serious accessibility problem (axe-core)
on a phone and on a laptop, break no Content Security Policy, and the CMS works under its
own policy."""

import pytest

from sobhxh.browser import log_in, watch_csp
from sobhxh.testing.axe import violations

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 375, "height": 740}, "laptop": {"width": 1366, "height": 768}}


def portal_pages(tab) -> list[str]:
    """The home page and, found by following its links, the news list, a news item, the
    document list, a document and the campaign page; then the other public pages: the
    questions and answers (the list, asking, reading an answer back), the poll and the
    worker's lookup."""
    tab.goto("/")
    menu = tab.get_by_role("navigation", name="Menu chính")
    news = menu.get_by_role("link", name="Tin tức").get_attribute("href")
    documents = menu.get_by_role("link", name="Văn bản").get_attribute("href")
    campaign = menu.get_by_role("link", name="Kế hoạch 112").get_attribute("href")
    item = tab.locator(".news-item-title a").first.get_attribute("href")
    tab.goto(documents)
    document = tab.locator("table.data tbody th a").first.get_attribute("href")
    public = ["/hoi-dap/", "/hoi-dap/gui-cau-hoi/", "/hoi-dap/tra-cuu/", "/binh-chon/"]
    return ["/", news, item, documents, document, campaign, *public, "/tra-cuu/"]


@pytest.mark.parametrize("screen", VIEWPORTS)
def test_the_portals_pages_have_no_serious_accessibility_problem(chromium, demo_site, screen):
    context = chromium.new_context(
        viewport=VIEWPORTS[screen],
        base_url=demo_site,
        locale="vi-VN",
        is_mobile=screen == "phone",
        has_touch=screen == "phone",
    )
    csp = watch_csp(context)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    found = {}
    try:
        for url in portal_pages(tab):
            tab.goto(url)
            assert tab.title(), url
            problems = violations(tab)
            if problems:
                found[url] = problems
        # Nothing wider than the phone's screen but the tables, which scroll in their box.
        if screen == "phone":
            tab.goto("/")
            assert (
                tab.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS["phone"]["width"]
            )
    finally:
        context.close()
    assert found == {}
    assert csp == [], "Content Security Policy violated"


def test_the_document_search_in_the_browser(page):
    page.goto("/")
    page.get_by_role("navigation", name="Menu chính").get_by_role("link", name="Văn bản").click()
    page.get_by_label("Số hiệu, cơ quan ban hành hoặc từ khoá").fill("cong van 4027")
    page.get_by_role("button", name="Tìm kiếm").click()
    rows = page.locator("table.data tbody tr")
    assert rows.count() == 1
    assert "4027/BHXH-ST" in rows.first.inner_text()


def test_the_language_switch_and_the_staff_login_on_the_portal(page):
    page.goto("/")
    page.locator("button[name=language][value=en]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Latest news").is_visible()
    page.locator("button[name=language][value=vi]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator(".public-header").get_by_role("link", name="Đăng nhập cán bộ").click()
    assert "/accounts/login/" in page.url


def test_the_cms_opens_its_page_explorer_without_breaking_its_policy(page):
    # `page` fails the test on any Content Security Policy violation, the CMS's included.
    log_in(page, "demo")
    page.goto("/cms/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.goto("/cms/pages/")
    page.wait_for_load_state("networkidle")
    explorer = page.locator("main")
    assert explorer.get_by_text("Bảo hiểm xã hội Việt Nam").first.is_visible()
    # The home page's editor, then its children in the explorer.
    page.get_by_role("link", name="Bảo hiểm xã hội Việt Nam").first.click()
    page.wait_for_load_state("networkidle")
    assert "/edit/" in page.url
    page.goto(page.url.replace("/edit/", "/"))
    page.wait_for_load_state("networkidle")
    assert page.locator("main").get_by_text("Tin tức").first.is_visible()
