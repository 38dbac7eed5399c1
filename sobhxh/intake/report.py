"""The error report: every rejected or warned-about cell, streamed to a CSV file while the
import runs (memory stays flat), then copied into an .xlsx beside it.

The report repeats what the file held, so a value a spreadsheet would take for a formula
is written with a `'` before it in the CSV (`sobhxh.formulas`), and as plain text, without
it, in the .xlsx."""

import csv
from pathlib import Path

import xlsxwriter

from sobhxh.formulas import WORKBOOK_OPTIONS, csv_writer, restore_formula

from .errors import ERROR, Issue

COLUMNS = (
    "Trang tính / Sheet",
    "Dòng / Row",
    "Cột / Column",
    "Giá trị / Value",
    "Lý do",
    "Reason",
    "Mức độ / Severity",
)
SEVERITY = {ERROR: "lỗi / error", "warning": "cảnh báo / warning"}


class Report:
    def __init__(self, base: Path):
        self.base = base
        self.errors = 0
        self.warnings = 0
        self._handle = None
        self._writer = None

    @property
    def csv_path(self) -> Path:
        return self.base.with_suffix(".csv")

    @property
    def xlsx_path(self) -> Path:
        return self.base.with_suffix(".xlsx")

    def add(self, issue: Issue) -> None:
        if self._writer is None:
            self.base.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.csv_path.open("w", encoding="utf-8-sig", newline="")
            self._writer = csv_writer(self._handle)
            self._writer.writerow(COLUMNS)
        if issue.severity == ERROR:
            self.errors += 1
        else:
            self.warnings += 1
        self._writer.writerow(
            (issue.sheet, issue.row, issue.header, issue.value, issue.reason_vi,
             issue.reason_en, SEVERITY[issue.severity])
        )  # fmt: skip

    def discard(self) -> None:
        """Forget everything said so far (an import that starts again)."""
        if self._handle is not None:
            self._handle.close()
            self.csv_path.unlink(missing_ok=True)
        self._handle = self._writer = None
        self.errors = self.warnings = 0

    def close(self) -> Path | None:
        """Write the .xlsx; return the report's path, or None when there was nothing to say."""
        if self._handle is None:
            return None
        self._handle.close()
        workbook = xlsxwriter.Workbook(
            str(self.xlsx_path), {"constant_memory": True, **WORKBOOK_OPTIONS}
        )
        sheet = workbook.add_worksheet("Lỗi")
        bold = workbook.add_format({"bold": True})
        sheet.set_column(0, 0, 14)
        sheet.set_column(2, 3, 22)
        sheet.set_column(4, 5, 50)
        with self.csv_path.open(encoding="utf-8-sig", newline="") as handle:
            for index, row in enumerate(csv.reader(handle)):
                for column, value in enumerate(row):
                    if index and column == 1:
                        sheet.write_number(index, column, int(value))
                    else:
                        text = restore_formula(value)
                        sheet.write_string(index, column, text, bold if index == 0 else None)
        workbook.close()
        return self.xlsx_path
