"""A plain importer to check the real one against.

It reads the files with readers of its own (Python's csv module, calamine for a workbook),
takes every row in file order, one at a time, and applies the rules of IMPORT-FORMAT.md as
directly as they can be written: no chunks, no merge, no scratch tables, no bulk writes, no
cache of cells already seen. It writes nothing: given what the registry held before, it
says what the registry must hold after, what the summary counts and which cells the report
names. Only the cell parsers (`intake.cells`) and which field each reads are shared with
the real importer; they are tested on their own.

Slow and small on purpose: it is right by reading, not by measurement.
"""

import collections
import csv
import json
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from python_calamine import CalamineWorkbook

from sobhxh.books.details import clean_details
from sobhxh.books.lifecycle import Action, State, Via, target_state
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.books.services import today
from sobhxh.books.text import clean_name
from sobhxh.intake import cells
from sobhxh.intake.errors import ERROR, WARNING, CellError
from sobhxh.intake.headers import BOOKS, PERIODS, find_header
from sobhxh.intake.legacy import convert_legacy
from sobhxh.intake.rows import BOOK_PARSERS, PERIOD_PARSERS
from sobhxh.units.models import Employer, Office

EDITED = ("full_name", "birth_date", "birth_precision", "sex", "identity_number", "issued_on")


@dataclass
class Registry:
    """What the database holds, as plain values that compare."""

    employers: dict = field(default_factory=dict)  # code -> (name, office code)
    books: dict = field(default_factory=dict)  # number -> {field: value}
    periods: dict = field(default_factory=dict)  # (number, fund, from) -> (to, job, wage, rate)
    events: list = field(default_factory=list)  # (number, action, from, to, on, via, details)

    def comparable(self) -> tuple:
        return (
            dict(sorted(self.employers.items())),
            dict(sorted(self.books.items())),
            dict(sorted(self.periods.items())),
            sorted(self.events),
        )


def registry_now() -> Registry:
    """The registry as the database holds it now."""
    registry = Registry()
    for code, name, office in Employer.objects.values_list("code", "name", "office__code"):
        registry.employers[code] = (name, office)
    for book in Book.objects.values(
        "number", *EDITED, "employer__code", "office__code", "state", "state_on"
    ):
        registry.books[book.pop("number")] = book
    for number, fund, start, end, job, wage, rate in Period.objects.values_list(
        "book__number", "fund", "from_month", "to_month", "job", "wage", "rate"
    ):
        registry.periods[(number, fund, start)] = (end, job, wage, rate)
    for number, action, before, after, on, via, details in BookEvent.objects.values_list(
        "book__number", "action", "from_state", "to_state", "happened_on", "via", "details"
    ):
        registry.events.append(
            (number, action, before, after, on, via, json.dumps(details, sort_keys=True))
        )
    return registry


@dataclass
class Outcome:
    registry: Registry
    counts: dict  # {"books": {...}, "periods": {...}} as the importer's summary has them
    issues: list  # (sheet, row, header, severity), sorted


def reference_import(
    paths: list[Path], before: Registry, *, office_code: str = "", within: str = ""
) -> Outcome:
    """What importing `paths` into a registry holding `before` must give, with `office_code`
    the office of new employers whose rows name none, and `within` the code of the office
    whose area the import is limited to (a user's), if any."""
    return _Reference(before, office_code, within).run(paths)


class _Reference:
    def __init__(self, before: Registry, office_code: str, within: str):
        self.registry = Registry(
            dict(before.employers),
            {number: dict(book) for number, book in before.books.items()},
            dict(before.periods),
            list(before.events),
        )
        self.offices = set(Office.objects.exclude(level="centre").values_list("code", flat=True))
        self.default_office = office_code or None
        self.area = _area(within)
        self.counts = {
            kind: dict.fromkeys(("read", "created", "updated", "unchanged", "rejected"), 0)
            for kind in (BOOKS, PERIODS)
        }
        self.issues: list[tuple] = []
        self.today = today()
        # Numbers taken by a row that read: a later row of one is a repeat, even when the
        # first was refused for its employer or office.
        self.taken: set[str] = set()
        self.registered: set[str] = set()  # numbers of the books this import registers

    def run(self, paths: list[Path]) -> Outcome:
        tables = dict(table for path in paths for table in _tables(path))
        books = self._read(tables.get(BOOKS), BOOK_PARSERS)
        periods = self._read(tables.get(PERIODS), PERIOD_PARSERS)
        written = {}  # number -> the row that wrote its book
        for row in books:
            self._book(row, written)
        self._periods(periods, set(written))
        self.issues.sort()
        return Outcome(self.registry, self.counts, self.issues)

    # -- reading ------------------------------------------------------------------------

    def _read(self, table, parsers: dict) -> list[dict]:
        """The table's rows that parse, each {"row", "sheet", "headers", field: value}."""
        if table is None:
            return []
        sheet, headers, rows = table
        kind = BOOKS if "full_name" in parsers else PERIODS
        parsed = []
        for row_number, values in rows:
            self.counts[kind]["read"] += 1
            problems, row = [], {"row": row_number, "sheet": sheet, "headers": headers}
            row["cells"] = values
            for name, parse in parsers.items():
                try:
                    row[name] = parse(values.get(name))
                except CellError:
                    problems.append(name)
                except Exception:
                    problems.append(name)
            if not problems and kind == PERIODS and row["to_month"] < row["from_month"]:
                problems.append("to_month")
            if problems:
                self.counts[kind]["rejected"] += 1
                for name in problems:
                    self._issue(row, name, ERROR)
                continue
            for name in ("full_name", "job"):
                if name in row:
                    # The generated files hold Unicode text only: nothing to convert.
                    assert convert_legacy(row[name])[1] is None, row[name]
            parsed.append(row)
        return parsed

    def _issue(self, row: dict, name: str, severity: str) -> None:
        self.issues.append((row["sheet"], row["row"], row["headers"].get(name, name), severity))

    def _reject(self, row: dict, name: str, kind: str) -> None:
        self.counts[kind]["rejected"] += 1
        self._issue(row, name, ERROR)

    # -- books ----------------------------------------------------------------------------

    def _book(self, row: dict, written: dict) -> None:
        number, code, office_code = row["number"], row["employer_code"], row["office_code"]
        if number in self.taken:
            self._reject(row, "number", BOOKS)
            return
        self.taken.add(number)
        if office_code and office_code not in self.offices:
            self._reject(row, "office_code", BOOKS)
            return
        employers = self.registry.employers
        office = employers[code][1] if code in employers else office_code or self.default_office
        if office is not None and not self._in_area(office):
            self._reject(row, "employer_code", BOOKS)
            return
        if code not in employers:
            if not row["employer_name"]:
                self._reject(row, "employer_code", BOOKS)
                return
            if office is None:
                self._reject(row, "office_code", BOOKS)
                return
            employers[code] = (row["employer_name"], office)
        office = employers[code][1]
        birth_date, precision = row["birth_date"]
        fields = {
            "full_name": clean_name(row["full_name"]),
            "birth_date": birth_date,
            "birth_precision": precision,
            "sex": row["sex"],
            "identity_number": row["identity_number"],
            "issued_on": row["issued_on"],
        }
        book = self.registry.books.get(number)
        if book is not None and not self._in_area(book["office__code"]):
            self._reject(row, "number", BOOKS)
            return
        written[number] = row
        steps = self._work(row)
        if book is None:
            first = steps[0][2] if steps else self.today
            self.registry.books[number] = {
                **fields,
                "employer__code": code,
                "office__code": office,
                "state": State.NOT_REVIEWED,
                "state_on": first,
            }
            self._event(number, Action.REGISTER, "", State.NOT_REVIEWED, first, {})
            for _name, action, on, details in steps:
                self._take(number, action, on, details)
            self.registered.add(number)
            self.counts[BOOKS]["created"] += 1
            return
        moved = self._stored_work(row, number, steps)
        changes = {
            name: [_jsonable(book[name]), _jsonable(value)]
            for name, value in fields.items()
            if book[name] != value
        }
        if code != book["employer__code"]:
            changes["employer"] = [book["employer__code"], code]
            book["employer__code"], book["office__code"] = code, office
        if not changes:
            self.counts[BOOKS]["updated" if moved else "unchanged"] += 1
            return
        book.update(fields)
        self._edit(number, {"changes": changes})
        self.counts[BOOKS]["updated"] += 1

    def _in_area(self, office: str) -> bool:
        return self.area is None or office in self.area

    def _edit(self, number: str, details: dict) -> None:
        book = self.registry.books[number]
        book["state_on"] = self.today
        self._event(number, Action.EDIT, book["state"], book["state"], self.today, details)

    def _event(self, number, action, before, after, on, details) -> None:
        self.registry.events.append(
            (number, action, before, after, on, Via.IMPORT, json.dumps(details, sort_keys=True))
        )

    # -- the work done before the file ----------------------------------------------------

    def _work(self, row: dict) -> list[tuple]:
        """(field, action, day, details) of each step the row's dates say was taken."""
        order = ("reviewed_on", "confirmed_on", "handed_over_on")
        given = row["cells"]
        days, bad = {}, False
        for name in order:
            cell = given.get(name)
            if cells.is_blank(cell):
                continue
            try:
                day = cells.day(cell)
            except CellError:
                day = None
            if day is None or day < date(2017, 1, 1):
                self._issue(row, name, WARNING)
                bad = True
                continue
            days[name] = day
        for place, name in enumerate(order):
            later = [days[n] for n in order[place + 1 :] if n in days]
            if name in days and any(day < days[name] for day in later):
                self._issue(row, name, WARNING)
                bad = True
        person = cells.text(given.get("received_by"))
        if person and cells.is_blank(given.get("handed_over_on")):
            self._issue(row, "received_by", WARNING)
        if bad:
            return []
        steps = []
        actions = (Action.START_REVIEW, Action.CONFIRM, Action.HAND_OVER)
        for place, action in enumerate(actions):
            source = next((n for n in order[place:] if n in days), None)
            if source is None:
                break
            details = {}
            if action == Action.HAND_OVER:
                details = {"receiver": "authorised", "receiver_name": person} if person else {}
            steps.append((source, action, days[source], details))
        return steps

    def _stored_work(self, row: dict, number: str, steps: list[tuple]) -> bool:
        """Take the steps a stored book has not taken where nothing stands in the way;
        whether it took any."""
        book, taking = self.registry.books[number], False
        for name, action, on, details in steps:
            if taking:
                self._take(number, action, on, details)
                continue
            taken = [e for e in self.registry.events if e[0] == number and e[1] == action]
            if taken:
                last = taken[-1]
                if last[4] != on:
                    self._issue(row, name, WARNING)
                elif action == Action.HAND_OVER and json.loads(last[6]) != clean_details(
                    action, details
                ):
                    self._issue(row, "received_by", WARNING)
                continue
            if target_state(action, book["state"]) is None or on < book["state_on"]:
                self._issue(row, name, WARNING)
                return False
            taking = True
            self._take(number, action, on, details)
        return taking

    def _take(self, number: str, action: str, on: date, details: dict) -> None:
        book = self.registry.books[number]
        after = target_state(action, book["state"])
        self._event(number, action, book["state"], after, on, clean_details(action, details))
        book["state"], book["state_on"] = after, on

    # -- periods --------------------------------------------------------------------------

    def _periods(self, rows: list[dict], in_file: set[str]) -> None:
        kept, keys = [], set()
        for row in rows:
            key = (row["number"], row["fund"], row["from_month"])
            if key in keys:
                self._reject(row, "from_month", PERIODS)
                continue
            keys.add(key)
            kept.append(row)
        self._warn_overlaps_in_file(kept)
        stored_before = dict(self.registry.periods)
        changed: dict[str, dict] = {}
        # Periods written: a new book's are recorded by its register event, a stored
        # book's by an edit event.
        added: collections.Counter = collections.Counter()
        registered_with: collections.Counter = collections.Counter()
        for row in kept:
            number = row["number"]
            book = self.registry.books.get(number)
            # A book outside the area is, to this import, a book that does not exist.
            if book is None or not self._in_area(book["office__code"]):
                self._reject(row, "number", PERIODS)
                continue
            key = (number, row["fund"], row["from_month"])
            rate = row["rate"]
            rate = None if rate is None else Decimal(rate).quantize(Decimal("0.01"))
            now = (row["to_month"], row["job"], row["wage"], rate)
            current = self.registry.periods.get(key)
            self.registry.periods[key] = now
            if current is None:
                self.counts[PERIODS]["created"] += 1
                if number in self.registered:
                    registered_with[number] += 1
                else:
                    added[number] += 1
                continue
            names = ("to_month", "job", "wage", "rate")
            diff = {
                n: [_jsonable(old), _jsonable(new)]
                for n, old, new in zip(names, current, now, strict=True)
                if old != new
            }
            if not diff:
                self.counts[PERIODS]["unchanged"] += 1
                continue
            self.counts[PERIODS]["updated"] += 1
            changed.setdefault(number, {})[f"{row['fund']} {row['from_month']:%m/%Y}"] = diff
        self._warn_overlaps_with_stored(kept, stored_before)
        for number in sorted(changed.keys() | added.keys()):
            details = {"periods": changed[number]} if number in changed else {}
            if added[number]:
                details["periods_added"] = added[number]
            self._edit(number, details)
        for number, count in registered_with.items():
            self._record_periods_of_new_book(number, count)

    def _record_periods_of_new_book(self, number: str, count: int) -> None:
        events = self.registry.events
        for place, event in enumerate(events):
            if event[0] == number and event[1] == Action.REGISTER:
                details = json.dumps({"periods_added": count}, sort_keys=True)
                events[place] = (*event[:6], details)

    def _warn_overlaps_in_file(self, kept: list[dict]) -> None:
        """A warning on the later of each pair of the file's periods of one book, fund and
        workplace that overlap, whether or not their book exists."""
        for same in _by_book_fund_and_job(kept).values():
            for later in same:
                for earlier in same:
                    if earlier["from_month"] < later["from_month"] <= earlier["to_month"]:
                        self._issue(later, "from_month", WARNING)

    def _warn_overlaps_with_stored(self, kept: list[dict], stored: dict) -> None:
        """A warning on a file's period that overlaps a stored period of its book, fund and
        workplace (one it does not replace)."""
        replaced = {(row["number"], row["fund"], row["from_month"]) for row in kept}
        stored_by_key = collections.defaultdict(list)
        for (number, fund, start), (end, job, _wage, _rate) in stored.items():
            if (number, fund, start) not in replaced:
                stored_by_key[number, fund, job].append((start, end))
        for row in kept:
            book = self.registry.books.get(row["number"])
            if book is None or not self._in_area(book["office__code"]):
                continue
            for start, end in stored_by_key[row["number"], row["fund"], row["job"]]:
                if start <= row["to_month"] and row["from_month"] <= end:
                    self._issue(row, "from_month", WARNING)


def _by_book_fund_and_job(rows: list[dict]) -> dict[tuple, list[dict]]:
    groups = collections.defaultdict(list)
    for row in rows:
        groups[row["number"], row["fund"], row["job"]].append(row)
    return groups


def _tables(path: Path):
    """(kind, (sheet, headers, [(row number, {field: cell})])) of each table in the file."""
    if path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as file:
            sheets = [(path.name, list(csv.reader(file)))]
    else:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [
            (name, workbook.get_sheet_by_name(name).to_python(skip_empty_area=False))
            for name in workbook.sheet_names
        ]
    for sheet, rows in sheets:
        header = find_header(rows)
        if header is None:
            continue
        records = []
        for index in range(header.index + 1, len(rows)):
            row = rows[index]
            if all(cells.is_blank(cell) for cell in row):
                continue
            records.append(
                (
                    index + 1,
                    {name: row[i] if i < len(row) else None for i, name in header.columns.items()},
                )
            )
        yield header.table, (sheet, header.headers, records)


def _area(within: str) -> set[str] | None:
    """The codes of the offices an import limited to the office `within` may write for."""
    if not within or within == "VN":
        return None
    office = Office.objects.get(code=within)
    if office.level == Office.Level.PROVINCE:
        return set(Office.objects.filter(province=office).values_list("code", flat=True))
    return {within}


def _jsonable(value):
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value
