"""Hostile files are refused before they are expanded, and no process opening one grows by
more than the memory budget: each bomb is opened in a new process, as the import worker
opens a file (the row estimate, then every row), and that process is measured."""

import datetime
import subprocess

import pytest
from django.utils import translation

from sobhxh.intake import isolated, limits, reading
from sobhxh.intake.errors import UnusableFile
from sobhxh.testing import bombs

BUDGET_MB = limits.MEMORY_BUDGET / limits.MEGABYTE
CHILD_START_MB = 60  # a child process's own Python and calamine, before any file


def refused(path, words: str) -> dict:
    measured = bombs.measure(path)
    assert measured["outcome"] == "refused", measured
    assert words in measured["message"], measured["message"]
    assert measured["peak_mb"] < BUDGET_MB, measured
    assert measured["child_peak_mb"] < BUDGET_MB + CHILD_START_MB, measured
    return measured


def test_an_ods_of_one_row_repeated_twenty_million_times_is_refused_before_calamine(tmp_path):
    path = bombs.ods_repeated(tmp_path / "lap.ods", rows=20_000, columns=1_000)
    assert path.stat().st_size < 2_000
    measured = refused(path, "trải trên 20.000.000 ô")
    assert measured["child_peak_mb"] == 0  # calamine never started


def test_an_ods_with_one_cell_far_away_is_refused(tmp_path):
    refused(bombs.ods_far_cell(tmp_path / "xa.ods", row=1_000_000, column=1_000), "ô (từ A1")


def test_an_ods_nested_deeper_than_any_spreadsheet_is_refused(tmp_path):
    refused(bombs.ods_deep(tmp_path / "sau.ods", depth=200), "lồng sâu hơn 64 cấp")


def test_an_xlsx_of_hundreds_of_megabytes_of_sheet_compressed_into_one_is_refused(tmp_path):
    path = bombs.xlsx_ratio(tmp_path / "nen.xlsx", megabytes=40)
    refused(path, "được nén tới")


def test_an_xlsx_whose_shared_strings_would_not_fit_is_refused(tmp_path):
    path = bombs.xlsx_shared_strings(tmp_path / "chuoi.xlsx", megabytes=60)
    refused(path, "bảng văn bản của tệp sẽ chiếm")


def test_an_xlsx_nested_deeper_than_any_spreadsheet_is_refused(tmp_path):
    refused(bombs.xlsx_deep(tmp_path / "sau.xlsx", depth=200), "lồng sâu hơn 64 cấp")


def test_an_xlsx_row_that_never_ends_is_refused_by_either_reader(tmp_path):
    path = bombs.xlsx_long_row(tmp_path / "dong.xlsx", megabytes=6, compressible=False)
    refused(path, "một dòng của tệp lớn hơn 4 MB")


def test_an_xlsx_with_thousands_of_sheets_is_refused(tmp_path):
    refused(bombs.xlsx_many_sheets(tmp_path / "trang.xlsx", sheets=250), "250 trang tính")


def test_a_zip_of_too_many_members_is_refused_before_its_directory_is_read(tmp_path):
    path = bombs.zip_many_members(tmp_path / "nhieu.xlsx", members=limits.MAX_MEMBERS + 1)
    measured = refused(path, "tệp con bên trong")
    assert measured["peak_mb"] < 20


def test_an_xls_that_would_not_fit_in_memory_ends_its_child_process(tmp_path):
    refused(bombs.xls_far_cell(tmp_path / "xa.xls"), "cần hơn 300 MB bộ nhớ")


def test_a_csv_line_of_millions_of_fields_is_refused(tmp_path):
    refused(bombs.csv_long_line(tmp_path / "dong.csv", megabytes=3), "dài hơn 1.048.576 ký tự")


def test_a_refusal_reads_in_english_too(tmp_path):
    path = bombs.ods_repeated(tmp_path / "lap.ods")
    with pytest.raises(UnusableFile) as refusal:
        reading.open_tables([path])
    # The English interface keeps the agency's number conventions (sobhxh/formats/en).
    assert "spans 20.000.000 cells" in refusal.value.message_en
    assert "trải trên 20.000.000 ô" in refusal.value.message_vi
    with translation.override("en"):
        assert "is refused" in str(refusal.value)


# -- real files pass ---------------------------------------------------------------------------


def _books(count: int) -> list[list[str]]:
    birth = datetime.date(1980, 1, 1)
    return [bombs.HEADER] + [
        [str(row), f"{row:010d}", f"Nguyễn Văn {row}", f"{birth:%d/%m/%Y}", "Nam", "TA0001A"]
        for row in range(1, count + 1)
    ]


def test_a_real_ods_is_read_whole_in_its_child_process(tmp_path):
    rows = _books(20_000)
    # LibreOffice pads a sheet with empty repeated rows and columns: they hold no cell.
    path = bombs.ods(
        tmp_path / "so.ods",
        {
            "Sổ": "".join(
                "<table:table-row>"
                + "".join(bombs.ods_cell(v) for v in row)
                + '<table:table-cell table:number-columns-repeated="1018"/></table:table-row>'
                for row in rows
            )
            + '<table:table-row table:number-rows-repeated="1028576">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        },
    )
    assert reading.estimate_rows([path]) == 20_001
    measured = bombs.measure(path)
    assert measured["outcome"] == "read" and measured["rows"] == 20_000, measured
    assert measured["peak_mb"] < BUDGET_MB and measured["child_peak_mb"] < BUDGET_MB


def test_a_real_xls_is_read_whole_in_its_child_process(tmp_path):
    import xlwt

    workbook = xlwt.Workbook()
    sheet = workbook.add_sheet("So")
    for number, row in enumerate(_books(5_000)):
        for column, value in enumerate(row):
            sheet.write(number, column, value)
    workbook.save(str(tmp_path / "so.xls"))
    measured = bombs.measure(tmp_path / "so.xls")
    assert measured["outcome"] == "read" and measured["rows"] == 5_000, measured


def test_calamine_opens_an_ods_once_for_its_names_and_once_a_sheet_never_for_the_estimate(
    tmp_path, monkeypatch
):
    path = bombs.ods_plain(tmp_path / "so.ods", _books(3))
    started = []
    popen = subprocess.Popen

    def counted(command, *args, **kwargs):
        started.append(command[-1])
        return popen(command, *args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counted)
    assert reading.estimate_rows([path]) == 4
    assert started == []
    tables = reading.open_tables([path])
    assert [len(list(table.rows())) for table in tables] == [3]
    assert started == [str(path), "Sổ"]


def test_a_child_that_sends_anything_but_cells_is_not_believed(tmp_path):
    import io
    import pickle

    with pytest.raises(pickle.UnpicklingError):
        isolated.CellUnpickler(io.BytesIO(pickle.dumps(("rows", [[subprocess.Popen]])))).load()
    cells = ("rows", [["x", 1, 2.5, True, None, datetime.date(2017, 1, 10)]])
    assert isolated.CellUnpickler(io.BytesIO(pickle.dumps(cells))).load() == cells
