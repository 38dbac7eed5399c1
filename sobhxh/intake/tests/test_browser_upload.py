"""In a real browser, as a provincial office (demo-tinh): upload a book file, watch the
background job (the real `db_worker`) run it, read the summary, and download the error
report of a file with a mistake.

The books are new numbers of a new employer in Quận 1 (760), so no other browser test
meets them.
"""

import unicodedata

import pytest
from django.utils import translation
from python_calamine import CalamineWorkbook

from sobhxh.browser import ROOT, log_in
from sobhxh.testing.files import BOOK_HEADER, book, write_csv

pytestmark = pytest.mark.browser

SCREENS = ROOT / "bench" / "out" / "screens"
EMPLOYER = "DVBROWSER1"
OFFICE = "760"  # BHXH Quận 1, in the province of demo-tinh
JOB_SECONDS = 60
COUNTS = ("read", "created", "updated", "unchanged", "rejected")


def vi(message: str, context: str | None = None) -> str:
    with translation.override("vi"):
        if context:
            return translation.pgettext(context, message)
        return translation.gettext(message)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def shot(page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def books_csv(path, rows):
    return write_csv(path, [BOOK_HEADER, *rows])


def row(number: str, name: str, birth: str = "12/05/1990"):
    return book(number=number, name=name, birth=birth, employer=EMPLOYER, office=OFFICE)


def upload(page, path) -> None:
    """Send a file from the uploads page and wait for its job to finish."""
    page.locator(".site-nav a[href='/uploads/']").click()
    page.wait_for_url("**/uploads/")
    page.get_by_label(vi("Book file")).set_input_files(path)
    page.get_by_role("button", name=vi("Upload and import"), exact=True).click()
    page.wait_for_url("**/uploads/*/")
    shot(page, f"upload-progress-{path.stem}")
    # The page asks the job's status and reloads itself once it is done.
    page.locator("#summary-title").wait_for(timeout=JOB_SECONDS * 1000)


def summary(page) -> dict[str, dict[str, str]]:
    """The summary table: {row label: {count name: figure}}."""
    figures = {}
    for line in page.locator("table.upload-summary tbody tr").all():
        label = nfc(line.locator("th").inner_text().strip())
        cells = [cell.strip() for cell in line.locator("td").all_inner_texts()]
        figures[label] = dict(zip(COUNTS, cells, strict=True))
    return figures


def test_an_uploaded_book_file_is_imported_in_the_background_with_its_summary(page, tmp_path):
    log_in(page, "demo-tinh")
    names = ["Trần Thị Bích Ngọc", "Lê Văn Đức", "Phạm Hoàng Yến"]
    numbers = ["7999100001", "7999100002", "7999100003"]
    path = books_csv(
        tmp_path / "so-bhxh.csv", [row(n, name) for n, name in zip(numbers, names, strict=True)]
    )

    upload(page, path)
    shot(page, "upload-done")
    books = summary(page)[nfc(vi("Books", "import summary"))]
    assert books["read"] == "3" and books["created"] == "3" and books["rejected"] == "0"
    assert "badge-ok" in page.locator("[data-upload-status-label]").get_attribute("class")

    # The books are there, with their diacritics.
    page.goto(f"/books/{numbers[1]}/")
    assert nfc(page.locator("h1").inner_text()).startswith(names[1])
    assert "state-not_reviewed" in page.locator(".page-header .badge").get_attribute("class")


def test_a_file_with_a_bad_row_gives_an_error_report_to_download(page, tmp_path):
    log_in(page, "demo-tinh")
    path = books_csv(
        tmp_path / "co-loi.csv",
        [row("7999100011", "Võ Thị Mai"), row("7999100012", "Đặng Quốc Huy", birth="31/02/1990")],
    )

    upload(page, path)
    shot(page, "upload-with-errors")
    books = summary(page)[nfc(vi("Books", "import summary"))]
    assert books["created"] == "1" and books["rejected"] == "1"

    with page.expect_download() as report:
        page.get_by_role("link", name=vi("Download the error report (Excel)"), exact=True).click()
    assert report.value.suggested_filename.endswith(".xlsx")
    workbook = CalamineWorkbook.from_path(report.value.path())
    lines = [
        [nfc(str(cell)) for cell in line]
        for sheet in workbook.sheet_names
        for line in workbook.get_sheet_by_name(sheet).to_python()
    ]
    # The bad cell: its column as the file names it, and its value.
    assert [line for line in lines if BOOK_HEADER[3] in line and "31/02/1990" in line], lines
    assert not [line for line in lines if "7999100011" in line]

    # The list of the user's uploads shows it first, the newest.
    page.get_by_role("link", name=vi("Upload another file"), exact=True).click()
    page.wait_for_url("**/uploads/")
    files = page.locator("table.uploads tbody tr td:nth-child(2)").all_inner_texts()
    assert "co-loi.csv" in files[0]
    shot(page, "uploads-list")
