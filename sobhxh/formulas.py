"""Text that a spreadsheet must not take for a formula (CSV and formula injection, OWASP).

A name such as `=HYPERLINK("http://x","y")` is only text to sobhxh, but a spreadsheet that
opens a CSV file evaluates a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage
return before one of them) as a formula. Every CSV file sobhxh writes goes through
`csv_writer`, which writes such a text with a `'` before it, as OWASP recommends; XLSX
files write text as text (`write_string`, and workbooks made with `WORKBOOK_OPTIONS`).

The importer reads the `'` back off (`restore_formula`), so that an export imports again
unchanged. That is unambiguous because the writer also puts a `'` before a text that
already starts with `'`s followed by one of those characters: the reader takes off exactly
one `'`, and only there. See docs/decisions.md.
"""

import csv
import re

TRIGGERS = "=+-@\t\r"
QUOTE = "'"
_FIRST = frozenset(TRIGGERS + QUOTE)  # what a cell that may need a quote starts with
# One or more quotes, then a character that starts a formula: what the reader unquotes.
_QUOTED = re.compile(rf"'+[{re.escape(TRIGGERS)}]")

# Options of every xlsxwriter.Workbook that holds user text: text stays text (never a
# formula, never a link), however it starts.
WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False}


def neutralise_formula(value):
    """`value` as a CSV cell: a text a spreadsheet would run, or one the reader would
    unquote, gets a `'` before it; anything else is returned as it is."""
    if type(value) is not str or not value:
        return value
    if value[0] in TRIGGERS or (value[0] == QUOTE and _QUOTED.match(value)):
        return QUOTE + value
    return value


def restore_formula(text: str) -> str:
    """The text `neutralise_formula` was given: one `'` off a cell that starts with `'`s
    followed by `=`, `+`, `-`, `@`, a tab or a carriage return; any other text as it is."""
    if text[:1] == QUOTE and _QUOTED.match(text):
        return text[1:]
    return text


def xlsx_text(value: str) -> str:
    """A text for an .xlsx cell written with `write_string`, which is never evaluated: only
    a text the reader would unquote gets a `'`, so that it reads back unchanged."""
    if value[:1] == QUOTE and _QUOTED.match(value):
        return QUOTE + value
    return value


class _Writer:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        # Most rows need nothing: look at their first characters only (an export writes
        # millions of rows, and a loop is quicker here than any()).
        for cell in row:
            if type(cell) is str and cell[:1] in _FIRST:
                row = [neutralise_formula(cell) for cell in row]
                break
        return self._writer.writerow(row)

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(handle, **options) -> _Writer:
    """`csv.writer(handle, **options)` whose every text cell passes `neutralise_formula`."""
    return _Writer(csv.writer(handle, **options))
