"""Reading documents back in tests, and plain values to build them from."""

import io
import re
from datetime import date

from pypdf import PdfReader
from python_calamine import CalamineWorkbook

from sobhxh.handover.selectors import (
    HandoverDocument,
    HandoverRow,
    OfficeHeading,
    PeriodLine,
    StatementPage,
)

OFFICE = OfficeHeading(
    parent="BHXH Thành phố Hồ Chí Minh", name="BHXH Quận 1", place="TP. Hồ Chí Minh"
)
NAMES = ("Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng", "Trương Ngọc Ẩn")


def pdf_pages(data: bytes) -> list[str]:
    """The text of each page, with single spaces: a cell's text wrapped on two lines reads
    as one."""
    assert data.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def sheet_rows(data: bytes) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.get_sheet_by_index(0).to_python()


def filled_area(data: bytes, page: int = 0) -> float:
    """The area (pt²) of the rectangles filled without a border on a page: the QR code."""
    content = PdfReader(io.BytesIO(data)).pages[page].get_contents().get_data().decode("latin-1")
    number = r"(-?[\d.]+)"
    return sum(
        abs(float(w) * float(h))
        for _x, _y, w, h in re.findall(rf"{number} {number} {number} {number} re f\b", content)
    )


def handover_document(count: int = 3, *, born: str = "1975") -> HandoverDocument:
    rows = tuple(
        HandoverRow(
            order=order,
            number=f"{7_900_000_000 + order:010d}",
            full_name=NAMES[(order - 1) % len(NAMES)],
            birth_date=born,
            sex="Nữ",
            receiver="",
            received_on="",
        )
        for order in range(1, count + 1)
    )
    return HandoverDocument(
        number="35/BB-BHXH",
        handed_on=date(2017, 6, 5),
        office=OFFICE,
        employer_code="YN0001A",
        employer_name="Công ty TNHH Hưng Thịnh",
        employer_address="12 Nguyễn Huệ, Quận 1",
        rows=rows,
    )


def statement_page(name: str = NAMES[0], *, periods: int = 5, born: str = "1975") -> StatementPage:
    return StatementPage(
        number="0123456789",
        full_name=name,
        birth_date=born,
        sex="Nữ",
        identity_number="079175000123",
        employer_code="YN0001A",
        employer_name="Công ty TNHH Hưng Thịnh",
        periods=tuple(
            PeriodLine(
                fund="BHXH",
                from_month=f"01/{2000 + y}",
                to_month=f"12/{2000 + y}",
                job="Công nhân may",
                wage="4.500.000",
                rate="8",
            )
            for y in range(periods)
        ),
    )
