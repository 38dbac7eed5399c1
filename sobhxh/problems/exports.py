"""The figures of the problems (`selectors.figures`) as a table: its columns, shared by the
page and its Excel export, and the export itself (xlsxwriter, text written as text)."""

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import xlsxwriter
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sobhxh.formulas import WORKBOOK_OPTIONS

from .selectors import Figure

GROUPS = {
    "department": _("Department"),
    "office": _("Office raised from"),
    "category": _("Category"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Figure], object]


COLUMNS: tuple[Column, ...] = (
    Column("open", _("Open"), lambda f: f.open),
    Column("overdue", _("Overdue"), lambda f: f.overdue),
    Column("answered", _("Answered"), lambda f: f.answered),
    Column("answered_in_time", _("Answered in time"), lambda f: f.answered_in_time),
    Column("resolved", _("Resolved"), lambda f: f.resolved),
    Column("median_days", _("Median days to resolution"), lambda f: f.median_days),
)


def filename(by: str, today: date) -> str:
    return f"vuong-mac_{by}_{today:%Y-%m-%d}.xlsx"


def workbook(*, rows: list[Figure], by: str, today: date) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
    border = {"border": 1, "border_color": "#9aa5b1"}
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format(
        {"bold": True, "text_wrap": True, "valign": "vcenter", "bg_color": "#e7f0fa", **border}
    )
    text = book.add_format(border)
    count = book.add_format({"num_format": "#,##0", **border})
    days = book.add_format({"num_format": "0.0", **border})
    sheet = book.add_worksheet(gettext("Problems"))
    heading = gettext("Problems by %(group)s") % {"group": str(GROUPS[by]).lower()}
    sheet.write_string(0, 0, heading, title)
    sheet.write_string(1, 0, gettext("As of %(day)s") % {"day": f"{today:%d/%m/%Y}"})
    header_row = 3
    headers = [str(GROUPS[by])] + [str(column.label) for column in COLUMNS]
    for col, label in enumerate(headers):
        sheet.write_string(header_row, col, label, header)
    for row, figure in enumerate(rows, start=header_row + 1):
        sheet.write_string(row, 0, figure.label, text)
        for col, column in enumerate(COLUMNS, start=1):
            value = column.value(figure)
            if value is None:
                sheet.write_blank(row, col, None, text)
            else:
                sheet.write_number(row, col, value, days if column.key == "median_days" else count)
    sheet.set_row(header_row, 32)
    sheet.set_column(0, 0, 50)
    sheet.set_column(1, len(COLUMNS), 14)
    sheet.freeze_panes(header_row + 1, 1)
    sheet.autofilter(header_row, 0, header_row + max(len(rows), 1), len(COLUMNS))
    book.close()
    return out.getvalue()
