from datetime import date

import pytest

from sobhxh.handover.documents import (
    handover_list_pdf,
    handover_list_xlsx,
    handover_minutes_pdf,
    handover_minutes_xlsx,
)
from sobhxh.handover.selectors import handover_document as read_document
from sobhxh.handover.services import create_handover_batch
from sobhxh.testing.factories import HANDOVER_DAY, confirmed, make_employer, make_worker

from .documents import NAMES, handover_document, pdf_pages, sheet_rows

HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TABLE_HEADER = ("STT", "Mã số BHXH", "Họ và tên", "Ngày sinh", "Giới tính", "Người nhận", "Ký nhận")


def test_the_handover_list_has_heading_number_date_table_and_signature_blocks():
    text = pdf_pages(handover_list_pdf(handover_document(3)))

    assert len(text) == 1
    page = text[0]
    for expected in (
        *HEADING,
        "BHXH THÀNH PHỐ HỒ CHÍ MINH",
        "BHXH QUẬN 1",
        "Số: 35/BB-BHXH",
        "TP. Hồ Chí Minh, ngày 05 tháng 06 năm 2017",
        "DANH SÁCH BÀN GIAO SỔ BHXH",
        *NAMES,
        "7900000001",
        "Tổng cộng: 3 sổ",
        "ĐẠI DIỆN ĐƠN VỊ",
        "NGƯỜI LẬP BIỂU",
        "ĐẠI DIỆN CƠ QUAN BHXH",
        "Trang 1/1",
    ):
        assert expected in page, expected
    assert "1975" in page


def test_a_list_running_over_two_pages_repeats_the_table_header_and_numbers_the_pages():
    text = pdf_pages(handover_list_pdf(handover_document(40)))

    assert len(text) == 2
    for number, page in enumerate(text, start=1):
        for title in TABLE_HEADER:
            assert title in page, (number, title)
        assert f"Trang {number}/2" in page
    assert "7900000040" in text[1] and "7900000040" not in text[0]


@pytest.mark.parametrize("count", range(14, 34, 3))
def test_the_signatures_share_their_page_with_the_last_rows(count):
    text = pdf_pages(handover_list_pdf(handover_document(count)))

    last = text[-1]
    assert "ĐẠI DIỆN ĐƠN VỊ" in last and "NGƯỜI LẬP BIỂU" in last
    assert f"{7_900_000_000 + count:010d}" in last


def test_the_minutes_name_the_parties_the_count_and_the_list():
    text = pdf_pages(handover_minutes_pdf(handover_document(1234)))

    page = "\n".join(text)
    for expected in (
        *HEADING,
        "BIÊN BẢN BÀN GIAO SỔ BẢO HIỂM XÃ HỘI",
        "Số: 35/BB-BHXH",
        "Bên giao: BHXH Quận 1",
        "Bên nhận: Công ty TNHH Hưng Thịnh",
        "Mã đơn vị: YN0001A",
        "Địa chỉ: 12 Nguyễn Huệ, Quận 1",
        "Số lượng: 1.234 sổ",
        "Danh sách bàn giao sổ BHXH số 35/BB-BHXH",
        "ĐẠI DIỆN ĐƠN VỊ",
        "ĐẠI DIỆN CƠ QUAN BHXH",
    ):
        assert expected in page, expected


def test_the_list_as_xlsx_has_the_heading_and_every_row():
    doc = handover_document(250)

    rows = sheet_rows(handover_list_xlsx(doc))

    cells = {cell for row in rows for cell in row if cell}
    assert {
        *HEADING,
        "DANH SÁCH BÀN GIAO SỔ BHXH",
        "Số: 35/BB-BHXH",
        "Tổng cộng: 250 sổ",
        "ĐẠI DIỆN CƠ QUAN BHXH",
    } <= cells
    header = rows.index(list(TABLE_HEADER))
    body = rows[header + 1 : header + 1 + doc.count]
    assert [row[:5] for row in body] == [
        [row.order, row.number, row.full_name, row.birth_date, row.sex] for row in doc.rows
    ]


def test_the_minutes_as_xlsx_have_the_heading_the_parties_and_the_count():
    rows = sheet_rows(handover_minutes_xlsx(handover_document(7)))

    cells = {cell for row in rows for cell in row if cell}
    assert {
        *HEADING,
        "BIÊN BẢN BÀN GIAO SỔ BẢO HIỂM XÃ HỘI",
        "Số: 35/BB-BHXH",
        "Số lượng: 7 sổ",
        "Mã đơn vị: YN0001A",
        "ĐẠI DIỆN ĐƠN VỊ",
    } <= cells


@pytest.mark.django_db
def test_documents_of_a_real_batch_carry_the_workers_names_with_their_diacritics():
    employer = make_employer("760", name="Công ty TNHH Hưng Thịnh")
    books = [
        make_worker(employer, "Nguyễn Thị Ánh Tuyết"),
        make_worker(employer, "Đặng Quốc Hưng", birth_date=date(1975, 1, 1), precision="year"),
    ]
    batch, _ = create_handover_batch(employer=employer, book_ids=confirmed(books), on=HANDOVER_DAY)

    doc = read_document(batch)
    listed = pdf_pages(handover_list_pdf(doc))[0]
    minutes = pdf_pages(handover_minutes_pdf(doc))[0]

    assert "Nguyễn Thị Ánh Tuyết" in listed and "Đặng Quốc Hưng" in listed
    assert "14/07/1985" in listed and "1975" in listed and "Số: 1/BB-BHXH" in listed
    assert "Số lượng: 2 sổ" in minutes and employer.code in minutes
