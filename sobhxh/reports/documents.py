"""A monthly progress report (Mẫu 04 of a district, Mẫu 05 of a province) and the centre's
national summary, in the official layout, as PDF (fpdf2, as the handover documents) and
XLSX (XlsxWriter): pure functions from the frozen dicts to bytes.

`report` = {"form": "04"|"05", "office": {"code", "name", "level"[, "place"]},
"parent_office": {"name"}, "month": "YYYY-MM", "number", "dated": "YYYY-MM-DD",
"version", "submitted_by", "remarks": {"difficulties", "proposals"},
"figures": MonthFigures.as_dict()}; `summary` = {"month", "dated", "figures": the
national as_dict(), "statuses": {province code: label}}.

A report is an official paper: printed in Vietnamese whatever the interface language.
"""

import io
from datetime import date

import xlsxwriter
from django.utils import translation
from django.utils.translation import pgettext_lazy

from sobhxh import formatting
from sobhxh.books.lifecycle import State, WaitingReason
from sobhxh.formatting import DOCUMENT_LANGUAGE
from sobhxh.formulas import WORKBOOK_OPTIONS
from sobhxh.handover.documents.pdf import (
    GREY,
    LINE,
    Column,
    Sheet,
    Table,
    national_heading,
    signature_blocks,
    signature_height,
)
from sobhxh.handover.selectors import OfficeHeading

from .figures import FLOWS, OUTSTANDING_STATES, OWN, REASONS

TITLE = pgettext_lazy(
    "document", "PROGRESS REPORT ON THE REVIEW AND HANDOVER OF SOCIAL INSURANCE BOOKS, %(month)s"
)
SUMMARY_TITLE = pgettext_lazy(
    "document",
    "NATIONAL SUMMARY OF THE REVIEW AND HANDOVER OF SOCIAL INSURANCE BOOKS, %(month)s",
)
# Where the centre's documents are made: a place name, the same in every language.
CENTRE_PLACE = "Hà Nội"
FORM = pgettext_lazy("document", "Form %(form)s")
FLOW_WORDS = {
    "reviewed": pgettext_lazy("document", "Reviewed"),
    "confirmed": pgettext_lazy("document", "Confirmed"),
    "disputed": pgettext_lazy("document", "Disputed"),
    "handed_over": pgettext_lazy("document", "Handed over"),
    "excluded": pgettext_lazy("document", "Excluded"),
}


def _words(text) -> str:
    return str(text)


def _percent(value: str | None) -> str:
    return "" if value is None else value.replace(".", ",")


def _row_name(row: dict) -> str:
    office = row["office"]
    if office["level"] == OWN:
        own = pgettext_lazy("document", "%(name)s – employers it manages itself")
        return _words(own) % {"name": office["name"]}
    return office["name"]


def _rows(figures: dict) -> list[tuple[str, str, dict]]:
    """(number, name, row) of each child, then the office's total (no number); an office
    without children is its one row."""
    children = figures.get("children", [])
    lines = [(str(i), _row_name(child), child) for i, child in enumerate(children, start=1)]
    if not children:
        return [("1", figures["office"]["name"], figures)]
    return [*lines, ("", _words(pgettext_lazy("document", "Total")), figures)]


def _head(key: str) -> str:
    return _words(HEADS[key])


HEADS = {
    "no": pgettext_lazy("document", "No."),
    "office": pgettext_lazy("document", "Office"),
    "due": pgettext_lazy("document", "Books due"),
    "month": pgettext_lazy("document", "in the month"),
    "cumulated": pgettext_lazy("document", "cumulated"),
    "percent": pgettext_lazy("document", "Handed over (%)"),
    "target": pgettext_lazy("document", "Target (%)"),
    "status": pgettext_lazy("document", "Report"),
}


def flow_table(figures: dict, statuses: dict | None = None) -> tuple[list[str], list[list]]:
    """The headers and lines of the table of flows: books due, each flow in the month and
    cumulated, percent and target (and, in the national summary, each report's status)."""
    headers = [_head("no"), _head("office"), _head("due")]
    for flow in FLOWS:
        words = _words(FLOW_WORDS[flow])
        headers += [f"{words} – {_head('month')}", f"{words} – {_head('cumulated')}"]
    headers += [_head("percent"), _head("target")]
    if statuses is not None:
        headers.append(_head("status"))
    lines = []
    for number, name, row in _rows(figures):
        line = [number, name, row["due"]]
        for flow in FLOWS:
            line += [row["flows"][flow]["month"], row["flows"][flow]["cumulated"]]
        line += [_percent(row["percent"]), _percent(row["target_percent"])]
        if statuses is not None:
            line.append(statuses.get(row["office"]["code"], "") if number else "")
        lines.append(line)
    return headers, lines


def outstanding_table(figures: dict) -> tuple[list[str], list[list]]:
    """The headers and lines of the books not yet handed over, by state and by reason."""
    headers = [_head("no"), _head("office")]
    headers += [str(State(state).label) for state in OUTSTANDING_STATES]
    headers += [str(WaitingReason(reason).label) for reason in REASONS]
    lines = []
    for number, name, row in _rows(figures):
        line = [number, name]
        line += [row["outstanding_by_state"][state] for state in OUTSTANDING_STATES]
        lines.append(line + [row["outstanding_by_reason"][reason] for reason in REASONS])
    return headers, lines


def _month(text: str) -> str:
    return formatting.month(date.fromisoformat(f"{text}-01"))


def _place(office: dict) -> str:
    return office.get("place") or office["name"].removeprefix("BHXH ").strip()


def _place_and_date(office: dict, dated: str) -> str:
    return f"{_place(office)}, {formatting.long_date(date.fromisoformat(dated))}"


def _signatures() -> list[tuple[str, str]]:
    hint = _words(pgettext_lazy("document", "(sign, full name)"))
    return [
        (_words(pgettext_lazy("document", "Prepared by")), hint),
        (_words(pgettext_lazy("document", "Head of the office")), hint),
    ]


def _remarks(report: dict) -> list[tuple[str, str]]:
    remarks = report.get("remarks") or {}
    difficulties = _words(pgettext_lazy("document", "Difficulties and problems:"))
    proposals = _words(pgettext_lazy("document", "Proposals:"))
    return [
        (difficulties, remarks.get("difficulties", "")),
        (proposals, remarks.get("proposals", "")),
    ]


def _version_line(report: dict) -> str:
    return _words(pgettext_lazy("document", "Version %(version)s, sent by %(who)s")) % {
        "version": report["version"],
        "who": report["submitted_by"],
    }


# -- PDF ---------------------------------------------------------------------------------


def report_pdf(report: dict) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        office = report["office"]
        heading = OfficeHeading(report["parent_office"]["name"], office["name"], _place(office))
        title = _words(TITLE) % {"month": _month(report["month"])}
        pdf = _start(title, _words(FORM) % {"form": report["form"]})
        national_heading(pdf, heading, number=report["number"],
                         place_and_date=_place_and_date(office, report["dated"]))  # fmt: skip
        _titles(pdf, title, [_version_line(report)])
        _tables(pdf, report["figures"])
        pdf.ln(3)
        for label, text in _remarks(report):
            pdf.line_text(label, style="B", size=10)
            pdf.line_text(text or "…", size=10)
        pdf.ln(4)
        signature_blocks(pdf, _signatures())
        return bytes(pdf.output())


def summary_pdf(summary: dict) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        figures = summary["figures"]
        centre = figures["office"]
        title = _words(SUMMARY_TITLE) % {"month": _month(summary["month"])}
        pdf = _start(title, "")
        heading = OfficeHeading("", centre["name"], CENTRE_PLACE)
        place = {**centre, "place": heading.place}
        national_heading(pdf, heading, place_and_date=_place_and_date(place, summary["dated"]))
        _titles(pdf, title, [])
        _tables(pdf, figures, statuses=summary.get("statuses") or {})
        pdf.ln(4)
        signature_blocks(pdf, _signatures())
        return bytes(pdf.output())


def _start(title: str, form: str) -> Sheet:
    pdf = Sheet(orientation="L", footer_text=_page_of)
    pdf.set_margins(10, 10, 10)
    pdf.set_title(title)
    pdf.add_page()
    if form:
        pdf.font("B", 9)
        pdf.set_xy(pdf.w - pdf.r_margin - 30, 5)
        pdf.put(30, 4, form, align="R")
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
    return pdf


def _titles(pdf: Sheet, title: str, lines: list[str]) -> None:
    pdf.line_text(title, style="B", size=12.5, align="C", h=7)
    for line in lines:
        pdf.line_text(line, size=9.5, align="C")
    pdf.ln(3)


WIDTH = 277  # mm across a landscape A4 page within 10 mm margins


def _tables(pdf: Sheet, figures: dict, statuses: dict | None = None) -> None:
    headers, lines = flow_table(figures, statuses)
    # In print a flow's name stands once over its two columns ("in the month", "cumulated").
    for index in range(len(FLOWS)):
        headers[3 + 2 * index] = _head("month")
        headers[4 + 2 * index] = _head("cumulated")
    number = 16 if statuses is None else 15
    widths = [8, 0, 16] + [number] * (2 * len(FLOWS)) + [16, 16]
    if statuses is not None:
        widths.append(22)
    widths[1] = WIDTH - sum(widths)
    groups = [("", sum(widths[:3]))]
    groups += [(_words(FLOW_WORDS[flow]), 2 * number) for flow in FLOWS]
    groups.append(("", sum(widths[3 + 2 * len(FLOWS) :])))

    def group_row(pdf: Sheet) -> None:
        pdf.font("B", 7.5)
        pdf.set_fill_color(GREY)
        for title, width in groups:
            pdf.put(width, 5, title, align="C", border=True, fill=True)
        pdf.set_xy(pdf.l_margin, pdf.get_y() + 5)

    group_row(pdf)
    _table(pdf, headers, widths, lines, on_new_page=group_row)
    pdf.ln(3)
    pdf.line_text(_words(pgettext_lazy("document", "Books not yet handed over")), style="B")
    headers, lines = outstanding_table(figures)
    numbers = len(headers) - 2
    _table(pdf, headers, [8, WIDTH - 8 - 17 * numbers] + [17] * numbers, lines)


def _table(pdf: Sheet, headers, widths, lines, *, on_new_page=None) -> None:
    columns = [
        Column(title, width, "L" if index == 1 else "C" if index == 0 else "R")
        for index, (title, width) in enumerate(zip(headers, widths, strict=True))
    ]
    table = Table(pdf, columns, size=7.5, line=3.6, on_new_page=on_new_page)
    table.header()
    for index, line in enumerate(lines):
        cells = [formatting.number(v) if isinstance(v, int) else v for v in line]
        # the total and what follows it stay together
        keep = signature_height() + 4 * LINE if index == len(lines) - 1 else 0
        table.row(cells, keep_with=keep)


def _page_of(pdf: Sheet) -> str:
    return str(pgettext_lazy("document", "Page %(page)s of %(pages)s")) % {
        "page": pdf.page_no(),
        "pages": pdf.str_alias_nb_pages,
    }


# -- XLSX --------------------------------------------------------------------------------

FONT = "Times New Roman"


def report_xlsx(report: dict) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        office = report["office"]
        heading = (
            report["parent_office"]["name"],
            office["name"],
            _words(pgettext_lazy("document", "No.: %(number)s")) % {"number": report["number"]},
            _place_and_date(office, report["dated"]),
        )
        title = _words(TITLE) % {"month": _month(report["month"])}
        form = _words(FORM) % {"form": report["form"]}
        return _workbook(heading, form, title, [_version_line(report)], report["figures"],
                         None, _remarks(report))  # fmt: skip


def summary_xlsx(summary: dict) -> bytes:
    with translation.override(DOCUMENT_LANGUAGE):
        centre = summary["figures"]["office"]
        place = {**centre, "place": CENTRE_PLACE}
        heading = ("", centre["name"], "", _place_and_date(place, summary["dated"]))
        title = _words(SUMMARY_TITLE) % {"month": _month(summary["month"])}
        return _workbook(heading, "", title, [], summary["figures"],
                         summary.get("statuses") or {}, [])  # fmt: skip


def _workbook(heading, form, title, lines, figures, statuses, remarks) -> bytes:
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True, **WORKBOOK_OPTIONS})
    f = _formats(book)
    sheet = book.add_worksheet(_words(pgettext_lazy("document", "Report")))
    flows = flow_table(figures, statuses)
    outstanding = outstanding_table(figures)
    last = max(len(flows[0]), len(outstanding[0])) - 1
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 34)
    sheet.set_column(2, last, 11)
    split = 5
    parent, name, number, place_and_date = heading
    if form:
        sheet.write_string(0, last, form, f["bold"])
    national = _words(pgettext_lazy("document", "SOCIALIST REPUBLIC OF VIETNAM"))
    motto = _words(pgettext_lazy("document", "Independence - Freedom - Happiness"))
    for row, (left, left_style, right, right_style) in enumerate(
        ((parent.upper(), f["centre"], national, f["bold_c"]),
         (name.upper(), f["bold_c"], motto, f["motto"]),
         (number, f["centre"], place_and_date, f["italic_c"])),
        start=1,
    ):  # fmt: skip
        sheet.merge_range(row, 0, row, 2, left, left_style)
        sheet.merge_range(row, split, row, last, right, right_style)
    row = 5
    sheet.merge_range(row, 0, row, last, title, f["title"])
    for line in lines:
        row += 1
        sheet.merge_range(row, 0, row, last, line, f["centre"])
    row = _sheet_table(sheet, f, row + 2, *flows)
    row += 1
    sheet.write_string(row, 0, _words(pgettext_lazy("document", "Books not yet handed over")),
                       f["bold"])  # fmt: skip
    row = _sheet_table(sheet, f, row + 1, *outstanding)
    for label, text in remarks:
        row += 1
        sheet.write_string(row, 0, label, f["bold"])
        row += 1
        sheet.merge_range(row, 0, row, last, text or "…", f["wrap"])
    row += 2
    half = last // 2
    for (title_text, hint), (first, end) in zip(_signatures(), [(0, half), (half + 1, last)],
                                                strict=True):  # fmt: skip
        sheet.merge_range(row, first, row, end, title_text.upper(), f["bold_c"])
        sheet.merge_range(row + 1, first, row + 1, end, hint, f["italic_c"])
    sheet.set_paper(9)  # A4
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_footer("&C" + _words(pgettext_lazy("document", "Page &P of &N")))
    book.close()
    return output.getvalue()


def _sheet_table(sheet, f, row: int, headers: list[str], lines: list[list]) -> int:
    """Write a table from `row`; returns the row after it. Numbers stay numbers."""
    sheet.set_row(row, 45)
    for col, header in enumerate(headers):
        sheet.write_string(row, col, header, f["th"])
    for line in lines:
        row += 1
        total = not line[0]
        for col, value in enumerate(line):
            if isinstance(value, int):
                sheet.write_number(row, col, value, f["num_b" if total else "num"])
            else:
                sheet.write_string(row, col, value, f["td_b" if total else "td"])
    return row + 1


def _formats(book) -> dict:
    base = {"font_name": FONT, "font_size": 11, "valign": "vcenter"}
    cell = {**base, "border": 1}

    def make(**extra):
        return book.add_format({**base, **extra})

    return {
        "centre": make(align="center"),
        "bold": make(bold=True),
        "bold_c": make(bold=True, align="center"),
        "italic_c": make(italic=True, align="center"),
        "motto": make(bold=True, align="center", underline=True),
        "title": make(bold=True, align="center", font_size=13, text_wrap=True),
        "wrap": make(text_wrap=True, valign="top"),
        "th": book.add_format(
            {**cell, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#E6E6E6"}
        ),
        "td": book.add_format({**cell, "text_wrap": True}),
        "td_b": book.add_format({**cell, "text_wrap": True, "bold": True}),
        "num": book.add_format({**cell, "num_format": "#,##0"}),
        "num_b": book.add_format({**cell, "num_format": "#,##0", "bold": True}),
    }
