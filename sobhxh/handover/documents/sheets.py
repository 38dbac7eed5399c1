"""The handover list and minutes as XLSX, laid out like the PDFs so that they print the
same (A4, the table's header repeated on each printed page, page numbers in the footer).

Written in memory: a list of a few thousand rows is a few hundred kilobytes, and
XlsxWriter's constant_memory mode cannot write to memory."""

import io

import xlsxwriter
from django.utils import translation
from django.utils.translation import pgettext_lazy

from sobhxh import formatting
from sobhxh.formatting import DOCUMENT_LANGUAGE
from sobhxh.formulas import WORKBOOK_OPTIONS

from ..selectors import HandoverDocument
from .handover import (
    list_columns,
    list_signatures,
    list_title,
    minutes_paragraphs,
    minutes_signatures,
    minutes_title,
)

FONT = "Times New Roman"


def handover_list_xlsx(doc: HandoverDocument) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True, **WORKBOOK_OPTIONS})
        f = _formats(book)
        sheet = book.add_worksheet(str(pgettext_lazy("document", "Handover list")))
        columns = list_columns()
        for index, column in enumerate(columns):
            sheet.set_column(index, index, column.width / 1.9)
        last = len(columns) - 1
        row = _heading(sheet, f, doc, split=4, last=last)
        title, attached, employer = list_title(doc)
        for text, style in ((title, f["title"]), (attached, f["centre"]), (employer, f["centre"])):
            sheet.merge_range(row, 0, row, last, text, style)
            row += 1
        row += 1
        header_row = row
        sheet.set_row(header_row, 30)
        for index, column in enumerate(columns):
            sheet.write(row, index, column.title, f["th"])
        for line in doc.rows:
            row += 1
            sheet.set_row(row, 24)
            sheet.write_number(row, 0, line.order, f["td_c"])
            for index, (value, style) in enumerate(
                (
                    (line.number, f["td_c"]),
                    (line.full_name, f["td"]),
                    (line.birth_date, f["td_c"]),
                    (line.sex, f["td_c"]),
                    (line.receiver, f["td"]),
                    ("", f["td"]),
                ),
                start=1,
            ):
                sheet.write_string(row, index, value, style)
        row += 2
        total = str(pgettext_lazy("document", "Total: %(count)s books")) % {
            "count": formatting.number(doc.count)
        }
        sheet.write(row, 0, total, f["bold"])
        _signatures(sheet, f, row + 2, list_signatures(), [(0, 2), (3, 4), (5, last)])
        _print_setup(sheet, header_row)
        book.close()
        return output.getvalue()


def handover_minutes_xlsx(doc: HandoverDocument) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True, **WORKBOOK_OPTIONS})
        f = _formats(book)
        sheet = book.add_worksheet(str(pgettext_lazy("document", "Handover minutes")))
        sheet.set_column(0, 7, 11.5)
        row = _heading(sheet, f, doc, split=3, last=7)
        sheet.merge_range(row, 0, row, 7, minutes_title(), f["title"])
        row += 2
        for style, text in minutes_paragraphs(doc):
            sheet.set_row(row, 30 if len(text) > 90 else None)
            sheet.merge_range(row, 0, row, 7, text, f["wrap_bold" if style else "wrap"])
            row += 1
        _signatures(sheet, f, row + 2, minutes_signatures(), [(0, 3), (4, 7)])
        _print_setup(sheet, None)
        book.close()
        return output.getvalue()


def _formats(book) -> dict:
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    cell = {**base, "border": 1, "text_wrap": True}

    def make(**extra):
        return book.add_format({**base, **extra})

    return {
        "left": make(),
        "centre": make(align="center"),
        "left_b": make(bold=True, align="center"),
        "right_b": make(bold=True, align="center"),
        "motto": make(bold=True, align="center", underline=True),
        "title": make(bold=True, align="center", font_size=14),
        "bold": make(bold=True),
        "wrap": make(text_wrap=True),
        "wrap_bold": make(text_wrap=True, bold=True),
        "hint": make(align="center", font_size=10),
        "th": book.add_format({**cell, "bold": True, "align": "center", "bg_color": "#E6E6E6"}),
        "td": book.add_format(cell),
        "td_c": book.add_format({**cell, "align": "center"}),
    }


def _heading(sheet, f, doc: HandoverDocument, *, split: int, last: int) -> int:
    """The office (columns 0..split-1) and the national heading (split..last); returns the
    first free row."""
    left, right = (0, split - 1), (split, last)
    for row, (text_l, style_l, text_r, style_r) in enumerate(
        (
            (
                doc.office.parent.upper(),
                f["centre"],
                str(pgettext_lazy("document", "SOCIALIST REPUBLIC OF VIETNAM")),
                f["right_b"],
            ),
            (
                doc.office.name.upper(),
                f["left_b"],
                str(pgettext_lazy("document", "Independence - Freedom - Happiness")),
                f["motto"],
            ),
            (
                str(pgettext_lazy("document", "No.: %(number)s")) % {"number": doc.number},
                f["centre"],
                doc.place_and_date,
                f["centre"],
            ),
        )
    ):
        sheet.merge_range(row, left[0], row, left[1], text_l, style_l)
        sheet.merge_range(row, right[0], row, right[1], text_r, style_r)
    return 4


def _signatures(sheet, f, row: int, blocks, spans) -> None:
    for (title, hint), (first, last) in zip(blocks, spans, strict=True):
        sheet.merge_range(row, first, row, last, title.upper(), f["right_b"])
        sheet.merge_range(row + 1, first, row + 1, last, hint, f["hint"])


def _print_setup(sheet, header_row: int | None) -> None:
    sheet.set_paper(9)  # A4
    sheet.set_portrait()
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.7)
    sheet.fit_to_pages(1, 0)
    if header_row is not None:
        sheet.repeat_rows(header_row)
    sheet.set_footer("&C" + str(pgettext_lazy("document", "Page &P of &N")))
