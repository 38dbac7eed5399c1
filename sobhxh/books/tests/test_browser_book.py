"""In a real browser, as a district office (demo-huyen): find a book by its worker's name
typed without diacritics, act on it through its page's forms, see the history grow, and
read the refusals in Vietnamese.

The book is the district's disputed one, chosen through the search page's own list: the
journey test works on books not yet reviewed elsewhere, so the two never meet.
"""

import unicodedata

import pytest
from django.utils import translation

from sobhxh.browser import ROOT, log_in

pytestmark = pytest.mark.browser

SCREENS = ROOT / "bench" / "out" / "screens"
PHONE = {"width": 390, "height": 844}
WORDS = "Thiếu thời gian làm ở Công ty Hòa Bình từ 01/2015 đến 06/2016"


def vi(message: str, **params) -> str:
    with translation.override("vi"):
        text = translation.gettext(message)
    return text % params if params else text


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def without_diacritics(text: str) -> str:
    """ "Nguyễn Thị Hiền" -> "nguyen thi hien", as a user types on a plain keyboard."""
    text = nfc(text).replace("đ", "d").replace("Đ", "D")
    bare = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return bare.lower()


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def search(page, *, text: str = "", state: str = "") -> list[dict]:
    """Search from the search page's form; the rows of the results."""
    page.locator("input[name=q]").fill(text)
    page.locator("select[name=state]").select_option(state)
    page.locator(".search-form button[type=submit]").click()
    page.wait_for_load_state()
    rows = page.locator("table.results tbody tr")
    return [
        {
            "number": row.locator("td").nth(0).inner_text().strip(),
            "name": nfc(row.locator("td").nth(1).inner_text().strip()),
        }
        for row in rows.all()
    ]


def state_badge(page) -> str:
    return page.locator(".page-header .badge.state").get_attribute("class")


def act(page, action: str, *, on: str | None = None):
    """Open an action's form on the book's page, set its date if told, and send it."""
    form = page.locator(f"#action-{action}")
    form.locator("summary").click()
    if on is not None:
        form.locator(f"input[name={action}-on]").fill(on)
    return form


def latest_event(page):
    return page.locator("ol.timeline > li.event").first


def test_a_district_finds_a_book_by_name_without_accents_and_acts_on_it(page):
    log_in(page, "demo-huyen")
    page.locator(".site-nav a[href='/books/']").click()
    page.wait_for_url("**/books/")
    disputed = search(page, state="disputed")
    assert disputed, "the demo district has a disputed book"
    book = disputed[0]
    typed = without_diacritics(book["name"])
    assert typed != book["name"].lower()

    found = search(page, text=typed)
    assert book["number"] in [row["number"] for row in found]
    assert book["name"] in [row["name"] for row in found]
    shot(page, "books-search")
    page.get_by_role("link", name=book["number"], exact=True).click()
    page.wait_for_url(f"**/books/{book['number']}/")
    assert nfc(page.locator("h1").inner_text()).startswith(book["name"])
    assert "state-disputed" in state_badge(page)
    events_before = page.locator("ol.timeline > li.event").count()
    shot(page, "books-detail")

    # Correct: the statement was fixed, the book goes back to review.
    form = act(page, "correct")
    form.get_by_label(vi("What was corrected")).fill("Đã bổ sung quá trình đóng theo hồ sơ gốc")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/books/{book['number']}/")
    assert "state-in_review" in state_badge(page)
    assert page.locator("ol.timeline > li.event").count() == events_before + 1
    assert "state-in_review" in latest_event(page).locator(".badge").last.get_attribute("class")

    # Refused: a date in the future, then a date before the book's latest event.
    act(page, "confirm", on="01/01/2999").locator("button[type=submit]").click()
    page.wait_for_url(f"**/books/{book['number']}/confirm/")
    errors = nfc(page.locator(".errorlist").inner_text())
    assert vi("The date is in the future.") in errors
    shot(page, "books-action-refused")
    page.locator("input[name=confirm-on]").fill("01/01/2000")
    page.locator(".action-form button[type=submit]").click()
    page.wait_for_load_state()
    errors = nfc(page.locator(".errorlist.nonfield").inner_text())
    assert book["number"] in errors and "01/01/2000" in errors
    assert "state-in_review" in state_badge(page)

    # Dispute again, with the worker's own words: the newest event says them.
    page.goto(f"/books/{book['number']}/")
    form = act(page, "dispute")
    form.locator("input[name=dispute-reasons][value=missing_period]").check()
    form.get_by_label(vi("The worker's words")).fill(WORDS)
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/books/{book['number']}/")
    assert "state-disputed" in state_badge(page)
    newest = latest_event(page)
    assert "state-disputed" in newest.locator(".badge").last.get_attribute("class")
    assert WORDS in nfc(newest.locator(".event-details").inner_text())
    assert page.locator("ol.timeline > li.event").count() == events_before + 2
    message = nfc(page.locator(".messages").inner_text())
    assert book["number"] in message
    shot(page, "books-detail-after-dispute")


def test_on_a_phone_a_book_page_does_not_scroll_sideways(page):
    log_in(page, "demo-huyen")
    page.goto("/books/")
    handed_over = search(page, state="handed_over")
    page.set_viewport_size(PHONE)
    page.goto(f"/books/{handed_over[0]['number']}/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
    shot(page, "phone-books-detail")
