"""The streaming .xlsx reader: the values python-calamine gives, in bounded memory."""

import datetime
import functools
import tracemalloc
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from sobhxh.intake import limits, xlsx
from sobhxh.intake.limits import Exceeded
from sobhxh.intake.xlsx import XlsxError, is_date_format, sheet_heights, sheet_names

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


@pytest.fixture(params=xlsx.READERS)
def iter_rows(request):
    """`xlsx.iter_rows` with each reader in turn, so every test that reads rows runs twice:
    with the quick reader of ordinary rows (expat taking over from the first row it cannot
    read), and with expat alone."""
    return functools.partial(xlsx.iter_rows, reader=request.param)


def every_kind_of_cell(path: Path, *, constant_memory: bool = False) -> Path:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    moment = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    month = workbook.add_format({"num_format": "mm/yyyy"})
    percent = workbook.add_format({"num_format": "0.00%"})
    sheet = workbook.add_worksheet("Sổ")
    sheet.write_row(0, 0, ["Mã số BHXH", "Họ và tên", "Ngày sinh", "Tiền lương", "Tỷ lệ"])
    sheet.write_string(1, 0, "0100000001")
    sheet.write_string(1, 1, "Nguyễn Thị Ánh")
    sheet.write_datetime(1, 2, datetime.datetime(1985, 2, 1), day)
    sheet.write_number(1, 3, 4_500_000)
    sheet.write_number(1, 4, 0.22, percent)
    # Row 3 is empty. Row 4 has an empty cell in the middle (B4).
    sheet.write_string(3, 0, "0100000002")
    sheet.write_datetime(3, 2, datetime.datetime(2018, 1, 10, 8, 30, 15), moment)
    sheet.write_number(3, 3, 1.5)
    sheet.write_boolean(3, 4, True)
    sheet.write_formula(4, 0, "=2+3", None, 5)
    sheet.write_formula(4, 1, '="Lê "&"Văn"', None, "Lê Văn")
    sheet.write_formula(4, 2, "=1=1", None, True)
    sheet.write_datetime(4, 3, datetime.datetime(2010, 3, 1), month)
    sheet.write_number(4, 4, -3)
    sheet.write_string(5, 0, "tab\there, new\r\nline, _x000D_ kept")
    sheet.write_number(5, 1, 1e20)
    workbook.close()
    return path


def calamine_rows(path: Path, sheet: str) -> list[list]:
    """Calamine's rows with its "" for empty cells as None and its padding dropped."""
    rows = []
    for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).iter_rows():
        row = [None if cell == "" else cell for cell in row]
        while row and row[-1] is None:
            row.pop()
        rows.append(row)
    return rows


def typed(rows):
    """Values with their type, an int and its float counted as one number."""
    return [[(float if type(cell) is int else type(cell), cell) for cell in row] for row in rows]


@pytest.mark.parametrize("constant_memory", [False, True], ids=["shared", "inline"])
def test_every_kind_of_cell_reads_as_python_calamine_reads_it(iter_rows, tmp_path, constant_memory):
    path = every_kind_of_cell(tmp_path / "cells.xlsx", constant_memory=constant_memory)

    ours = list(iter_rows(path, "Sổ"))

    assert typed(ours) == typed(calamine_rows(path, "Sổ"))
    assert ours[1] == ["0100000001", "Nguyễn Thị Ánh", datetime.date(1985, 2, 1), 4_500_000, 0.22]
    assert ours[2] == []
    assert ours[3] == [
        "0100000002",
        None,
        datetime.datetime(2018, 1, 10, 8, 30, 15),
        1.5,
        True,
    ]
    assert ours[4] == [5, "Lê Văn", True, datetime.date(2010, 3, 1), -3]
    assert ours[5] == ["tab\there, new\r\nline, _x000D_ kept", 1e20]


def test_a_whole_number_is_an_int_and_a_decimal_or_exponent_a_float(iter_rows, tmp_path):
    path = every_kind_of_cell(tmp_path / "cells.xlsx")

    rows = list(iter_rows(path, "Sổ"))

    assert type(rows[1][3]) is int
    assert type(rows[4][0]) is int  # a formula's cached number
    assert type(rows[4][4]) is int
    assert type(rows[1][4]) is float
    assert type(rows[5][1]) is float  # written "1E+20"


def test_sheets_are_named_in_workbook_order_hidden_ones_too(tmp_path):
    workbook = xlsxwriter.Workbook(str(tmp_path / "sheets.xlsx"))
    workbook.add_worksheet("Danh sách sổ")
    workbook.add_worksheet("Ẩn").hide()
    workbook.add_worksheet("Quá trình")
    workbook.close()

    assert sheet_names(tmp_path / "sheets.xlsx") == ["Danh sách sổ", "Ẩn", "Quá trình"]


def test_rows_absent_from_the_file_keep_the_excel_row_numbers(iter_rows, tmp_path):
    path = tmp_path / "gaps.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("S")
    sheet.write(0, 0, "header")
    sheet.write(3, 1, "B4")
    sheet.write(4, 2, "C5")
    sheet.write(9, 0, "A10")
    workbook.close()

    numbered = {n: row for n, row in enumerate(iter_rows(path, "S"), start=1) if row}

    assert numbered == {1: ["header"], 4: [None, "B4"], 5: [None, None, "C5"], 10: ["A10"]}
    assert len(list(iter_rows(path, "S"))) == 10


def dates_workbook(path: Path, *, date_1904: bool) -> Path:
    workbook = xlsxwriter.Workbook(str(path), {"date_1904": date_1904})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet("D")
    sheet.write_datetime(0, 0, datetime.datetime(2018, 1, 10), day)
    sheet.write_datetime(0, 1, datetime.datetime(1985, 2, 1, 12, 0), day)
    sheet.write_datetime(0, 2, datetime.datetime(1910, 5, 31), day)
    workbook.close()
    return path


@pytest.mark.parametrize("date_1904", [False, True], ids=["1900", "1904"])
def test_date_cells_read_back_as_written_in_both_date_systems(iter_rows, tmp_path, date_1904):
    path = dates_workbook(tmp_path / "dates.xlsx", date_1904=date_1904)

    rows = list(iter_rows(path, "D"))

    expected = [
        datetime.date(2018, 1, 10),
        datetime.datetime(1985, 2, 1, 12, 0),
        datetime.date(1910, 5, 31),
    ]
    assert rows == [expected]
    assert rows == calamine_rows(path, "D")


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        ("1", datetime.date(1900, 1, 1)),
        ("59", datetime.date(1900, 2, 28)),
        ("60", datetime.date(1900, 2, 28)),  # Excel's 29/02/1900, which never was
        ("61", datetime.date(1900, 3, 1)),
        ("43110", datetime.date(2018, 1, 10)),
        ("43110.5", datetime.datetime(2018, 1, 10, 12, 0)),
        ("43110.35416666666", datetime.datetime(2018, 1, 10, 8, 30)),
        ("0.5", datetime.time(12, 0)),
    ],
)
def test_the_1900_date_system_counts_the_leap_day_excel_invented(
    iter_rows, tmp_path, serial, expected
):
    path = handmade(
        tmp_path / "serials.xlsx", f'<row r="1"><c r="A1" s="1"><v>{serial}</v></c></row>'
    )

    assert list(iter_rows(path, "Data")) == [[expected]]


def test_the_1904_date_system_starts_on_1_january_1904(iter_rows, tmp_path):
    path = handmade(
        tmp_path / "serials.xlsx",
        '<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>1462</v></c></row>',
        date1904=True,
    )

    assert list(iter_rows(path, "Data")) == [[datetime.date(1904, 1, 1), datetime.date(1908, 1, 2)]]


@pytest.mark.parametrize(
    ("code", "is_date"),
    [
        ("dd/mm/yyyy", True),
        ("mm/yyyy", True),
        ("[$-42A]d mmmm yyyy", True),
        ("mmm", True),
        ("DD/MM/YYYY HH:MM", True),
        ("h:mm", False),
        ("[h]:mm:ss", False),
        ("mm:ss.0", False),
        ("General", False),
        ("#,##0", False),
        ('#,##0 "đ/ngày"', False),
        ("#,##0 [$₫-42A]", False),
        ("0.00%", False),
        ("0.00E+00", False),
        (r"#,##0\ \d", False),
        ('_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)', False),
    ],
)
def test_a_number_format_is_a_date_when_it_shows_a_day_month_or_year(code, is_date):
    assert is_date_format(code) is is_date


def test_a_time_format_gives_the_number(iter_rows, tmp_path):
    # Deliberately unlike calamine (which gives a time): no intake column holds a time.
    path = handmade(tmp_path / "time.xlsx", '<row r="1"><c r="A1" s="2"><v>0.5</v></c></row>')

    assert list(iter_rows(path, "Data")) == [[0.5]]


# -- files written by other programs --------------------------------------------------------


def handmade(path: Path, sheet_data: str, *, date1904=False, prefix="", strings=(), extra=None):
    """A minimal workbook put together by hand, as Excel or LibreOffice might write it:
    absolute targets, styles 1 = a date (custom 164), 2 = a time (built-in 20)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}" xmlns:r="{RELS}"'
    shared = "".join(f"<{p}si>{item}</{p}si>" for item in strings)
    parts = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "_rels/.rels": f'<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS}/officeDocument" Target="/xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><{p}workbook {xmlns}>'
        f'<{p}workbookPr date1904="{"true" if date1904 else "false"}"/><{p}sheets>'
        f'<{p}sheet name="Data" sheetId="1" r:id="rId1"/>'
        f'<{p}sheet name="Secret" sheetId="2" state="veryHidden" r:id="rId2"/>'
        f"</{p}sheets></{p}workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PACKAGE_RELS}">'
        f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="/xl/worksheets/data.xml"/>'
        f'<Relationship Id="rId2" Type="{RELS}/worksheet" Target="worksheets/secret.xml"/>'
        f'<Relationship Id="rId3" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
        f'<Relationship Id="rId4" Type="{RELS}/styles" Target="/xl/styles.xml"/>'
        "</Relationships>",
        "xl/sharedStrings.xml": f"<{p}sst {xmlns}>{shared}</{p}sst>",
        "xl/styles.xml": f'<{p}styleSheet {xmlns}><{p}numFmts count="1">'
        f'<{p}numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></{p}numFmts>'
        f'<{p}cellStyleXfs count="1"><{p}xf numFmtId="14"/></{p}cellStyleXfs>'
        f'<{p}cellXfs count="3"><{p}xf numFmtId="0" xfId="0"/>'
        f'<{p}xf numFmtId="164" xfId="0"/><{p}xf numFmtId="20" xfId="0"/></{p}cellXfs>'
        f"</{p}styleSheet>",
        "xl/worksheets/data.xml": f"<{p}worksheet {xmlns}><{p}sheetData>{sheet_data}"
        f"</{p}sheetData></{p}worksheet>",
        "xl/worksheets/secret.xml": f"<{p}worksheet {xmlns}><{p}sheetData/></{p}worksheet>",
        **(extra or {}),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            if text is not None:
                archive.writestr(name, text)
    return path


def test_a_prefixed_pretty_printed_sheet_with_rich_and_inline_text_reads_cell_by_cell(
    iter_rows, tmp_path
):
    sheet = """
      <x:row r="2">
        <x:c r="B2" t="s">
          <x:v>0</x:v>
        </x:c>
        <x:c r="C2" t="inlineStr"><x:is><x:r><x:t>Nguyễn </x:t></x:r><x:r><x:t>Thị Ánh</x:t></x:r>
          <x:rPh sb="0" eb="1"><x:t>reading aid, not text</x:t></x:rPh></x:is></x:c>
        <x:c r="D2" t="e"><x:f>1/0</x:f><x:v>#DIV/0!</x:v></x:c>
        <x:c r="E2" t="d"><x:v>2018-01-10T00:00:00Z</x:v></x:c>
        <x:c r="F2" t="n" s="1"><x:v>43110</x:v></x:c>
        <x:c r="G2" t="b"><x:v>0</x:v></x:c>
      </x:row>
    """
    strings = [
        '<x:r><x:t xml:space="preserve"> Trần </x:t></x:r><x:r><x:t>Văn &amp; Co</x:t></x:r>'
    ]
    path = handmade(tmp_path / "pretty.xlsx", sheet, prefix="x", strings=strings)

    day = datetime.date(2018, 1, 10)
    assert list(iter_rows(path, "Data")) == [
        [],
        [None, " Trần Văn & Co", "Nguyễn Thị Ánh", None, day, day, False],
    ]


def test_rows_and_cells_without_references_follow_the_previous_one(iter_rows, tmp_path):
    sheet = (
        "<row><c><v>1</v></c><c><v>2</v></c></row><row/>"
        "<row r='5'><c r='B5'><v>3</v></c><c><v>4</v></c></row>"
    )
    path = handmade(tmp_path / "norefs.xlsx", sheet)

    assert list(iter_rows(path, "Data")) == [[1, 2], [], [], [], [None, 3, 4]]


def test_a_very_hidden_sheet_is_named_and_reads_as_empty(iter_rows, tmp_path):
    path = handmade(tmp_path / "hidden.xlsx", "")

    assert sheet_names(path) == ["Data", "Secret"]
    assert list(iter_rows(path, "Secret")) == []


def test_two_sheets_of_one_file_can_be_read_side_by_side(iter_rows, tmp_path):
    workbook = xlsxwriter.Workbook(str(tmp_path / "two.xlsx"))
    for name in ("Sổ", "Quá trình"):
        sheet = workbook.add_worksheet(name)
        for row in range(300):
            sheet.write_row(row, 0, [f"{name} {row}", f"chung {row % 7}", row])
    workbook.close()

    books = iter_rows(tmp_path / "two.xlsx", "Sổ")
    periods = iter_rows(tmp_path / "two.xlsx", "Quá trình")
    pairs = list(zip(books, periods, strict=True))

    assert pairs[299] == (["Sổ 299", "chung 5", 299], ["Quá trình 299", "chung 5", 299])


def test_a_workbook_saved_by_openpyxl_reads_as_calamine_reads_it(iter_rows, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ"
    sheet.append(["Mã số BHXH", "Họ và tên", "Ngày sinh", "Tiền lương"])
    sheet.append(["0100000001", "Nguyễn Thị Ánh", datetime.datetime(1985, 2, 1), 4_500_000])
    sheet.append([])
    sheet.append(["0100000002", None, datetime.datetime(2018, 1, 10, 8, 30), 1.5])
    workbook.save(tmp_path / "openpyxl.xlsx")

    ours = list(iter_rows(tmp_path / "openpyxl.xlsx", "Sổ"))

    assert typed(ours) == typed(calamine_rows(tmp_path / "openpyxl.xlsx", "Sổ"))


# -- files that are not workbooks --------------------------------------------------------------


def test_a_password_protected_workbook_is_refused(iter_rows, tmp_path):
    # Excel encrypts into an OLE compound file, not a zip.
    path = tmp_path / "protected.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))

    with pytest.raises(XlsxError, match="password-protected"):
        sheet_names(path)
    with pytest.raises(XlsxError):
        iter_rows(path, "Sheet1")


def test_a_file_that_is_no_zip_is_refused(tmp_path):
    path = tmp_path / "garbage.xlsx"
    path.write_bytes("Mã số BHXH;Họ và tên\n0100000001;An\n".encode())

    with pytest.raises(XlsxError):
        sheet_names(path)


def test_a_zip_that_is_no_workbook_is_refused(iter_rows, tmp_path):
    path = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.txt", "not a workbook")

    with pytest.raises(XlsxError, match=r"not an \.xlsx workbook"):
        sheet_names(path)
    with pytest.raises(XlsxError):
        iter_rows(path, "Sheet1")


def test_a_truncated_workbook_is_refused(iter_rows, tmp_path):
    whole = every_kind_of_cell(tmp_path / "whole.xlsx").read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(whole[: len(whole) // 2])

    with pytest.raises(XlsxError):
        list(iter_rows(path, sheet_names(path)[0]))


def test_a_sheet_whose_xml_breaks_part_way_raises_while_iterating(iter_rows, tmp_path):
    path = handmade(
        tmp_path / "broken.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c'
    )

    with pytest.raises(XlsxError, match="XML is broken"):
        list(iter_rows(path, "Data"))


def test_a_row_number_beyond_excels_last_row_is_refused(iter_rows, tmp_path):
    path = handmade(tmp_path / "far.xlsx", '<row r="99999999999"><c><v>1</v></c></row>')

    with pytest.raises(XlsxError, match="last row"):
        list(iter_rows(path, "Data"))


def test_a_sheet_declaring_entities_is_refused(iter_rows, tmp_path):
    bomb = '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa">]><worksheet/>'
    path = handmade(tmp_path / "bomb.xlsx", "", extra={"xl/worksheets/data.xml": bomb})

    with pytest.raises(XlsxError, match="DTD"):
        list(iter_rows(path, "Data"))


def test_a_sheet_the_workbook_does_not_name_is_a_key_error(iter_rows, tmp_path):
    path = handmade(tmp_path / "named.xlsx", "")

    with pytest.raises(KeyError):
        iter_rows(path, "Nowhere")


def test_a_sheet_named_but_missing_from_the_zip_is_refused(iter_rows, tmp_path):
    path = handmade(tmp_path / "missing.xlsx", "", extra={"xl/worksheets/secret.xml": None})

    with pytest.raises(XlsxError, match="no part"):
        iter_rows(path, "Secret")


def test_an_unknown_reader_is_refused_at_once(tmp_path):
    path = handmade(tmp_path / "data.xlsx", "")

    with pytest.raises(ValueError, match="reader"):
        xlsx.iter_rows(path, "Data", reader="fast")


def test_the_reader_switch_says_who_parses_the_ordinary_rows(tmp_path, monkeypatch):
    # Expat counts the nesting of every element it parses; the quick reader's rows have one
    # form and it counts none. A limit below an inline string's depth (worksheet, sheetData,
    # row, c, is, t) shows which of the two read the row.
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    path = handmade(tmp_path / "inline.xlsx", row)
    monkeypatch.setattr(limits, "MAX_XML_DEPTH", 4)

    assert list(xlsx.iter_rows(path, "Data", reader="auto")) == [["x"]]
    with pytest.raises(Exceeded):
        list(xlsx.iter_rows(path, "Data", reader="expat"))


# -- memory --------------------------------------------------------------------------------------


def numbers_workbook(path: Path, rows: int) -> Path:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("N")
    for row in range(rows):
        sheet.write_row(row, 0, [row, row * 1000, row / 7])
    workbook.close()
    return path


def peak_bytes_while_reading(path: Path, iter_rows) -> int:
    tracemalloc.start()
    try:
        for _row in iter_rows(path, "N"):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_while_reading_does_not_grow_with_the_number_of_rows(
    iter_rows, tmp_path, monkeypatch
):
    # Small reads, so that both sheets take many (a sheet read in one would be no measure).
    monkeypatch.setattr(xlsx.archive, "CHUNK_BYTES", 16 * 1024)
    small = peak_bytes_while_reading(numbers_workbook(tmp_path / "small.xlsx", 3_000), iter_rows)
    large = peak_bytes_while_reading(numbers_workbook(tmp_path / "large.xlsx", 30_000), iter_rows)

    # Ten times the rows; a reader that kept them would need ten times the memory.
    assert large < small * 1.5


def test_sheet_heights_come_from_each_sheets_dimension_without_parsing(tmp_path):
    path = tmp_path / "heights.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("Sổ").write_column(0, 0, list(range(120)))
    workbook.add_worksheet("Trống")
    workbook.close()
    assert sheet_heights(path) == {"Sổ": 120, "Trống": 1}


@pytest.mark.parametrize("index", [b"-1", b"1"])
def test_a_shared_string_index_outside_the_table_breaks_the_sheet_for_both_readers(
    tmp_path, iter_rows, index
):
    from sobhxh.testing import bombs

    sheet = [b'<row r="1"><c r="A1" t="s"><v>' + index + b"</v></c></row>"]
    path = bombs.xlsx(tmp_path / "so.xlsx", {"Sổ": sheet}, [b"<si><t>only</t></si>"])
    with pytest.raises(xlsx.XlsxError):
        list(iter_rows(path, "Sổ"))
