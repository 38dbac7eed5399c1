"""Small real files for the tests: the import format's books and periods files, written as
CSV (any encoding, Windows-1258 included), XLS, ODS or XLSX."""

import csv
import unicodedata
from pathlib import Path

import xlsxwriter

BOOK_HEADER = ["STT", "Mã số BHXH", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND/CCCD",
               "Mã đơn vị", "Tên đơn vị", "Mã CQ BHXH", "Ngày cấp sổ", "Ngày bàn giao"]  # fmt: skip
PERIOD_HEADER = ["Mã số BHXH", "Từ tháng", "Đến tháng", "Nơi làm việc", "Tiền lương", "Tỷ lệ (%)",
                 "Loại"]  # fmt: skip
TITLE = [["BẢO HIỂM XÃ HỘI VIỆT NAM"], ["DANH SÁCH SỔ BHXH BÀN GIAO"], ["Ngày 10/01/2018"], []]
FOOTER = [[], ["", "Tổng cộng: 2 sổ"], ["Người lập biểu", "", "", "Thủ trưởng đơn vị"]]


def book(number="0100000001", name="Nguyễn Văn An", birth="01/02/1985", sex="Nam", handed="",
         employer="DVT001", office="001"):  # fmt: skip
    return ["1", number, name, birth, sex, "001085000123", employer, "Công ty TNHH Thử", office,
            "15/03/2010", handed]  # fmt: skip


def period(number="0100000001", start="01/2010", end="12/2012", wage="4.500.000", fund="BHXH"):
    return [number, start, end, "Công nhân, Công ty A", wage, "22", fund]


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258_form(text: str) -> str:
    """Windows-1258 has â, ă, ơ... but writes tones as combining marks after the letter."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in TONE_MARKS)
        out.append(
            unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones)) + tones
        )
    return "".join(out)


def write_csv(path: Path, rows, *, encoding="utf-8-sig", delimiter=",") -> Path:
    if encoding == "cp1258":
        rows = [[windows_1258_form(str(cell)) for cell in row] for row in rows]
    with path.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def write_xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An Excel 97–2003 workbook (xlwt)."""
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    workbook.save(str(path))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An OpenDocument spreadsheet (odfpy): text cells as text, numbers as floats."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    for name, rows in sheets.items():
        table = Table(name=name)
        for row in rows:
            table_row = TableRow()
            for value in row:
                if isinstance(value, int | float):
                    cell = TableCell(valuetype="float", value=value)
                else:
                    cell = TableCell(valuetype="string")
                cell.addElement(P(text=str(value)))
                table_row.addElement(cell)
            table.addElement(table_row)
        document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                sheet.write(r, c, value)
    workbook.close()
    return path


def books_file(tmp_path: Path, *rows, name="books.csv") -> Path:
    return write_csv(tmp_path / name, [*TITLE, BOOK_HEADER, *rows, *FOOTER])


def periods_file(tmp_path: Path, *rows, name="periods.csv") -> Path:
    return write_csv(tmp_path / name, [PERIOD_HEADER, *rows])
