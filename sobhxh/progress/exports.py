"""The dashboard table's columns, shared by the page and its Excel export, and the export.

The workbook holds the rows the page shows (every page of them, in the order chosen),
numbers as numbers and percentages as percentages, under a title naming the office and
the date, so that an office can go on working with it in Excel.
"""

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter
from django.utils.translation import pgettext, pgettext_lazy

from sobhxh.books.lifecycle import State
from sobhxh.books.text import fold
from sobhxh.formulas import WORKBOOK_OPTIONS
from sobhxh.units.models import Office

from .charts import day_text
from .selectors import Figures


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    value: Callable[[Figures], object]
    numeric: bool = True


def _state(state: str) -> Callable[[Figures], int]:
    return lambda figures: figures.by_state[state]


COLUMNS: tuple[Column, ...] = (
    Column("code", pgettext_lazy("dashboard", "Code"), lambda f: f.code, numeric=False),
    Column("name", pgettext_lazy("dashboard", "Name"), lambda f: fold(f.name), numeric=False),
    Column("books", pgettext_lazy("dashboard", "Books"), lambda f: f.books),
    Column("excluded", State.EXCLUDED.label, lambda f: f.excluded),
    Column("due", pgettext_lazy("dashboard", "Due"), lambda f: f.due),
    Column("not_reviewed", State.NOT_REVIEWED.label, _state(State.NOT_REVIEWED)),
    Column("in_review", State.IN_REVIEW.label, _state(State.IN_REVIEW)),
    Column("disputed", State.DISPUTED.label, _state(State.DISPUTED)),
    Column("confirmed", State.CONFIRMED.label, _state(State.CONFIRMED)),
    Column("handed_over", State.HANDED_OVER.label, lambda f: f.handed_over),
    Column("percent", pgettext_lazy("dashboard", "Handed over (%)"), lambda f: f.percent),
    Column("target", pgettext_lazy("dashboard", "Target (%)"), lambda f: f.target_percent),
)
BY_KEY = {column.key: column for column in COLUMNS}
COUNTS = tuple(c for c in COLUMNS if c.numeric and c.key not in {"percent", "target"})


def sort_rows(rows: list[Figures], *, key: str, descending: bool) -> list[Figures]:
    """Rows in the order of column `key`, ties in code order; rows without a value (no
    percentage when nothing is due) come last either way."""
    value = BY_KEY[key].value
    ordered = sorted(rows, key=lambda f: f.code)
    present = [f for f in ordered if value(f) is not None]
    missing = [f for f in ordered if value(f) is None]
    # Python's sort stays stable with reverse=True, so ties keep their code order.
    return sorted(present, key=value, reverse=descending) + missing


def level_label(figures: Figures) -> str:
    if figures.kind == "employer":
        return pgettext("dashboard", "Employer")
    return str(Office.Level(figures.kind).label)


def export_filename(figures: Figures) -> str:
    code = re.sub(r"[^A-Za-z0-9_-]", "-", figures.code)
    return f"tien-do_{code}_{figures.as_of:%Y-%m-%d}.xlsx"


def workbook(*, figures: Figures, rows: list[Figures]) -> bytes:
    """An .xlsx of `rows` (the children of `figures`, as ordered on the page) and a total."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, **WORKBOOK_OPTIONS})
    styles = _styles(book)
    sheet = book.add_worksheet(pgettext("dashboard", "Progress"))
    headers = [COLUMNS[0].label, COLUMNS[1].label, pgettext("dashboard", "Level")]
    headers += [column.label for column in COLUMNS[2:]]
    headers.append(pgettext("dashboard", "Behind"))

    sheet.write_string(
        0,
        0,
        pgettext("dashboard", "Handover of social insurance books – %(name)s (%(code)s)")
        % _names(figures),
        styles["title"],
    )
    sheet.write_string(
        1, 0, pgettext("dashboard", "As of %(day)s") % {"day": day_text(figures.as_of)}
    )
    header_row = 3
    for col, label in enumerate(headers):
        sheet.write_string(header_row, col, str(label), styles["header"])
    row = header_row
    for row, child in enumerate(rows, start=header_row + 1):
        _write_row(sheet, row, child, level_label(child), styles)
    total_row = row + 1
    total = Figures(
        figures.code, pgettext("dashboard", "Total"), figures.kind, figures.as_of, figures.by_state
    )
    total.target_percent, total.behind = figures.target_percent, figures.behind
    _write_row(sheet, total_row, total, "", styles, bold=True)

    sheet.set_row(header_row, 32)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 10)
    sheet.set_column(3, len(headers) - 1, 13)
    sheet.freeze_panes(header_row + 1, 2)
    sheet.autofilter(header_row, 0, max(total_row - 1, header_row), len(headers) - 1)
    book.close()
    return out.getvalue()


def _names(figures: Figures) -> dict:
    return {"name": figures.name, "code": figures.code}


def _styles(book) -> dict:
    border = {"border": 1, "border_color": "#9aa5b1"}
    return {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "header": book.add_format(
            {"bold": True, "text_wrap": True, "valign": "vcenter", "bg_color": "#e7f0fa", **border}
        ),
        "text": book.add_format(border),
        "count": book.add_format({"num_format": "#,##0", **border}),
        "percent": book.add_format({"num_format": "0.00%", **border}),
        "text_bold": book.add_format({"bold": True, **border}),
        "count_bold": book.add_format({"bold": True, "num_format": "#,##0", **border}),
        "percent_bold": book.add_format({"bold": True, "num_format": "0.00%", **border}),
    }


def _write_row(sheet, row: int, figures: Figures, level: str, styles, *, bold=False) -> None:
    suffix = "_bold" if bold else ""
    text, count, percent = (styles[k + suffix] for k in ("text", "count", "percent"))
    # Codes are text: "01" and "001" keep their leading zeros.
    sheet.write_string(row, 0, figures.code, text)
    sheet.write_string(row, 1, figures.name, text)
    sheet.write_string(row, 2, level, text)
    col = 3
    for column in COUNTS:
        sheet.write_number(row, col, column.value(figures), count)
        col += 1
    for value in (figures.percent, figures.target_percent):
        if value is None:
            sheet.write_blank(row, col, None, percent)
        else:
            sheet.write_number(row, col, float(value / Decimal(100)), percent)
        col += 1
    sheet.write_string(row, col, pgettext("dashboard", "Behind") if figures.behind else "", text)
