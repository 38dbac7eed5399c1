"""The report and the national summary, printed: read back, they say what the figures say."""

import io
import unicodedata
from datetime import date

import pytest
from django.utils import translation
from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import set_waiting, transition
from sobhxh.reports.documents import report_pdf, report_xlsx, summary_pdf, summary_xlsx
from sobhxh.reports.figures import month_figures, national_summary
from sobhxh.testing.factories import make_books, make_employer, make_user, office_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def figures():
    """District 760: 4 books; 2 reviewed in June 2017, one confirmed and handed over,
    one waiting because its employer is in arrears."""
    supervisor = make_user("sup", supervisor=True)
    b1, b2, _b3, _b4 = make_books(make_employer("760"), 4)
    for book in (b1, b2):
        transition(book=book, action=Action.START_REVIEW, on=date(2017, 6, 2), actor=supervisor)
    transition(book=b1, action=Action.CONFIRM, on=date(2017, 6, 9), actor=supervisor)
    transition(book=b1, action=Action.HAND_OVER, on=date(2017, 6, 20), actor=supervisor,
               details={"receiver": "worker"})  # fmt: skip
    set_waiting(book=b2, reason="arrears", on=date(2017, 6, 21), actor=supervisor)
    return month_figures(office_with_code("760"), date(2017, 6, 1)).as_dict()


def report(figures: dict, form: str = "04") -> dict:
    return {
        "form": form,
        "office": {**figures["office"], "place": "TP. Hồ Chí Minh"},
        "parent_office": {"name": "BHXH Thành phố Hồ Chí Minh"},
        "month": "2017-06",
        "number": "12/BC-BHXH",
        "dated": "2017-07-03",
        "version": 2,
        "submitted_by": "Trần Thị Lan",
        "remarks": {"difficulties": "Đơn vị nợ đóng kéo dài", "proposals": "Đề nghị tỉnh hỗ trợ"},
        "figures": figures,
    }


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    pages = PdfReader(io.BytesIO(data)).pages
    return unicodedata.normalize("NFC", " ".join(" ".join(p.extract_text().split()) for p in pages))


def sheet_cells(data: bytes) -> list:
    rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    return [cell for row in rows for cell in row if cell != ""]


def test_the_report_pdf_has_the_official_layout_and_the_figures(figures):
    text = pdf_text(report_pdf(report(figures)))
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BHXH THÀNH PHỐ HỒ CHÍ MINH",
        "BHXH QUẬN 1",
        "Số: 12/BC-BHXH",
        "TP. Hồ Chí Minh, ngày 03 tháng 07 năm 2017",
        "BÁO CÁO TIẾN ĐỘ RÀ SOÁT, BÀN GIAO SỔ BHXH THÁNG 06/2017",
        "Mẫu 04",
        "Trần Thị Lan",
        "Đơn vị nợ đóng kéo dài",
        "Đề nghị tỉnh hỗ trợ",
        "NGƯỜI LẬP BIỂU",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, họ tên)",
        "Nợ đóng",
    ):
        assert words.lower() in text.lower(), words
    # due 4; reviewed 2 in the month and cumulated; handed over 1; 25,00 %
    assert "BHXH Quận 1 4 2 2 1 1 0 0 1 1 0 0 25,00" in text


def test_the_report_xlsx_has_the_same_words_and_numbers(figures):
    cells = sheet_cells(report_xlsx(report(figures, form="05")))
    text = " ".join(str(cell) for cell in cells)
    for words in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Mẫu 05", "Số: 12/BC-BHXH",
                  "BÁO CÁO TIẾN ĐỘ RÀ SOÁT, BÀN GIAO SỔ BHXH THÁNG 06/2017",
                  "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "Đề nghị tỉnh hỗ trợ"):  # fmt: skip
        assert words in text, words
    row = cells[cells.index("BHXH Quận 1", 10) :][:15]
    assert row[1:12] == [4, 2, 2, 1, 1, 0, 0, 1, 1, 0, 0]
    assert row[12] == "25,00"


def test_the_national_summary_lists_the_63_provinces_with_their_report_status(figures):
    summary = national_summary(date(2017, 6, 1)).as_dict()
    data = {"month": "2017-06", "dated": "2017-07-12", "figures": summary,
            "statuses": {"79": "Đã nhận", "01": "Chưa gửi"}}  # fmt: skip
    text = pdf_text(summary_pdf(data))
    assert "THÁNG 06/2017" in text
    assert "BHXH Thành phố Hồ Chí Minh" in text and "Đã nhận" in text and "Chưa gửi" in text
    cells = sheet_cells(summary_xlsx(data))
    assert sum(1 for cell in cells if isinstance(cell, str) and cell.startswith("BHXH ")) >= 63 * 2
    assert "Đã nhận" in cells


def test_a_document_is_in_vietnamese_whatever_the_language(figures):
    with translation.override("en"):
        text = pdf_text(report_pdf(report(figures)))
    assert "BÁO CÁO TIẾN ĐỘ" in text
