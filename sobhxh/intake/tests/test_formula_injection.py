"""A text that a spreadsheet would run as a formula (`=HYPERLINK(...)`, `-2+3`, `@SUM(1)`) is
written as text by every file sobhxh makes: with a `'` before it in a CSV file, as a plain
string in an .xlsx; and an export of such text imports again unchanged."""

import csv
import io
import re
import zipfile
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from sobhxh.books.models import Book, Period
from sobhxh.formulas import csv_writer, neutralise_formula, restore_formula, xlsx_text
from sobhxh.intake import cells
from sobhxh.intake.importing import Importer
from sobhxh.testing.files import book, books_file, period, periods_file

LINK = '=HYPERLINK("http://x","y")'
TRIGGERS = "=+-@\t\r"


# -- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize("first", list(TRIGGERS))
def test_a_text_starting_like_a_formula_gets_a_quote(first):
    assert neutralise_formula(first + "1+1") == "'" + first + "1+1"


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "0123456789", "", "a=b", " =1", 5, -5, None])
def test_any_other_value_is_written_as_it_is(value):
    assert neutralise_formula(value) == value


def test_a_text_that_already_starts_with_quotes_before_a_formula_gets_one_more():
    assert neutralise_formula("'=1") == "''=1"
    assert neutralise_formula("''-x") == "'''-x"
    assert neutralise_formula("'Ngô") == "'Ngô"  # nothing the reader would take off


@given(st.text())
def test_the_reader_takes_off_exactly_what_the_writer_put_on(text):
    written = neutralise_formula(text)
    assert restore_formula(written) == text
    assert restore_formula(xlsx_text(text)) == text
    assert written[:1] not in set(TRIGGERS) or written == ""


@given(st.lists(st.lists(st.text(alphabet="=+-@'\t\r\nab,\"", max_size=6), min_size=1)))
def test_a_csv_file_reads_back_as_written_once_each_cell_is_restored(rows):
    handle = io.StringIO()
    csv_writer(handle).writerows(rows)
    handle.seek(0)
    read = [[restore_formula(cell) for cell in row] for row in csv.reader(handle)]
    assert read == rows


def test_the_importer_reads_a_quoted_formula_as_its_text():
    assert cells.text("'=1+1") == "=1+1"
    assert cells.text("'-  Công nhân") == "- Công nhân"
    assert cells.text("'Ngô") == "'Ngô"


# -- import, report, export, import again -----------------------------------------------------


def _formulas_in(xlsx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/")]
        return [
            hit for name in sheets for hit in re.findall(r"<f>.*?</f>", archive.read(name).decode())
        ]


def _csv_rows(path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture
def imported(tmp_path):
    """Books whose name, employer name and job start like formulas, and one row refused
    because its date of birth is a formula."""
    books = books_file(
        tmp_path,
        book(name=LINK),
        book("0100000002", name="'=1+1", birth="1990"),
        book("0100000003", name="Lê Văn Ba", birth=LINK),
    )
    rows = [period(), period("0100000002")]
    rows[0][3] = "-Công nhân may"
    rows[1][3] = "@SUM(1)"
    periods = periods_file(tmp_path, *rows)
    summary = Importer([books, periods], report_path=tmp_path / "report").run()
    return summary


@pytest.mark.django_db
def test_a_formula_like_name_is_stored_as_text(imported):
    assert Book.objects.get(number="0100000001").full_name == LINK
    # A quote before a formula is a spreadsheet's mark of text, not part of the name.
    assert Book.objects.get(number="0100000002").full_name == "=1+1"
    assert set(Period.objects.values_list("job", flat=True)) == {"-Công nhân may", "@SUM(1)"}


@pytest.mark.django_db
def test_the_error_report_echoes_a_formula_as_text(imported):
    assert imported.books.rejected == 1
    rows = _csv_rows(Path(imported.report).with_suffix(".csv"))
    assert rows[1][2:4] == ["Ngày sinh", "'" + LINK]
    xlsx = Path(imported.report).read_bytes()
    assert _formulas_in(xlsx) == []
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(xlsx)).get_sheet_by_index(0).to_python()
    assert sheet[1][3] == LINK


def _registry():
    return (
        list(Book.objects.order_by("number").values_list("number", "full_name", "employer__name")),
        list(Period.objects.order_by("book__number").values_list("book__number", "job")),
    )


@pytest.mark.django_db
def test_a_csv_export_quotes_formulas_and_imports_again_unchanged(imported, tmp_path):
    Book.objects.filter(number="0100000002").update(full_name="'=1+1")  # an odd stored name
    before = _registry()
    out = tmp_path / "export"
    call_command("export_books", str(out), stdout=StringIO())
    books = _csv_rows(out / "books.csv")
    assert [row[1] for row in books[1:]] == ["'" + LINK, "''=1+1"]
    assert [row[3] for row in _csv_rows(out / "periods.csv")[1:]] == ["'-Công nhân may", "'@SUM(1)"]

    summary = Importer([out / "books.csv", out / "periods.csv"]).run()

    assert _registry() == before
    assert (summary.books.unchanged, summary.periods.unchanged) == (2, 2)


@pytest.mark.django_db
def test_an_xlsx_export_writes_formulas_as_text_and_imports_again_unchanged(imported, tmp_path):
    Book.objects.filter(number="0100000002").update(full_name="'=1+1")
    before = _registry()
    out = tmp_path / "export.xlsx"
    call_command("export_books", str(out), stdout=StringIO())
    assert _formulas_in(out.read_bytes()) == []
    names = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert [row[1] for row in names[1:]] == [LINK, "''=1+1"]

    summary = Importer([out]).run()

    assert _registry() == before
    assert (summary.books.unchanged, summary.periods.unchanged) == (2, 2)
