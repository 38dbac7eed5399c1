import pytest

from sobhxh.intake.errors import UnusableFile
from sobhxh.intake.headers import BOOKS, PERIODS, normalise
from sobhxh.intake.reading import open_tables
from sobhxh.testing.files import (
    BOOK_HEADER,
    FOOTER,
    PERIOD_HEADER,
    TITLE,
    book,
    books_file,
    period,
    periods_file,
    write_csv,
    write_ods,
    write_xls,
    write_xlsx,
)


def records(table):
    return [(number, values) for number, values in table.records()]


def test_the_header_is_found_below_title_rows_and_the_footer_is_skipped(tmp_path):
    (table,) = open_tables([books_file(tmp_path, book(), book("0100000002"))])
    rows = records(table)
    assert table.kind == BOOKS
    assert [number for number, _v in rows] == [6, 7]  # Excel row numbers
    assert rows[0][1]["number"] == "0100000001"
    assert "stt" not in table.header.columns.values()


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("MÃ SỐ BHXH", "Mã số BHXH"),
        ("ma so bhxh", "Mã số BHXH"),
        ("Mã_số.BHXH", "Mã số BHXH"),
        ("Họ và\ntên", "Họ và tên"),
        ("Ngay  sinh", "Ngày sinh"),
    ],
)
def test_headers_match_with_or_without_diacritics_case_spaces_dots(written, canonical):
    assert normalise(written) == normalise(canonical)


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8", ","), ("utf-8-sig", ";"), ("utf-16", "\t"), ("cp1258", ";"), ("utf-8", "\t")],
)
def test_csv_encodings_and_delimiters_are_detected(tmp_path, encoding, delimiter):
    path = write_csv(
        tmp_path / "b.csv",
        [BOOK_HEADER, book(name="Trần Thị Bình")],
        encoding=encoding,
        delimiter=delimiter,
    )
    (table,) = open_tables([path])
    assert records(table)[0][1]["full_name"] == "Trần Thị Bình"


def test_a_workbook_holds_both_tables_recognised_by_header_not_name(tmp_path):
    path = write_xlsx(
        tmp_path / "w.xlsx",
        {"Sheet1": [PERIOD_HEADER, period()], "Tờ 2": [*TITLE, BOOK_HEADER, book(), *FOOTER]},
    )
    tables = {table.kind: table for table in open_tables([path])}
    assert set(tables) == {BOOKS, PERIODS}
    assert tables[BOOKS].sheet == "Tờ 2"


def test_a_numeric_cell_keeps_its_value_for_the_parser(tmp_path):
    path = write_xlsx(tmp_path / "w.xlsx", {"S": [BOOK_HEADER, ["1", 100000001, "A"]]})
    (table,) = open_tables([path])
    assert records(table)[0][1]["number"] == 100000001


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.pdf", b"%PDF-1.4", "không phải bảng tính"),
        ("x.xlsx", b"this is not a zip", "Không mở được"),
        ("x.csv", "Tên,Tuổi\nA,1\n".encode(), "Không tìm thấy dòng tiêu đề"),
    ],
)
def test_an_unusable_file_is_refused_whole_with_one_message(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnusableFile) as refused:
        open_tables([path])
    assert message in refused.value.message_vi


def test_a_missing_required_column_refuses_the_file(tmp_path):
    path = write_csv(tmp_path / "b.csv", [["Mã số BHXH", "Họ và tên"], ["0100000001", "An"]])
    with pytest.raises(UnusableFile) as refused:
        open_tables([path])
    assert "Ngày sinh" in refused.value.message_vi and "Giới tính" in refused.value.message_vi


def _in_order(path) -> bool:
    (table,) = open_tables([path])
    return table.numbers_never_go_down()


def test_a_csv_table_in_number_order_is_seen_to_be_so(tmp_path):
    rows = [
        book("0100000001"),
        book("0100000001"),
        [],
        book("01 0000 0002"),
        book("123"),
        book("0100000003"),
    ]
    # Title rows, a blank row, a repeated number, spaces in a number, a number the parser
    # refuses (it has no place in the order), the footer: still in order.
    assert _in_order(books_file(tmp_path, *rows))


def test_a_csv_table_out_of_number_order_is_seen_to_be_so(tmp_path):
    assert not _in_order(books_file(tmp_path, book("0100000002"), book("0100000001")))
    assert not _in_order(periods_file(tmp_path, period("0100000002"), period("0100000001")))


def test_a_quoted_cell_over_two_lines_does_not_mislead_the_look(tmp_path):
    job_over_two_lines = [*period("0100000002")]
    job_over_two_lines[3] = "Công nhân\n0100000001,01/2010"
    path = periods_file(tmp_path, period("0100000001"), job_over_two_lines, period("0100000003"))
    assert _in_order(path)


def test_an_xlsx_table_is_looked_at_in_its_number_column_alone(tmp_path):
    in_order = [BOOK_HEADER, book("0100000001"), book(100000002), book("0100000003")]
    assert _in_order(write_xlsx(tmp_path / "in.xlsx", {"Sổ": [*TITLE, *in_order, *FOOTER]}))
    out_of_order = [BOOK_HEADER, book("0100000002"), book(100000001)]  # a leading zero restored
    assert not _in_order(write_xlsx(tmp_path / "out.xlsx", {"Sổ": out_of_order}))


@pytest.mark.parametrize("write", [write_xls, write_ods], ids=["xls", "ods"])
def test_other_workbooks_are_taken_to_be_out_of_order(tmp_path, write):
    sheets = {"Sổ": [BOOK_HEADER, book("0100000001"), book("0100000002")]}
    assert not _in_order(write(tmp_path / f"w.{write.__name__[-3:]}", sheets))
