"""The importer's fast paths (merged or parked, chunks, commits, a parsing process) against
the plain reference importer (`reference.py`): on generated files of every shape, the
registry after `import_books` must be the reference's, row for row, with the same summary
and the same cells named in the report.

Chunk, read-ahead and commit sizes are forced small and odd, so that a file of a few dozen
rows crosses every boundary a file of millions crosses at the real sizes.
"""

import csv
import json
import os
import random
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.books.lifecycle import Action, Via
from sobhxh.books.models import Book, Period
from sobhxh.books.services import NewBook, register_books, transition_many
from sobhxh.intake import importing, merging, pipeline
from sobhxh.intake.errors import ERROR, WARNING
from sobhxh.intake.importing import Importer
from sobhxh.progress.verify import verify
from sobhxh.testing.files import write_csv, write_xlsx
from sobhxh.units.models import Employer, Office

from .reference import reference_import, registry_now

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
BOOK_HEADER = [
    "Mã số BHXH",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã cơ quan BHXH",
    "Ngày cấp sổ",
    "Ngày rà soát",
    "Ngày xác nhận",
    "Ngày bàn giao",
    "Người nhận sổ",
]
PERIOD_HEADER = [
    "Mã số BHXH",
    "Từ tháng",
    "Đến tháng",
    "Nơi làm việc",
    "Tiền lương",
    "Tỷ lệ đóng",
    "Loại",
]
NAMES = ("Nguyễn Văn Án", "Trần Thị Bích", "Lê Hoàng Đức", "Phạm Thu Hương", "Đỗ Minh Tuấn")
JOBS = ("Công nhân may, Công ty Phúc Lộc", "Kế toán, Công ty Hưng Thịnh")
# Employers: two stored (of two offices), two new with a name, one unknown without one.
STORED_EMPLOYERS = {"DV001": "001", "DV002": "002"}
EMPLOYERS = ("DV001", "DV002", "DVMOI1", "DVMOI2", "KHONGCO")
OFFICES = ("001", "002", "79", "", "")
MONTHS = ("01/2015", "06/2015", "01/2016", "07/2016", "01/2017", "12/2017")
STORED_ON = date(2018, 1, 2)
CONFIRMED_ON = date(2018, 3, 1)
HANDED_ON = date(2018, 4, 2)
# The dates of the earlier work in the files: blanks, the stored books' own days, days
# before and after them, and cells that cannot be used (a month, before the campaign, in
# the future, not a date).
WORK_DAYS = ("", "", "", "", "10/02/2017", "02/01/2018", "15/01/2018", "01/03/2018",
             "02/04/2018", "01/06/2018", "03/2018", "31/12/2016", "01/01/2099",
             "chưa rõ")  # fmt: skip
RECEIVERS = ("", "", "Nguyễn Thị Mẹ")
STORED_STATES = ("not_reviewed", "confirmed", "handed_over", "excluded", "disputed")
# The suite runs a few dozen examples; DIFFERENTIAL_EXAMPLES=2000 for a long run by hand.
EXAMPLES = int(os.environ.get("DIFFERENTIAL_EXAMPLES", "60"))


def _number(n: int) -> str:
    return f"79{n:08d}"


# -- what a test world holds before the import ----------------------------------------------


@st.composite
def stored_worlds(draw):
    """Books stored before the import (by number index), each with some periods and in a
    state of its own; overlapping stored periods at one workplace included."""
    indexes = draw(st.sets(st.integers(0, 120), max_size=12))
    world = []
    for index in sorted(indexes):
        periods = draw(
            st.lists(
                st.tuples(st.sampled_from(MONTHS[:4]), st.integers(0, 1), st.sampled_from(JOBS)),
                max_size=3,
                unique_by=lambda p: p[0],
            )
        )
        world.append((index, draw(st.sampled_from(STORED_STATES)), periods))
    return world


def _store(world) -> None:
    for code, office in STORED_EMPLOYERS.items():
        Employer.objects.create(
            code=code, name=f"Công ty {code}", office=Office.objects.get(code=office)
        )
    employers = {e.code: (e.pk, e.office_id) for e in Employer.objects.all()}
    new = []
    for index, _confirmed, periods in world:
        employer_id, office_id = employers["DV001" if index % 2 else "DV002"]
        new.append(
            NewBook(
                number=_number(index),
                full_name=NAMES[index % len(NAMES)],
                birth_date=date(1980, 1, 1 + index % 28),
                sex="male",
                employer_id=employer_id,
                office_id=office_id,
                birth_precision="day",
                identity_number="",
                issued_on=None,
                periods_added=len(periods),
            )
        )
    ids = register_books(new, on=STORED_ON, via=Via.COMMAND)

    def of(*states):
        return [ids[_number(index)] for index, state, _p in world if state in states]

    reviewed = of("confirmed", "handed_over", "disputed")
    transition_many(book_ids=reviewed, action=Action.START_REVIEW, on=CONFIRMED_ON)
    transition_many(
        book_ids=of("disputed"),
        action=Action.DISPUTE,
        on=CONFIRMED_ON,
        details={"reasons": ["wrong_wage"], "worker_words": "Sai lương"},
    )
    transition_many(book_ids=of("confirmed", "handed_over"), action=Action.CONFIRM, on=CONFIRMED_ON)
    transition_many(book_ids=of("handed_over"), action=Action.HAND_OVER, on=HANDED_ON)
    transition_many(
        book_ids=of("excluded"),
        action=Action.EXCLUDE,
        on=CONFIRMED_ON,
        details={"reason": "deceased"},
    )
    Period.objects.bulk_create(
        Period(
            book_id=ids[_number(index)],
            fund="BHXH",
            from_month=_month(start),
            to_month=_month(MONTHS[MONTHS.index(start) + 1 + length]),
            job=job,
            wage=4_000_000,
            rate=22,
        )
        for index, _confirmed, periods in world
        for start, length, job in periods
    )


def _month(text: str) -> date:
    month, year = text.split("/")
    return date(int(year), int(month), 1)


# -- the files ----------------------------------------------------------------------------


def _book_row(rng: random.Random, index: int, bad_rows: float) -> list:
    bad = rng.choice(["birth", "sex", "number"]) if rng.random() < bad_rows else ""
    employer = rng.choice(EMPLOYERS)
    return [
        f"79{index:07d}" if bad == "number" else _number(index),
        rng.choice(NAMES),
        "31/02/1990" if bad == "birth" else rng.choice(["01/02/1985", "1990", "03/1979"]),
        "?" if bad == "sex" else rng.choice(["Nam", "Nữ"]),
        rng.choice(["", "001085000123", "123456789"]),
        employer,
        "" if employer == "KHONGCO" else f"Công ty {employer}",
        rng.choice((*OFFICES, "999")),
        rng.choice(["", "15/03/2010"]),
        *_work_days(rng),
        rng.choice(RECEIVERS),
    ]


def _work_days(rng: random.Random) -> list[str]:
    """Review, confirmation and handover cells: most often in order (some left blank, to
    be implied), sometimes as they fall."""
    days = [rng.choice(WORK_DAYS) for _ in range(3)]
    if rng.random() < 0.7:
        dated = sorted(
            (d for d in days if d[:2].isdigit() and len(d) == 10),
            key=lambda d: (d[6:], d[3:5], d[:2]),
        )
        days = [dated.pop(0) if d[:2].isdigit() and len(d) == 10 else d for d in days]
    return days


def _period_row(rng: random.Random, index: int, bad_rows: float) -> list:
    start, end = sorted(rng.sample(range(len(MONTHS)), 2)) if rng.random() < 0.8 else (0, 0)
    bad = rng.choice(["wage", "to"]) if rng.random() < bad_rows else ""
    return [
        _number(index),
        MONTHS[start],
        "13/2016" if bad == "to" else MONTHS[end],
        rng.choice(JOBS),
        "nhiều" if bad == "wage" else rng.choice(["4.500.000", "5000000"]),
        rng.choice(["22", "", "2"]),
        rng.choice(["BHXH", "BHXH", "BHTN"]),
    ]


@st.composite
def files(draw):
    """(books rows, periods rows): numbers 0 to `span`, of which some are the file's books,
    with from none to many periods a number (varying number to number), periods of stored
    books and of no book among them, repeats and refused rows; in the order drawn. The
    shape is drawn by hypothesis (so that it shrinks), the cells by a seeded generator."""
    span = draw(st.integers(0, 120))
    rng = random.Random(draw(st.integers(0, 2**32)))
    return _rows(
        rng,
        span,
        books_share=draw(st.sampled_from([0.0, 0.5, 0.9, 1.0])),
        most_periods=draw(st.integers(0, 12)),
        bad_rows=draw(st.sampled_from([0.0, 0.0, 0.1, 0.3])),
        repeats=draw(st.sampled_from([0.0, 0.0, 0.05])),
        order=draw(st.sampled_from(["sorted", "shuffled", "by employer"])),
    )


def _rows(rng, span, *, books_share, most_periods, bad_rows, repeats, order):
    books, periods = [], []
    for index in range(span):
        if rng.random() < books_share:
            books.append(_book_row(rng, index, bad_rows))
            if rng.random() < repeats:
                books.append(_book_row(rng, index, bad_rows))
        for _ in range(rng.randint(0, most_periods)):
            periods.append(_period_row(rng, index, bad_rows))
    if order == "shuffled":
        rng.shuffle(books)
        rng.shuffle(periods)
    elif order == "by employer":
        books.sort(key=lambda row: row[5])
        rank = {row[0]: place for place, row in enumerate(books)}
        periods.sort(key=lambda row: rank.get(row[0], len(rank)))
    return books, periods


def _write(tmp_path: Path, container: str, books: list, periods: list, name: str) -> list[Path]:
    if container == "xlsx":
        sheets = {"Sổ": [BOOK_HEADER, *books], "Quá trình": [PERIOD_HEADER, *periods]}
        return [write_xlsx(tmp_path / f"{name}.xlsx", sheets)]
    return [
        write_csv(tmp_path / f"{name}-books.csv", [BOOK_HEADER, *books]),
        write_csv(tmp_path / f"{name}-periods.csv", [PERIOD_HEADER, *periods]),
    ]


sizes = st.fixed_dictionaries(
    {
        "chunk": st.integers(1, 7),
        "ahead": st.integers(1, 12),
        "commit": st.integers(1, 11),
    }
)


def _imported(paths, tmp_path, name, monkeypatch, size, **options):
    """The importer's outcome, as the reference says it (registry, counts, report cells)."""
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", size["chunk"])
    monkeypatch.setattr(merging, "AHEAD_AT_MOST", size["ahead"])
    monkeypatch.setattr(importing, "COMMIT_EVERY", size["commit"])
    summary = Importer(paths, report_path=tmp_path / name, **options).run()
    issues = []
    if summary.report:
        lines = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
        for sheet, row, header, _value, _vi, _en, severity in csv.reader(lines):
            issues.append((sheet, int(row), header, ERROR if ERROR in severity else WARNING))
    counts = {kind: dict(vars(getattr(summary, kind))) for kind in ("books", "periods")}
    return registry_now(), counts, sorted(issues)


def _compare(paths, tmp_path, name, monkeypatch, size, *, office_code="", within="", **options):
    before = registry_now()
    expected = reference_import(paths, before, office_code=office_code, within=within)
    registry, counts, issues = _imported(
        paths,
        tmp_path,
        name,
        monkeypatch,
        size,
        office_code=office_code or None,
        within=Office.objects.get(code=within) if within else None,
        **options,
    )
    assert registry.comparable() == expected.registry.comparable()
    assert counts == expected.counts
    assert issues == expected.issues
    assert verify() == []


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    world=stored_worlds(),
    drawn=files(),
    size=sizes,
    container=st.sampled_from(["csv", "xlsx"]),
    parallel=st.sampled_from([False, False, True]),
    # The office of new employers whose rows name none (--office), and the area an upload is
    # limited to (its user's office): a province, or a district of it.
    office_code=st.sampled_from(["", "", "001", "79"]),
    within=st.sampled_from(["", "", "01", "001"]),
)
def test_an_import_ends_as_the_reference_importer_says(
    tmp_path_factory, monkeypatch, world, drawn, size, container, parallel, office_code, within
):
    tmp_path = tmp_path_factory.mktemp("drawn")
    with transaction.atomic():
        _store(world)
        paths = _write(tmp_path, container, *drawn, name="drawn")
        _compare(
            paths,
            tmp_path,
            "report",
            monkeypatch,
            size,
            parallel=parallel,
            office_code=office_code,
            within=within,
        )
        transaction.set_rollback(True)


@pytest.mark.parametrize("order", ["sorted", "shuffled", "by employer"])
def test_tens_of_thousands_of_rows_at_the_real_sizes_end_as_the_reference_says(
    tmp_path, monkeypatch, order
):
    """Files of 15,000 numbers and about 60,000 periods, with every kind of row, at the real
    chunk and read-ahead sizes (a chunk's periods outgrow the read-ahead), commits forced to
    7,000 books so that several happen, parsed by a second process as large files are."""
    books, periods = _rows(
        random.Random(112),
        15_000,
        books_share=0.95,
        most_periods=8,
        bad_rows=0.02,
        repeats=0.01,
        order=order,
    )
    paths = _write(tmp_path, "csv", books, periods, name="large")
    size = {"chunk": pipeline.ROWS_PER_CHUNK, "ahead": merging.AHEAD_AT_MOST, "commit": 7000}
    _compare(paths, tmp_path, "report", monkeypatch, size, parallel=True, office_code="001")


# -- the file of the report that found the loss, at its real size --------------------------


def test_a_large_file_in_number_order_keeps_every_period(tmp_path, capsys):
    """20,000 books in number order with 3 periods each, at the real chunk sizes: before the
    fix, the periods of the first 1,666 books of every other 10,000 were sent on their own
    ahead of their books, and refused as periods of no book (9,996 of 60,000)."""
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench/intake_files.py"),
            str(tmp_path),
            "--books",
            "20000",
            "--periods-per-book",
            "3",
            "--seed",
            "7",
        ],
        check=True,
        capture_output=True,
    )
    call_command(
        "import_books", str(tmp_path / "books.csv"), str(tmp_path / "periods.csv"), "--json"
    )
    summary = json.loads(capsys.readouterr().out)
    assert summary["books"]["created"] == 20000
    assert summary["periods"] == {
        "read": 60000,
        "created": 60000,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert Period.objects.count() == 60000
    assert not Book.objects.filter(periods__isnull=True).exists()
    assert verify() == []


# -- export, then import: the same registry ---------------------------------------------------


def _registry_without_history():
    registry = registry_now()
    books = {
        number: {k: v for k, v in book.items() if k not in ("state", "state_on")}
        for number, book in registry.books.items()
    }
    return registry.employers, books, registry.periods


@settings(
    max_examples=max(EXAMPLES // 3, 10), deadline=None, suppress_health_check=list(HealthCheck)
)
@given(drawn=files(), container=st.sampled_from(["csv", "xlsx"]), size=sizes)
def test_an_export_imports_again_into_the_same_registry(
    tmp_path_factory, monkeypatch, drawn, container, size
):
    tmp_path = tmp_path_factory.mktemp("round")
    books, periods = drawn
    with transaction.atomic():
        Importer(
            _write(tmp_path, "csv", books, periods, name="first"),
            report_path=tmp_path / "first-report",
        ).run()
        out = tmp_path / ("export.xlsx" if container == "xlsx" else "export")
        call_command("export_books", str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
        exported = _registry_without_history()
        transaction.set_rollback(True)
    paths = [out] if container == "xlsx" else [out / "books.csv", out / "periods.csv"]
    with transaction.atomic():
        _, counts, _issues = _imported(paths, tmp_path, "again", monkeypatch, size)
        assert _registry_without_history() == exported
        assert counts["books"]["rejected"] == counts["periods"]["rejected"] == 0
        assert counts["books"]["created"] == len(exported[1])
        assert counts["periods"]["created"] == len(exported[2])
        # Imported once more, nothing changes.
        _, counts, _issues = _imported(paths, tmp_path, "twice", monkeypatch, size)
        assert _registry_without_history() == exported
        assert counts["books"]["unchanged"] == len(exported[1])
        assert counts["periods"]["unchanged"] == len(exported[2])
        assert verify() == []
        transaction.set_rollback(True)
