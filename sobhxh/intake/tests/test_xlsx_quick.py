"""The quick reader of ordinary rows gives, with expat taking over where it stops, exactly
the rows expat alone gives, whatever the cells."""

import datetime
import zipfile

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.intake import xlsx

TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"]) | st.sampled_from("&<>\"'_x\r\n\t"),
    max_size=12,
)
CELL = st.one_of(
    st.none(),
    TEXT,
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)),
)
SHEET = st.lists(
    st.tuples(st.integers(0, 3), st.lists(CELL, max_size=6)),  # rows skipped, then cells
    max_size=8,
)


def _write(path, rows, constant_memory: bool):
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": constant_memory})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet = workbook.add_worksheet("S")
    number = 0
    for skipped, cells in rows:
        number += skipped
        for column, value in enumerate(cells):
            if isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, day)
            elif value is not None:
                sheet.write(number, column, value)
        number += 1
    workbook.close()
    return path


def _read(path):
    """The rows, or the fact that the sheet was refused (where expat says so differs)."""
    try:
        return list(xlsx.iter_rows(path, "S"))
    except xlsx.XlsxError:
        return "refused"


def _expat_alone(path):
    rows = xlsx._QuickRows.rows
    xlsx._QuickRows.rows = lambda self, stream: iter(())
    try:
        return _read(path)
    finally:
        xlsx._QuickRows.rows = rows


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=SHEET, constant_memory=st.booleans())
def test_the_quick_reader_reads_what_expat_reads(tmp_path, rows, constant_memory):
    path = _write(tmp_path / "q.xlsx", rows, constant_memory)
    assert _read(path) == _expat_alone(path)


def test_expat_takes_over_from_the_first_row_the_quick_reader_cannot_read(tmp_path):
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>An &amp; Bình</t></is></c><c r="C1"><v>7</v>'
        '</c></row><row r="3"><c r="A3"><f>1+1</f><v>2</v></c></row>'
        '<row r="4"><c r="B4" t="inlineStr"><is><t>&#272;&#x1ED7;</t></is></c></row>'
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><sheetData>{sheet}</sheetData></worksheet>'
    )
    path = _write(tmp_path / "w.xlsx", [], False)
    with zipfile.ZipFile(path) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    parts["xl/worksheets/sheet1.xml"] = document.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)

    assert list(xlsx.iter_rows(path, "S")) == [["An & Bình", None, 7], [], [2], [None, "Đỗ"]]
    assert list(xlsx.iter_rows(path, "S")) == _expat_alone(path)
