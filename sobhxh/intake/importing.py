"""Import books and their periods from files that follow IMPORT-FORMAT.md.

1. The tables are found (an unusable file raises UnusableFile before anything is written).
2. The periods are read first and parked in a temporary table, so that
3. the books can be read in chunks, each written in one transaction together with its
   periods: a book never lands without them, and an interrupted import loses nothing
   committed; running it again finishes the job, since every write is an upsert.
4. Periods of books stored earlier are applied last.

Books move through the lifecycle services only (register, edit, hand over), so events and
counters stay exact. A rejected row changes nothing; its reasons go to the report.
"""

import contextlib
import itertools
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import Action, State, Via
from sobhxh.books.models import Book, Period
from sobhxh.books.services import (
    BookEdit,
    NewBook,
    edit_books,
    register_books,
    today,
    transition_many,
)
from sobhxh.units.models import Employer, Unit

from . import cells
from .errors import WARNING, CellError, Issue, UnusableFile
from .headers import BOOKS, PERIODS
from .legacy import LegacyText
from .reading import Table, open_tables
from .report import Report

CHUNK = 2000
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
    "handed_over_on": cells.optional_day,
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
UNKNOWN_EMPLOYER = _("Unknown employer code, and no employer name to create it with.")
BOOK_FIELDS = ("full_name", "birth_date", "birth_precision", "sex", "identity_number",
               "issued_on")  # fmt: skip


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class Summary:
    books: Counts = field(default_factory=Counts)
    periods: Counts = field(default_factory=Counts)
    warnings: int = 0
    report: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Row:
    sheet: str
    number: int  # the row number in Excel
    values: dict
    headers: dict[str, str]

    def issue(self, field_name: str, message, severity="error", **params) -> Issue:
        return Issue.of(
            self.sheet, self.number, self.headers.get(field_name, field_name),
            self.values.get(field_name), message, severity, **params,
        )  # fmt: skip


class Importer:
    def __init__(self, paths, *, unit_code=None, report_path=None, dry_run=False, actor=None,
                 progress: Callable[[int], None] | None = None):  # fmt: skip
        self.paths = [Path(p) for p in paths]
        self.dry_run = dry_run
        self.actor = actor
        self.progress = progress or (lambda rows: None)
        self.summary = Summary()
        self.legacy = LegacyText()
        self.report = Report(Path(report_path) if report_path else _default_report(self.paths[0]))
        self.offices = dict(Unit.objects.exclude(level="centre").values_list("code", "pk"))
        self.default_office = None
        if unit_code:
            if unit_code not in self.offices:
                raise UnusableFile(_("No office has the code “%(code)s”."), code=unit_code)
            self.default_office = self.offices[unit_code]
        self.employers: dict[str, tuple[int, int]] = {}

    # -- the run ------------------------------------------------------------------------

    def run(self) -> Summary:
        tables = {table.kind: table for table in open_tables(self.paths)}
        # Each chunk commits on its own, so an interrupted import keeps what it wrote; a dry
        # run does the same work inside one transaction and rolls it back.
        with transaction.atomic() if self.dry_run else contextlib.nullcontext():
            self._create_staging()
            try:
                if PERIODS in tables:
                    self._stage_periods(tables[PERIODS])
                if BOOKS in tables:
                    self._import_books(tables[BOOKS])
                self._import_leftover_periods()
            finally:
                self._drop_staging()
            if self.dry_run:
                transaction.set_rollback(True)
        self.summary.warnings = self.report.warnings
        path = self.report.close()
        self.summary.report = str(path) if path else None
        return self.summary

    def _create_staging(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE intake_period (number varchar(10), fund varchar(10), "
                "from_month date, to_month date, job text, wage bigint, rate varchar(8), "
                "sheet text, row_number integer, header text, "
                "PRIMARY KEY (number, fund, from_month))"
            )
            cursor.execute("CREATE TEMP TABLE intake_seen (number varchar(10) PRIMARY KEY)")

    def _drop_staging(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS intake_period")
            cursor.execute("DROP TABLE IF EXISTS intake_seen")

    # -- periods, parked until their book is written ------------------------------------

    def _stage_periods(self, table: Table) -> None:
        for chunk in _chunks(self._rows(table), CHUNK):
            parsed = []
            for row in chunk:
                values = self._parse(row, PERIOD_PARSERS, self.summary.periods)
                if values is None:
                    continue
                if values["to_month"] < values["from_month"]:
                    self._reject(row, "to_month", _("The to month is before the from month."),
                                 self.summary.periods)  # fmt: skip
                    continue
                job, converted = self.legacy.convert(values["job"])
                if converted:
                    self._warn_legacy(row, "job", converted)
                parsed.append((row, values, job))
            self._park(parsed)
            self.progress(len(chunk))

    def _park(self, parsed: list) -> None:
        keys = {(v["number"], v["fund"], v["from_month"]) for _row, v, _job in parsed}
        taken = self._staged_keys(keys)
        fresh, seen = [], set()
        for row, values, job in parsed:
            key = (values["number"], values["fund"], values["from_month"])
            if key in taken or key in seen:
                self._reject(row, "from_month", _("A period with this number, fund and from "
                             "month appears earlier in the file: the first one is kept."),
                             self.summary.periods)  # fmt: skip
                continue
            seen.add(key)
            rate = values["rate"]
            fresh.append(
                (*key, values["to_month"], job, values["wage"], None if rate is None else str(rate),
                 row.sheet, row.number, row.headers.get("from_month", ""))
            )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO intake_period VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", fresh
            )

    def _staged_keys(self, keys: set) -> set:
        numbers = sorted({number for number, _f, _m in keys})
        if not numbers:
            return set()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT number, fund, from_month FROM intake_period WHERE number IN "
                f"({', '.join(['%s'] * len(numbers))})",
                numbers,
            )
            return {(n, f, _as_date(m)) for n, f, m in cursor.fetchall()}

    # -- books ----------------------------------------------------------------------------

    def _import_books(self, table: Table) -> None:
        for chunk in _chunks(self._rows(table), CHUNK):
            accepted = []
            for row in chunk:
                values = self._parse(row, BOOK_PARSERS, self.summary.books)
                if values is not None:
                    values["birth_date"], values["birth_precision"] = values["birth_date"]
                    name, converted = self.legacy.convert(values["full_name"])
                    if converted:
                        self._warn_legacy(row, "full_name", converted)
                    values["full_name"] = name
                    accepted.append((row, values))
            accepted = self._first_of_each_number(accepted)
            with transaction.atomic():
                accepted = self._resolve_employers(accepted)
                book_ids = self._upsert_books(accepted)
                self._apply_periods(book_ids)
                self._hand_over(accepted, book_ids)
            self.progress(len(chunk))

    def _first_of_each_number(self, accepted: list) -> list:
        numbers = [values["number"] for _row, values in accepted]
        with connection.cursor() as cursor:
            if numbers:
                cursor.execute(
                    "SELECT number FROM intake_seen WHERE number IN "
                    f"({', '.join(['%s'] * len(numbers))})",
                    numbers,
                )
                taken = {number for (number,) in cursor.fetchall()}
            else:
                taken = set()
            kept, seen = [], set()
            for row, values in accepted:
                if values["number"] in taken or values["number"] in seen:
                    self._reject(row, "number", _("This number appears earlier in the file: "
                                 "the first row is kept."), self.summary.books)  # fmt: skip
                    continue
                seen.add(values["number"])
                kept.append((row, values))
            cursor.executemany("INSERT INTO intake_seen VALUES (%s)", [(n,) for n in seen])
        return kept

    def _resolve_employers(self, accepted: list) -> list:
        codes = {v["employer_code"] for _r, v in accepted} - set(self.employers)
        for pk, code, unit_id in Employer.objects.filter(code__in=codes).values_list(
            "pk", "code", "unit_id"
        ):
            self.employers[code] = (pk, unit_id)
        kept = []
        for row, values in accepted:
            code = values["employer_code"]
            office_code = values["office_code"]
            if office_code and office_code not in self.offices:
                self._reject(row, "office_code", _("No office has this code."),
                             self.summary.books)  # fmt: skip
                continue
            if code not in self.employers:
                office = self.offices.get(office_code) or self.default_office
                if not values["employer_name"]:
                    self._reject(row, "employer_code", UNKNOWN_EMPLOYER, self.summary.books)
                    continue
                if office is None:
                    self._reject(row, "office_code", _("No managing office for the new "
                                 "employer: fill “Mã cơ quan BHXH” or use --unit."),
                                 self.summary.books)  # fmt: skip
                    continue
                employer = Employer.objects.create(
                    code=code, name=values["employer_name"], unit_id=office
                )
                self.employers[code] = (employer.pk, employer.unit_id)
            kept.append((row, values))
        return kept

    def _upsert_books(self, accepted: list) -> dict[str, int]:
        numbers = [values["number"] for _row, values in accepted]
        stored = {
            row["number"]: row
            for row in Book.objects.filter(number__in=numbers).values(
                "id", "number", "employer_id", *BOOK_FIELDS
            )
        }
        new, edits, counts = [], [], self.summary.books
        for _row, values in accepted:
            employer_id, unit_id = self.employers[values["employer_code"]]
            current = stored.get(values["number"])
            if current is None:
                new.append(
                    NewBook(
                        number=values["number"], full_name=values["full_name"],
                        birth_date=values["birth_date"], sex=values["sex"],
                        employer_id=employer_id, unit_id=unit_id,
                        birth_precision=values["birth_precision"],
                        identity_number=values["identity_number"], issued_on=values["issued_on"],
                    )
                )  # fmt: skip
                continue
            changes = {f: values[f] for f in BOOK_FIELDS if values[f] != current[f]}
            if employer_id != current["employer_id"]:
                changes["employer"] = employer_id
            if changes:
                edits.append(BookEdit(current["id"], changes))
                counts.updated += 1
            else:
                counts.unchanged += 1
        created = register_books(new, on=today(), actor=self.actor, via=Via.IMPORT)
        counts.created += len(created)
        edit_books(edits, on=today(), actor=self.actor, via=Via.IMPORT)
        ids = {number: current["id"] for number, current in stored.items()}
        ids.update({book.number: book.pk for book in created})
        return ids

    def _hand_over(self, accepted: list, book_ids: dict[str, int]) -> None:
        wanted = [
            (row, v) for row, v in accepted if v["handed_over_on"] and v["number"] in book_ids
        ]
        if not wanted:
            return
        states = dict(
            Book.objects.filter(pk__in=[book_ids[v["number"]] for _r, v in wanted]).values_list(
                "pk", "state"
            )
        )
        by_day: dict[date, list] = {}
        for row, values in wanted:
            book_id = book_ids[values["number"]]
            if states[book_id] == State.CONFIRMED:
                by_day.setdefault(values["handed_over_on"], []).append((row, book_id, values))
            elif states[book_id] != State.HANDED_OVER:
                self.report.add(row.issue(
                    "handed_over_on",
                    _("Not recorded: a book is handed over once the worker has confirmed it, "
                      "and this one is “%(state)s”."),
                    WARNING, state=State(states[book_id]).label,
                ))  # fmt: skip
        for day, items in sorted(by_day.items()):
            result = transition_many(
                book_ids=[book_id for _row, book_id, _v in items], action=Action.HAND_OVER, on=day,
                actor=self.actor, via=Via.IMPORT, details={"receiver": "worker"},
            )  # fmt: skip
            refused = {number for number, _why in result.refused}
            for row, _book_id, values in items:
                if values["number"] in refused:
                    self.report.add(row.issue("handed_over_on", _("Not recorded: the date is "
                                    "before the book's latest event."), WARNING))  # fmt: skip

    # -- periods of the books just written, then of books stored before -------------------

    def _apply_periods(self, book_ids: dict[str, int]) -> None:
        if not book_ids:
            return
        numbers = sorted(book_ids)
        placeholders = ", ".join(["%s"] * len(numbers))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT number, fund, from_month, to_month, job, wage, rate, sheet, row_number, "
                f"header FROM intake_period WHERE number IN ({placeholders})",
                numbers,
            )
            staged = cursor.fetchall()
            cursor.execute(f"DELETE FROM intake_period WHERE number IN ({placeholders})", numbers)
        if not staged:
            return
        ids = {book_ids[number] for number, *_rest in staged}
        stored = {
            (p["book_id"], p["fund"], p["from_month"]): p
            for p in Period.objects.filter(book_id__in=ids).values(
                "id", "book_id", "fund", "from_month", "to_month", "job", "wage", "rate"
            )
        }
        new, updates, changed = [], [], {}
        counts = self.summary.periods
        self._warn_overlaps(staged, book_ids, stored)
        for number, fund, from_month, to_month, job, wage, rate, *_where in staged:
            book_id = book_ids[number]
            from_month, to_month = _as_date(from_month), _as_date(to_month)
            rate = None if rate is None else Decimal(rate)
            current = stored.get((book_id, fund, from_month))
            if current is None:
                new.append(Period(book_id=book_id, fund=fund, from_month=from_month,
                                  to_month=to_month, job=job, wage=wage, rate=rate))  # fmt: skip
                continue
            now = {"to_month": to_month, "job": job, "wage": wage, "rate": rate}
            diff = {k: [_plain(current[k]), _plain(v)] for k, v in now.items() if current[k] != v}
            if not diff:
                counts.unchanged += 1
                continue
            counts.updated += 1
            updates.append((to_month, job, wage, rate, current["id"]))
            changed.setdefault(book_id, {})[f"{fund} {from_month:%m/%Y}"] = diff
        Period.objects.bulk_create(new, batch_size=1000)
        counts.created += len(new)
        if updates:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE books_period SET to_month = %s, job = %s, wage = %s, rate = %s "
                    "WHERE id = %s",
                    updates,
                )
            edit_books(
                [BookEdit(book_id, {}, periods) for book_id, periods in changed.items()],
                on=today(), actor=self.actor, via=Via.IMPORT,
            )  # fmt: skip

    def _warn_overlaps(self, staged: list, book_ids: dict, stored: dict) -> None:
        """Periods of one book and fund may overlap only at different workplaces."""
        spans: dict[tuple, list] = {}
        for (book_id, fund, from_month), current in stored.items():
            spans.setdefault((book_id, fund), []).append(
                (from_month, current["to_month"], current["job"], None)
            )
        for number, fund, from_month, to_month, job, _w, _r, sheet, row, header in staged:
            key = (book_ids[number], fund)
            start, end = _as_date(from_month), _as_date(to_month)
            # The staged row replaces a stored period with the same start.
            spans[key] = [s for s in spans.get(key, []) if s[0] != start]
            spans[key].append((start, end, job, (sheet, row, header, from_month)))
        for periods in spans.values():
            periods.sort(key=lambda span: span[0])
            for earlier, later in itertools.combinations(periods, 2):
                overlaps = later[0] <= earlier[1] and earlier[0] <= later[1]
                if overlaps and earlier[2] == later[2] and (where := later[3] or earlier[3]):
                    sheet, row, header, value = where
                    self.report.add(Issue.of(
                        sheet, row, header, _plain(_as_date(value)),
                        _("This period overlaps another of the same fund at the same workplace."),
                        WARNING,
                    ))  # fmt: skip

    def _import_leftover_periods(self) -> None:
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT DISTINCT number FROM intake_period ORDER BY number LIMIT {CHUNK}"
                )
                numbers = [number for (number,) in cursor.fetchall()]
            if not numbers:
                return
            book_ids = dict(Book.objects.filter(number__in=numbers).values_list("number", "pk"))
            self._reject_orphans(sorted(set(numbers) - set(book_ids)))
            with transaction.atomic():
                self._apply_periods(book_ids)

    def _reject_orphans(self, numbers: list[str]) -> None:
        if not numbers:
            return
        placeholders = ", ".join(["%s"] * len(numbers))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT number, sheet, row_number FROM intake_period WHERE number IN "
                f"({placeholders}) ORDER BY sheet, row_number",
                numbers,
            )
            for number, sheet, row_number in cursor.fetchall():
                self.summary.periods.rejected += 1
                self.report.add(Issue.of(
                    sheet, row_number, "Mã số BHXH", number,
                    _("No book has this number, in this file or stored."),
                ))  # fmt: skip
            cursor.execute(f"DELETE FROM intake_period WHERE number IN ({placeholders})", numbers)

    # -- rows -----------------------------------------------------------------------------

    def _rows(self, table: Table) -> Iterator[Row]:
        for number, values in table.records():
            yield Row(table.sheet, number, values, table.header.headers)

    def _parse(self, row: Row, parsers: dict, counts: Counts) -> dict | None:
        counts.read += 1
        values, problems = {}, []
        for name, parse in parsers.items():
            raw = row.values.get(name)
            try:
                values[name] = parse(raw)
            except CellError as error:
                problems.append(row.issue(name, error.message))
            except Exception:  # a parser must never stop an import: report, skip the row
                problems.append(row.issue(name, _("This value cannot be read.")))
        if problems:
            counts.rejected += 1
            for problem in problems:
                self.report.add(problem)
            return None
        return values

    def _reject(self, row: Row, field_name: str, message, counts: Counts) -> None:
        counts.rejected += 1
        self.report.add(row.issue(field_name, message))

    def _warn_legacy(self, row: Row, field_name: str, encoding: str) -> None:
        self.report.add(row.issue(
            field_name,
            _("Typed in the legacy %(encoding)s encoding: converted to Unicode."),
            WARNING, encoding=encoding,
        ))  # fmt: skip


def _chunks(rows: Iterator, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _default_report(first: Path) -> Path:
    return first.with_name(f"{first.stem}-loi")


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
