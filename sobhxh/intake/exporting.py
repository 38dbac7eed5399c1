"""Export books and periods in the import format, so that an export imports unchanged.

Streams from the database in chunks into an .xlsx (XlsxWriter, constant memory) with two
sheets, or into books.csv and periods.csv (UTF-8 with BOM, for Excel) in a folder.
Identifiers, dates and rates are written as text (`sobhxh.formatting`), so that leading
zeros and precision survive; a wage as a whole number. A text a spreadsheet would take for
a formula gets a `'` before it in the CSV files and is plain text in the .xlsx
(`sobhxh.formulas`); the importer reads both back unchanged.
"""

from collections.abc import Iterator
from pathlib import Path

import xlsxwriter
from django.db.models import OuterRef, Subquery

from sobhxh import formatting
from sobhxh.books.lifecycle import Action
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.formulas import WORKBOOK_OPTIONS, csv_writer, xlsx_text
from sobhxh.units.models import Office

from .headers import BOOK_HEADERS, BOOKS, PERIOD_HEADERS, PERIODS

BOOK_COLUMNS = ("number", "full_name", "birth_date", "sex", "identity_number", "employer_code",
                "employer_name", "office_code", "issued_on", "reviewed_on", "confirmed_on",
                "handed_over_on", "received_by")  # fmt: skip
PERIOD_COLUMNS = ("number", "from_month", "to_month", "job", "wage", "rate", "fund")
SEX = {"male": "Nam", "female": "Nữ"}
FUND = {"BHXH": "BHXH", "BHTN": "BHTN", "BHTNLD-BNN": "BHTNLĐ-BNN"}
# Rows fetched from the database at a time while writing: memory stays flat however many.
ROWS_PER_FETCH = 5000


def export_books(out: Path, *, office=None, employer=None) -> dict[str, int]:
    """Write the books in scope (an office and everything under it, or one employer)."""
    books = _books(office, employer)
    counts = {BOOKS: 0, PERIODS: 0}

    def counted(kind: str, rows: Iterator[list]) -> Iterator[list]:
        for row in rows:
            counts[kind] += 1
            yield row

    tables = (
        (BOOKS, [BOOK_HEADERS[c][0] for c in BOOK_COLUMNS], counted(BOOKS, _book_rows(books))),
        (
            PERIODS,
            [PERIOD_HEADERS[c][0] for c in PERIOD_COLUMNS],
            counted(PERIODS, _period_rows(books)),
        ),
    )
    if out.suffix.lower() == ".xlsx":
        _write_xlsx(out, tables)
    else:
        out.mkdir(parents=True, exist_ok=True)
        for kind, header, rows in tables:
            with (out / f"{kind}.csv").open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv_writer(handle)
                writer.writerow(header)
                writer.writerows(rows)
    return counts


def _books(office, employer):
    books = Book.objects.all()
    if employer is not None:
        books = books.filter(employer=employer)
    elif office is not None and office.level != "centre":
        books = books.filter(office__in=_offices_under(office))
    return books


def _offices_under(office):
    return (
        Office.objects.filter(pk=office.pk)
        | Office.objects.filter(parent=office)
        | (Office.objects.filter(parent__parent=office))
    )


def _latest(action: str, value: str = "happened_on") -> Subquery:
    """The book's latest event of `action`: its day, or another of its values."""
    latest = BookEvent.objects.filter(book=OuterRef("pk"), action=action).order_by("-id")
    return Subquery(latest.values(value)[:1])


def _book_rows(books) -> Iterator[list]:
    """The books' rows, with the days of their latest review, confirmation and handover
    (`intake.past_work` reads them back as steps already taken) and who received the book
    when it was not the worker."""
    rows = (
        books.annotate(
            reviewed_on=_latest(Action.START_REVIEW),
            confirmed_on=_latest(Action.CONFIRM),
            handed_over_on=_latest(Action.HAND_OVER),
            received_by=_latest(Action.HAND_OVER, "details__receiver_name"),
        )
        .order_by("number")
        .values_list(
            "number",
            "full_name",
            "birth_date",
            "birth_precision",
            "sex",
            "identity_number",
            "employer__code",
            "employer__name",
            "office__code",
            "issued_on",
            "reviewed_on",
            "confirmed_on",
            "handed_over_on",
            "received_by",
        )
    )
    for (
        number,
        name,
        birth,
        precision,
        sex,
        identity,
        employer_code,
        employer_name,
        office,
        issued,
        reviewed,
        confirmed,
        handed,
        received_by,
    ) in rows.iterator(chunk_size=ROWS_PER_FETCH):
        yield [
            number, name, formatting.birth_date(birth, precision), SEX[sex], identity,
            employer_code, employer_name, office, formatting.day(issued),
            formatting.day(reviewed), formatting.day(confirmed), formatting.day(handed),
            received_by or "",
        ]  # fmt: skip


def _period_rows(books) -> Iterator[list]:
    periods = (
        Period.objects.filter(book__in=books.values("pk"))
        .order_by("book__number", "fund", "from_month")
        .values_list("book__number", "from_month", "to_month", "job", "wage", "rate", "fund")
    )
    for number, start, end, job, wage, rate, fund in periods.iterator(chunk_size=ROWS_PER_FETCH):
        yield [
            number,
            formatting.month(start),
            formatting.month(end),
            job,
            wage,
            formatting.rate_in_file(rate),
            FUND[fund],
        ]


def _write_xlsx(out: Path, tables) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(out), {"constant_memory": True, **WORKBOOK_OPTIONS})
    bold = workbook.add_format({"bold": True})
    for kind, header, rows in tables:
        sheet = workbook.add_worksheet("Sổ BHXH" if kind == BOOKS else "Quá trình đóng")
        sheet.write_row(0, 0, header, bold)
        for index, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                if isinstance(value, int):
                    sheet.write_number(index, column, value)
                else:
                    sheet.write_string(index, column, xlsx_text(value) if value else "")
    workbook.close()
