"""In a real browser: the dashboard's date "as of", its sorting, its Excel export, and a
phone's screen. Read-only: these tests change no data."""

import re
import unicodedata

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from sobhxh.browser import ROOT, log_in

pytestmark = pytest.mark.browser

SCREENS = ROOT / "bench" / "out" / "screens"
PHONE = {"width": 390, "height": 844}
# One dict per row of a dashboard table, keyed by the columns' keys (col-<key>).
TABLE_JS = """(id) => {
  const table = document.getElementById(id);
  const keys = [...table.tHead.rows[0].cells].map(
    (cell) => [...cell.classList].find((name) => name.startsWith("col-")).slice(4));
  return [...table.tBodies[0].rows].filter((row) => row.dataset.code).map((row) =>
    Object.fromEntries([["row_code", row.dataset.code],
      ...[...row.cells].map((cell, i) => [keys[i], cell.innerText.trim()])]));
}"""
OVERFLOW_JS = "document.documentElement.scrollWidth - window.innerWidth"


def vi(message: str, context: str | None = None) -> str:
    with translation.override("vi"):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def table(page, table_id: str) -> list[dict]:
    return page.evaluate(TABLE_JS, table_id)


def figures(page) -> dict[str, str]:
    return {
        element.get_attribute("data-figure"): element.inner_text().strip()
        for element in page.locator(".summary-cards [data-figure]").all()
    }


def percent(text: str) -> float | None:
    """ "95,12" -> 95.12; "–" (nothing due) -> None."""
    text = text.split("\n")[-1].strip()
    return None if text == "–" else float(text.replace(".", "").replace(",", "."))


def show_as_of(page, day: str) -> None:
    page.get_by_label(vi("As of", "dashboard")).fill(day)
    page.get_by_role("button", name=vi("Show", "dashboard"), exact=True).click()
    page.wait_for_load_state()


def test_the_as_of_date_gives_the_figures_of_that_date_with_the_chart(page):
    log_in(page, "demo-tinh")
    page.goto("/dashboard/79/")
    today = figures(page)
    today_rows = table(page, "offices")

    show_as_of(page, "31/12/2017")
    assert "as_of=31%2F12%2F2017" in page.url or "as_of=31/12/2017" in page.url
    assert "31/12/2017" in page.locator(".as-of-note").inner_text()
    then = figures(page)
    assert then["handed_over"] != today["handed_over"]
    assert then["percent"] != today["percent"]
    assert table(page, "offices") != today_rows
    chart = page.locator(".chart-frame svg")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    shot(page, "dashboard-as-of-2017")

    # A drill-down keeps the date.
    page.locator("#offices tbody tr[data-code] th.name a").first.click()
    page.wait_for_load_state()
    assert "31/12/2017" in page.locator(".as-of-note").inner_text()


def test_a_date_after_today_is_refused_with_a_message_in_vietnamese(page):
    log_in(page, "demo")
    page.goto("/dashboard/VN/")
    show_as_of(page, "01/01/2999")
    errors = unicodedata.normalize("NFC", page.locator(".as-of-form .errorlist").inner_text())
    assert vi("The date cannot be after today (%(today)s).").split("(")[0] in errors
    shot(page, "dashboard-as-of-refused")


def test_sorting_by_the_percentage_orders_the_rows_both_ways(page):
    log_in(page, "demo")
    page.goto("/dashboard/VN/")
    by_code = [row["row_code"] for row in table(page, "offices")]
    assert by_code == sorted(by_code)

    header = page.locator("#offices th.col-percent")
    header.locator("a").click()
    page.wait_for_load_state()
    assert header.get_attribute("aria-sort") == "ascending"
    rows = table(page, "offices")
    values = [percent(row["percent"]) for row in rows if percent(row["percent"]) is not None]
    assert values == sorted(values) and values[0] < values[-1]
    ascending = [row["row_code"] for row in rows]
    assert ascending != by_code

    header.locator("a").click()
    page.wait_for_load_state()
    assert header.get_attribute("aria-sort") == "descending"
    rows = table(page, "offices")
    values = [percent(row["percent"]) for row in rows if percent(row["percent"]) is not None]
    assert values == sorted(values, reverse=True)
    shot(page, "dashboard-sorted-by-percent")


def test_the_excel_export_downloads_a_workbook_of_the_rows_shown(page):
    log_in(page, "demo")
    page.goto("/dashboard/VN/")
    names = {row["row_code"] for row in table(page, "offices")}
    with page.expect_download() as download:
        page.get_by_role("link", name=vi("Export to Excel", "dashboard"), exact=True).click()
    assert download.value.suggested_filename.endswith(".xlsx")
    book = CalamineWorkbook.from_path(download.value.path())
    cells = [
        str(cell)
        for sheet in book.sheet_names
        for row in book.get_sheet_by_name(sheet).to_python()
        for cell in row
    ]
    assert names <= set(cells), names - set(cells)
    assert any(re.search("Hồ Chí Minh", unicodedata.normalize("NFC", c)) for c in cells)


@pytest.mark.parametrize("path", ["/dashboard/VN/", "/dashboard/79/", "/dashboard/760/"])
def test_on_a_phone_the_page_does_not_scroll_sideways(page, path):
    log_in(page, "demo")
    page.set_viewport_size(PHONE)
    page.goto(path)
    assert page.evaluate(OVERFLOW_JS) <= 1
    table_wrap = page.locator(".table-wrap").first
    assert table_wrap.bounding_box()["width"] <= PHONE["width"]
    shot(page, "phone" + path.rstrip("/").replace("/", "-"))


def test_on_a_phone_an_employers_dashboard_does_not_scroll_sideways(page):
    log_in(page, "demo")
    page.goto("/dashboard/760/")
    page.locator("#employers tbody tr[data-code] th.name a").first.click()
    page.wait_for_url("**/dashboard/employer/**")
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate(OVERFLOW_JS) <= 1
    shot(page, "phone-dashboard-employer")
