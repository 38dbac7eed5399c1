"""The quick reader of ordinary rows gives, with expat taking over where it stops, exactly
the rows expat alone gives, whatever the cells."""

import datetime
import zipfile

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.intake import xlsx
from sobhxh.intake.xlsx.cells import CellValues
from sobhxh.intake.xlsx.quick_reader import QuickRows

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


def _read(path, reader="auto"):
    """The rows, or the fact that the sheet was refused (where expat says so differs)."""
    try:
        return list(xlsx.iter_rows(path, "S", reader=reader))
    except xlsx.XlsxError:
        return "refused"


def _expat_alone(path):
    return _read(path, reader="expat")


def _quick_reader_alone(path):
    """The quick reader on the sheet of `_sheet` (no shared strings, no dates), and each row
    it read with the number of rows it had read cell by cell by then."""
    quick = QuickRows(CellValues([], frozenset(), date1904=False))
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as stream:
        return quick, [(row, quick.read_cell_by_cell) for row in quick.rows(stream)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=SHEET, constant_memory=st.booleans())
def test_the_quick_reader_reads_what_expat_reads(tmp_path, rows, constant_memory):
    path = _write(tmp_path / "q.xlsx", rows, constant_memory)
    assert _read(path) == _expat_alone(path)


def _sheet(tmp_path, sheet_data: str):
    document = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats'
        f'.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>'
    )
    path = _write(tmp_path / "w.xlsx", [], False)
    with zipfile.ZipFile(path) as original:
        parts = {name: original.read(name) for name in original.namelist()}
    parts["xl/worksheets/sheet1.xml"] = document.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_expat_takes_over_from_the_first_row_the_quick_reader_cannot_read(tmp_path):
    sheet = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>An &amp; Bình</t></is></c><c r="C1"><v>7</v>'
        '</c></row><row r="3"><c r="A3"><f>1+1</f><v>2</v></c></row>'
        '<row r="4"><c r="B4" t="inlineStr"><is><t>&#272;&#x1ED7;</t></is></c></row>'
    )
    path = _sheet(tmp_path, sheet)

    assert list(xlsx.iter_rows(path, "S")) == [["An & Bình", None, 7], [], [2], [None, "Đỗ"]]
    assert list(xlsx.iter_rows(path, "S")) == _expat_alone(path)


@pytest.mark.parametrize(
    "kind",
    ["", ' t="n"', ' t="s"', ' t="str"', ' t="inlineStr"', ' t="b"', ' t="d"', ' t="e"', ' t="x"'],
)
@pytest.mark.parametrize(
    "content",
    [
        "<v>1</v>",
        "<v>2.5E3</v>",
        "<v>true</v>",
        "<v>2018-01-10T08:30:00</v>",
        "<v>a_x000D_b</v>",
        "<v></v>",
        "<is><t>0</t></is>",
        "<is><t>An &amp; B&#7885;_x0009_</t></is>",
        "<is><t></t></is>",
    ],
)
def test_a_cell_of_any_type_reads_as_expat_reads_it(tmp_path, kind, content):
    # Three rows alike: the first read cell by cell, the others by their shape.
    path = _sheet(
        tmp_path, "".join(f'<row r="{n}"><c r="B{n}"{kind}>{content}</c></row>' for n in (1, 2, 3))
    )
    assert _read(path) == _expat_alone(path)


def _column_or_refused(path, column: int):
    try:
        return [value for value in xlsx.column_values(path, "S", column) if value is not None]
    except xlsx.NeedsFullRead:
        return "not plain"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=SHEET, constant_memory=st.booleans(), column=st.integers(0, 5))
def test_a_column_looked_at_alone_holds_what_the_rows_hold(tmp_path, rows, constant_memory, column):
    path = _write(tmp_path / "q.xlsx", rows, constant_memory)
    read = _read(path)
    looked = _column_or_refused(path, column)
    if read != "refused" and looked != "not plain":
        assert looked == [
            row[column] for row in read if len(row) > column and row[column] is not None
        ]


def test_a_column_is_looked_at_past_cells_of_other_columns_the_quick_reader_cannot_read(tmp_path):
    path = _sheet(
        tmp_path,
        '<row r="1"><c r="A1" t="inlineStr"><is><t>0100000001</t></is></c>'
        '<c r="B1"><f>1+1</f><v>2</v></c></row><row r="2"><c r="A2"><v>100000002</v></c>'
        '<c r="AA2" t="inlineStr"><is><t>0100000000</t></is></c></row>',
    )
    assert list(xlsx.column_values(path, "S", 0)) == ["0100000001", 100000002]
    assert list(xlsx.column_values(path, "S", 26)) == ["0100000000"]


@pytest.mark.parametrize(
    "cell",
    [
        '<c t="inlineStr" r="A2"><is><t>0100000001</t></is></c>',  # reference not first
        "<c><v>100000001</v></c>",  # no reference: the column follows the cell before
        '<c r="a2"><v>100000001</v></c>',  # a lower-case reference
        '<c r="A2"><f>A1+1</f><v>100000001</v></c>',  # a formula in the column
        '<c r="A2" t="inlineStr"><is><r><t>0100</t></r><r><t>000001</t></r></is></c>',  # rich
    ],
)
def test_a_column_not_plainly_written_is_left_to_the_readers(tmp_path, cell):
    path = _sheet(tmp_path, f'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">{cell}</row>')
    with pytest.raises(xlsx.NeedsFullRead):
        list(xlsx.column_values(path, "S", 0))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=SHEET, constant_memory=st.booleans())
def test_rows_written_alike_read_as_expat_reads_them(tmp_path, rows, constant_memory):
    # Each row twice: the second is matched whole, by the shape the first was read with.
    twice = [(skipped if copy == 0 else 0, cells) for skipped, cells in rows for copy in (0, 1)]
    path = _write(tmp_path / "q.xlsx", twice, constant_memory)
    assert _read(path) == _expat_alone(path)


def test_rows_of_a_known_shape_are_read_whole_and_others_cell_by_cell(tmp_path):
    def row(number, first, second):
        return (
            f'<row r="{number}"><c r="A{number}" t="inlineStr"><is><t>{first}</t></is></c>'
            f'<c r="C{number}" s="1"><v>{second}</v></c><c r="D{number}" s="1"/></row>'
        )

    path = _sheet(
        tmp_path,
        row(1, "An", 5)
        + row(2, "Bình &amp; Co", 2.5)  # resolved, as the first row of its shape would be
        + row(3, "line_x000D_break", "")
        + '<row r="4"><c r="B4"><v>3</v></c></row>'  # another shape
        + row(5, "", 7)
        + row(6, "Đỗ", "1E3"),
    )
    rows = [
        ["An", None, 5],
        ["Bình & Co", None, 2.5],
        ["line\rbreak"],
        [None, 3],
        [None, None, 7],
        ["Đỗ", None, 1000.0],
    ]
    quick, read = _quick_reader_alone(path)
    assert [row for row, _count in read] == rows
    # Rows 1, 4 and 5 were read cell by cell: each after a row of another shape.
    assert [count for _row, count in read] == [1, 1, 1, 2, 3, 3]
    assert quick.rest == b"</sheetData></worksheet>"
    assert list(xlsx.iter_rows(path, "S")) == rows
    assert list(xlsx.iter_rows(path, "S")) == _expat_alone(path)


def test_a_shape_learned_from_an_empty_cell_refuses_what_its_type_refuses(tmp_path):
    path = _sheet(
        tmp_path,
        '<row r="1"><c r="A1" t="s"><is><t></t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><is><t>abc</t></is></c></row>',
    )
    assert _read(path) == _expat_alone(path)


def test_rows_as_excel_writes_them_are_read_by_the_quick_reader(tmp_path):
    sheet_data = "".join(
        f'<row r="{n}" spans="1:2" x14ac:dyDescent="0.25"><c r="A{n}"><v>{n}</v></c>'
        f'<c r="B{n}" t="inlineStr"><is><t>Hàng {n}</t></is></c></row>'
        for n in (1, 2, 3)
    )
    path = _sheet(tmp_path, sheet_data)
    rows = [[1, "Hàng 1"], [2, "Hàng 2"], [3, "Hàng 3"]]
    quick, read = _quick_reader_alone(path)
    assert [row for row, _count in read] == rows
    assert (quick.last_row, quick.rest) == (3, b"</sheetData></worksheet>")  # expat: the end
    assert list(xlsx.iter_rows(path, "S")) == rows
    assert list(xlsx.iter_rows(path, "S")) == _expat_alone(path)
