"""The settlement (quyết toán) of a province's year as an official document, PDF and XLSX:
the national heading, the office, number and date; a table per activity and rate (count,
rate, amount); the allowed amount, the amount spent and the difference; the signature
blocks. Built with the handover documents' PDF helpers and written in Vietnamese whatever
the interface language, as every official paper."""

import io

import xlsxwriter
from django.utils import timezone, translation
from django.utils.translation import pgettext

from sobhxh import formatting
from sobhxh.formatting import DOCUMENT_LANGUAGE
from sobhxh.formulas import WORKBOOK_OPTIONS
from sobhxh.handover.documents.pdf import (
    LINE,
    Column,
    Sheet,
    Table,
    national_heading,
    signature_blocks,
    signature_height,
)
from sobhxh.handover.selectors import office_heading

from .selectors import SettlementFigures


def _texts(figures: SettlementFigures) -> dict:
    approved = figures.approved
    day = timezone.localtime(approved.approved_at).date() if approved else timezone.localdate()
    heading = office_heading(figures.province)
    return {
        "heading": heading,
        "number": approved.number if approved else "",
        "place_and_date": f"{heading.place}, {formatting.long_date(day)}",
        "title": pgettext(
            "document",
            "SETTLEMENT OF THE COSTS OF REVIEWING AND HANDING OVER SOCIAL INSURANCE BOOKS",
        ),
        "year": pgettext("document", "Year %(year)s") % {"year": figures.year},
        "state": "" if approved else pgettext("document", "(draft, not approved)"),
        "example": pgettext(
            "document", "Example rates – not official rates: the amounts are for illustration."
        )
        if figures.has_examples
        else "",
    }


def _columns() -> list[tuple[str, float, str]]:
    return [
        (pgettext("document", "No."), 10, "C"),
        (pgettext("document", "Activity"), 62, "L"),
        (pgettext("document", "Rate from"), 24, "C"),
        (pgettext("document", "Count"), 22, "R"),
        (pgettext("document", "Rate (đồng)"), 24, "R"),
        (pgettext("document", "Amount (đồng)"), 38, "R"),
    ]


def _rows(figures: SettlementFigures) -> list[list[str]]:
    return [
        [
            str(index),
            line.activity_label + (" *" if line.is_example else ""),
            formatting.day(line.valid_from),
            formatting.number(line.count),
            formatting.money(line.rate),
            formatting.money(line.amount),
        ]
        for index, line in enumerate(figures.lines, start=1)
    ]


def _totals(figures: SettlementFigures) -> list[tuple[str, int]]:
    return [
        (pgettext("document", "Allowed amount (from the work counted)"), figures.allowed),
        (pgettext("document", "Amount spent"), figures.spent),
        (pgettext("document", "Difference (allowed − spent)"), figures.difference),
    ]


def _signatures() -> list[tuple[str, str]]:
    sign = pgettext("document", "(sign and write full name)")
    return [
        (pgettext("document", "Prepared by"), sign),
        (pgettext("document", "Chief accountant"), sign),
        (
            pgettext("document", "Head of the office"),
            pgettext("document", "(sign, full name and seal)"),
        ),
    ]


def settlement_pdf(figures: SettlementFigures) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        texts = _texts(figures)
        pdf = Sheet()
        pdf.set_title(texts["title"].capitalize())
        pdf.add_page()
        national_heading(
            pdf, texts["heading"], number=texts["number"], place_and_date=texts["place_and_date"]
        )
        pdf.line_text(texts["title"], style="B", size=12, align="C", h=6)
        pdf.line_text(texts["year"], style="B", size=11, align="C")
        if texts["state"]:
            pdf.line_text(texts["state"], size=10, align="C")
        pdf.ln(3)
        columns = [Column(title, width, align) for title, width, align in _columns()]
        table = Table(pdf, columns)
        table.header()
        for values in _rows(figures):
            table.row(values)
        pdf.ln(3)
        for label, amount in _totals(figures):
            pdf.line_text(f"{label}: {formatting.money(amount)} đồng", style="B", size=10)
        if texts["example"]:
            pdf.ln(1)
            pdf.line_text("* " + texts["example"], size=9)
        pdf.ln(6)
        if pdf.get_y() + signature_height() > pdf.bottom:
            pdf.add_page()
        signature_blocks(pdf, _signatures())
        pdf.ln(LINE)
        return bytes(pdf.output())


def settlement_xlsx(figures: SettlementFigures) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        texts = _texts(figures)
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
        bold = book.add_format({"bold": True})
        centre = book.add_format({"bold": True, "align": "center"})
        border = {"border": 1, "border_color": "#9aa5b1"}
        header = book.add_format({"bold": True, "text_wrap": True, "bg_color": "#e7f0fa", **border})
        text = book.add_format(border)
        money = book.add_format({"num_format": "#,##0", **border})
        money_bold = book.add_format({"num_format": "#,##0", "bold": True, **border})
        sheet = book.add_worksheet(pgettext("document", "Settlement"))
        heading = texts["heading"]
        sheet.write_string(0, 0, heading.parent.upper())
        sheet.write_string(1, 0, heading.name.upper(), bold)
        sheet.write_string(0, 3, pgettext("document", "SOCIALIST REPUBLIC OF VIETNAM"), bold)
        sheet.write_string(1, 3, pgettext("document", "Independence - Freedom - Happiness"), bold)
        if texts["number"]:
            sheet.write_string(
                2, 0, pgettext("document", "No.: %(number)s") % {"number": texts["number"]}
            )
        sheet.write_string(2, 3, texts["place_and_date"])
        sheet.merge_range(4, 0, 4, 5, texts["title"], centre)
        sheet.merge_range(
            5, 0, 5, 5, texts["year"] + (f" {texts['state']}" if texts["state"] else ""), centre
        )
        row = 7
        for col, (title, _width, _align) in enumerate(_columns()):
            sheet.write_string(row, col, title, header)
        for index, line in enumerate(figures.lines, start=1):
            row += 1
            sheet.write_number(row, 0, index, text)
            sheet.write_string(
                row, 1, line.activity_label + (" *" if line.is_example else ""), text
            )
            sheet.write_string(row, 2, formatting.day(line.valid_from), text)
            sheet.write_number(row, 3, line.count, money)
            sheet.write_number(row, 4, line.rate, money)
            sheet.write_number(row, 5, line.amount, money)
        row += 1
        for label, amount in _totals(figures):
            row += 1
            sheet.merge_range(row, 0, row, 4, label, bold)
            sheet.write_number(row, 5, amount, money_bold)
        if texts["example"]:
            row += 2
            sheet.write_string(row, 0, "* " + texts["example"])
        row += 2
        for col, (title, hint) in zip((0, 2, 4), _signatures(), strict=True):
            sheet.write_string(row, col, title.upper(), bold)
            sheet.write_string(row + 1, col, hint)
        sheet.set_column(0, 0, 6)
        sheet.set_column(1, 1, 42)
        sheet.set_column(2, 5, 16)
        book.close()
        return out.getvalue()
