from datetime import date

import segno
from django.utils import translation

from sobhxh.handover.documents import statements_pdf

from .documents import NAMES, OFFICE, filled_area, pdf_pages, statement_page

PRINTED = date(2017, 5, 2)


def test_each_worker_gets_a_page_with_the_heading_identity_table_and_answer_boxes():
    pages = [statement_page(NAMES[0]), statement_page(NAMES[1])]

    text = pdf_pages(statements_pdf(pages, office=OFFICE, printed_on=PRINTED))

    assert len(text) == 2
    first = text[0]
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BHXH QUẬN 1",
        "TỜ RỜI XÁC NHẬN QUÁ TRÌNH ĐÓNG BHXH",
        "Nguyễn Thị Ánh Tuyết",
        "0123456789",
        "079175000123",
        "Từ tháng",
        "Tiền lương đóng",
        "4.500.000",
        "01/2004",
        "Đúng",
        "Sai",
        "ghi rõ nội dung sai",
        "NGƯỜI LAO ĐỘNG",
        "XÁC NHẬN CỦA ĐƠN VỊ",
        "In ngày 02/05/2017",
    ):
        assert expected in first, expected
    assert "Đặng Quốc Hưng" in text[1] and "Đặng Quốc Hưng" not in first


def test_a_birth_date_known_only_by_its_year_prints_the_year_alone():
    text = pdf_pages(
        statements_pdf([statement_page(born="1975")], office=OFFICE, printed_on=PRINTED)
    )[0]
    assert "Ngày sinh: 1975" in text


def test_a_long_contribution_history_runs_on_with_the_table_header_repeated():
    text = pdf_pages(
        statements_pdf([statement_page(periods=60)], office=OFFICE, printed_on=PRINTED)
    )

    assert len(text) >= 2
    assert "(tiếp theo)" in text[1] and "Nguyễn Thị Ánh Tuyết" in text[1]
    for page in text[:2]:
        assert "Từ tháng" in page and "Đến tháng" in page
    assert "trang 2" in text[1]
    assert "12/2059" in text[-1] and "Đúng" in text[-1] and "NGƯỜI LAO ĐỘNG" in text[-1]


def test_the_qr_code_is_drawn_module_by_module_from_the_number():
    data = statements_pdf([statement_page()], office=OFFICE, printed_on=PRINTED)

    dark = sum(sum(row) for row in segno.make_qr("0123456789", error="m").matrix)
    size = len(segno.make_qr("0123456789", error="m").matrix)
    module_pt = 24 / size * 72 / 25.4
    assert abs(filled_area(data) - dark * module_pt**2) < 1


def test_the_statements_are_printed_in_vietnamese_whatever_the_interface_language():
    with translation.override("en"):
        text = pdf_pages(statements_pdf([statement_page()], office=OFFICE, printed_on=PRINTED))[0]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
