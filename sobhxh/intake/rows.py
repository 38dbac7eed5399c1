"""Rows of a file turned into values, and the reasons for the rows that cannot be.

`Parser.chunk` parses a chunk of rows of one table into a `Parsed`: the accepted rows, as
the importer writes them, and the issues of the others. Nothing here touches the database,
so on either import path the chunks can be parsed in a second process while the first one
writes (`pipeline`); which chunks, and in what order, is `pipeline`'s and `merging`'s.
"""

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from sobhxh.books.numbers import IDENTITY_LENGTHS, is_book_number

from . import cells
from .errors import WARNING, CellError, Issue
from .headers import BOOKS
from .legacy import LegacyText
from .reading import Table

BOOK_PARSERS: dict[str, Callable] = {
    "number": cells.book_number,
    "full_name": cells.required_text,
    "birth_date": cells.day_with_precision,
    "sex": cells.sex,
    "identity_number": cells.identity_number,
    "employer_code": cells.required_text,
    "employer_name": cells.text,
    "office_code": cells.text,
    "issued_on": cells.optional_day,
}
PERIOD_PARSERS: dict[str, Callable] = {
    "number": cells.book_number,
    "from_month": cells.month,
    "to_month": cells.month,
    "job": cells.text,
    "wage": cells.wage,
    "rate": cells.rate,
    "fund": cells.fund,
}


REPEATED_PERIOD = _(
    "A period with this number, fund and from month appears earlier in the file: the first "
    "one is kept."
)
OVERLAPPING_PERIOD = _("This period overlaps another of the same fund at the same workplace.")


@dataclass
class Row:
    sheet: str
    number: int  # the row number in Excel
    values: dict  # field -> the cell as the file has it
    headers: dict[str, str]

    def issue(self, field_name: str, message, severity="error", **params) -> Issue:
        return Issue.of(
            self.sheet,
            self.number,
            self.headers.get(field_name, field_name),
            self.values.get(field_name),
            message,
            severity,
            **params,
        )


# The fields whose cells repeat down a list (months, dates, codes...): the short path
# looks their texts up instead of parsing them again.
REMEMBERED_OF_BOOKS = ("birth_date", "sex", "employer_code", "employer_name", "office_code",
                       "issued_on")  # fmt: skip
REMEMBERED = (*REMEMBERED_OF_BOOKS, "from_month", "job", "rate", "fund")
REMEMBER_AT_MOST = 50_000
# What a blank cell (or an absent column) reads as, in the optional fields.
BLANK_VALUES = {"job": "", "rate": None, "fund": "BHXH", "employer_name": "",
                "office_code": "", "issued_on": None}  # fmt: skip
MISSING = object()


def _blank(field_name: str) -> dict:
    if field_name not in BLANK_VALUES:
        return {}
    return {None: BLANK_VALUES[field_name], "": BLANK_VALUES[field_name]}


def _nfc_text(cell) -> str:
    """The cell as `cells.text` gives it when it is text already in NFC; "" otherwise."""
    if type(cell) is not str or not (cell.isascii() or unicodedata.is_normalized("NFC", cell)):
        return ""
    if cell[:1] == "'":  # perhaps an export's quote before a formula: `cells.text` reads it
        return ""
    return " ".join(cell.split())


def _cannot_be_legacy(text: str) -> bool:
    """Whether no legacy encoding could have produced the text (ASCII, or a character
    beyond Latin-1): whatever the file's encoding turns out to be, it stays as it is."""
    return text.isascii() or max(text) > "\xff"


@dataclass
class Parsed:
    """One chunk of a table, parsed.

    `accepted` holds, for books, (row number, cells, values) and, for periods, the tuple
    (number, fund, from month, to month, job, wage, rate, row number) ready to park.
    """

    kind: str
    rows: int  # rows read, accepted or not
    accepted: list = field(default_factory=list)
    rejected: int = 0
    issues: list[Issue] = field(default_factory=list)


class Parser:
    """Parses the chunks of one import, learning the file's legacy encoding as it goes.

    Each row is first tried on a short path that handles the common row of a list (a
    book number of 10 digits, cells already seen in an earlier row, Unicode text): it
    accepts nothing the long path would not accept the same way, and passes anything
    else to the long path, which gives every reason a row is refused.
    """

    def __init__(self):
        self.legacy = LegacyText()
        # field -> {cell text: value}: texts the long path has accepted (see _remember)
        self.known: dict[str, dict] = {name: _blank(name) for name in REMEMBERED}
        self.known["to_month"] = self.known["from_month"]

    def chunk(self, table: Table, rows: list[tuple[int, list]]) -> Parsed:
        parsed = Parsed(table.kind, len(rows))
        if table.kind == BOOKS:
            quick, add = self._quick_book(table), self._book
        else:
            quick, add = self._quick_period(table), self._period
        accept = parsed.accepted.append
        for number, row_cells in rows:
            found = quick(number, row_cells)
            if found is not None:
                accept(found)
            else:
                add(Row(table.sheet, number, table.fields(row_cells), table.header.headers), parsed)
        return parsed

    # -- the short path ------------------------------------------------------------------

    def _quick_period(self, table: Table) -> Callable[[int, list], tuple | None]:
        at = table.column_of
        number_at, start_at, end_at, wage_at = (
            at("number"),
            at("from_month"),
            at("to_month"),
            at("wage"),
        )
        job_at, rate_at, fund_at = at("job"), at("rate"), at("fund")
        months, jobs, rates, funds = (
            self.known[name] for name in ("from_month", "job", "rate", "fund")
        )
        unicode_text = self._unicode_text

        def quick(row_number: int, cells: list) -> tuple | None:
            number, wage = cells[number_at], cells[wage_at]
            if not is_book_number(number):
                return None
            if type(wage) is str and wage.isdigit() and wage.isascii():
                wage = int(wage)
            elif type(wage) is not int or wage < 0:
                return None
            start, end = months.get(cells[start_at]), months.get(cells[end_at])
            job = jobs.get(cells[job_at])
            if job is None:
                job = unicode_text(cells[job_at], remember_as="job")
            rate = rates.get(cells[rate_at], MISSING)
            fund = funds.get(cells[fund_at])
            if start is None or end is None or job is None or rate is MISSING or fund is None:
                return None
            if end < start:  # ISO months compare as text
                return None
            return (number, fund, start, end, job, wage, rate, row_number)

        return quick

    def _quick_book(self, table: Table) -> Callable[[int, list], tuple | None]:
        at = table.column_of
        number_at, name_at, identity_at = at("number"), at("full_name"), at("identity_number")
        remembered = [(name, at(name), self.known[name]) for name in REMEMBERED_OF_BOOKS]
        fields, unicode_text = table.fields, self._unicode_text

        def quick(row_number: int, cells: list) -> tuple | None:
            number, name, identity = cells[number_at], cells[name_at], cells[identity_at]
            if not is_book_number(number):
                return None
            if identity is None or identity == "":
                identity = ""
            elif not (
                type(identity) is str
                and len(identity) in IDENTITY_LENGTHS
                and identity.isdigit()
                and identity.isascii()
            ):
                return None
            name = unicode_text(name)
            if not name:
                return None
            values = {"number": number, "full_name": name, "identity_number": identity}
            for field_name, index, known in remembered:
                value = known.get(cells[index], MISSING)
                if value is MISSING:
                    return None
                values[field_name] = value
            values["birth_date"], values["birth_precision"] = values["birth_date"]
            return (row_number, fields(cells), values)

        return quick

    def _unicode_text(self, cell, remember_as: str = "") -> str | None:
        """The cell as the long path reads a text (`cells.text`, then the legacy check) when
        it is text already in NFC and takes no warning; None otherwise. With `remember_as`,
        kept for that field when no legacy encoding could have produced it."""
        text = _nfc_text(cell)
        if not text:
            return None
        if _cannot_be_legacy(text):
            if remember_as:
                self._keep(remember_as, cell, text)
            return text
        text, encoding = self.legacy.judge(text)
        if encoding:
            return None  # the long path converts it, counts it and warns
        return text

    def _keep(self, field_name: str, cell: str, value) -> None:
        known = self.known[field_name]
        if len(known) >= REMEMBER_AT_MOST:
            known.clear()
            known.update(_blank(field_name))
        known[cell] = value

    def _remember(self, row: Row, values: dict) -> None:
        """Keep the texts of an accepted row's cells for the short path."""
        for field_name in self.known:
            cell = row.values.get(field_name)
            if type(cell) is str and field_name in values:
                self._keep(field_name, cell, values[field_name])

    # -- the long path --------------------------------------------------------------------

    def _book(self, row: Row, parsed: Parsed) -> None:
        values = self._values(row, BOOK_PARSERS, parsed)
        if values is None:
            return
        self._remember(row, {k: v for k, v in values.items() if k in REMEMBERED_OF_BOOKS})
        values["birth_date"], values["birth_precision"] = values["birth_date"]
        values["full_name"] = self._unicode(row, "full_name", values["full_name"], parsed)
        parsed.accepted.append((row.number, row.values, values))

    def _period(self, row: Row, parsed: Parsed) -> None:
        values = self._values(row, PERIOD_PARSERS, parsed)
        if values is None:
            return
        if values["to_month"] < values["from_month"]:
            parsed.rejected += 1
            parsed.issues.append(row.issue("to_month", _("The to month is before the from month.")))
            return
        job = self._unicode(row, "job", values["job"], parsed)
        rate = values["rate"]
        # Months as ISO text: what the scratch table stores, and quicker to send across.
        accepted = {
            "from_month": values["from_month"].isoformat(),
            "to_month": values["to_month"].isoformat(),
            "rate": None if rate is None else str(rate),
            "fund": values["fund"],
        }
        if job == values["job"] and _cannot_be_legacy(job):
            accepted["job"] = job
        self._remember(row, accepted)
        parsed.accepted.append(
            (values["number"], values["fund"], accepted["from_month"], accepted["to_month"],
             job, values["wage"], accepted["rate"], row.number)
        )  # fmt: skip

    def _values(self, row: Row, parsers: dict, parsed: Parsed) -> dict | None:
        cells_of_row = row.values
        try:
            return {name: parse(cells_of_row.get(name)) for name, parse in parsers.items()}
        except Exception:  # read the row again, field by field, to say what is wrong
            pass
        problems = []
        for name, parse in parsers.items():
            try:
                parse(cells_of_row.get(name))
            except CellError as error:
                problems.append(row.issue(name, error.message))
            except Exception:  # a parser must never stop an import: report, skip the row
                problems.append(row.issue(name, _("This value cannot be read.")))
        parsed.rejected += 1
        parsed.issues.extend(problems)
        return None

    def _unicode(self, row: Row, field_name: str, text: str, parsed: Parsed) -> str:
        converted, encoding = self.legacy.convert(text)
        if encoding:
            parsed.issues.append(
                row.issue(
                    field_name,
                    _("Typed in the legacy %(encoding)s encoding: converted to Unicode."),
                    WARNING,
                    encoding=encoding,
                )
            )
        return converted
