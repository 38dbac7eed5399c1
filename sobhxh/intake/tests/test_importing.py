import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from sobhxh.books.errors import TransitionNotAllowed
from sobhxh.books.lifecycle import Action, State, check_move
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.books.services import today as local_today
from sobhxh.intake import importing, pipeline, reading, writing_periods
from sobhxh.intake.errors import UnusableFile
from sobhxh.intake.importing import Importer
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import put_in_state
from sobhxh.testing.files import (
    BOOK_HEADER,
    PERIOD_HEADER,
    book,
    books_file,
    period,
    periods_file,
    write_ods,
    write_xls,
    write_xlsx,
)
from sobhxh.units.models import Employer, Office

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, params=["looked", "parked"])
def _path(request, monkeypatch):
    """Every test twice: tables in number order are merged (the importer looks whether
    they are), and the same files through the path that parks the periods first."""
    if request.param == "parked":
        monkeypatch.setattr(reading.Table, "numbers_never_go_down", lambda table: False)


def run(*paths, **options):
    return Importer(paths, **options).run()


def snapshot():
    return (
        list(Book.objects.order_by("number").values_list(
            "number", "full_name", "birth_date", "birth_precision", "sex", "identity_number",
            "employer__code", "office__code", "issued_on", "state", "state_on",
        )),
        list(Period.objects.order_by("book__number", "fund", "from_month").values_list(
            "book__number", "fund", "from_month", "to_month", "job", "wage", "rate",
        )),
        BookEvent.objects.count(),
    )  # fmt: skip


@pytest.fixture
def files(tmp_path):
    return (
        books_file(tmp_path, book(), book("0100000002", "Trần Thị Bình", "1990", "Nữ")),
        periods_file(
            tmp_path,
            period(),
            period(start="01/2013", end="12/2016", wage="5000000"),
            period("0100000002", fund="BHTN"),
        ),
    )


def test_a_file_imports_books_periods_employer_and_events(files):
    summary = run(*files)
    assert (summary.books.created, summary.periods.created, summary.report) == (2, 3, None)
    an = Book.objects.get(number="0100000001")
    assert (an.full_name, an.birth_date, an.birth_precision) == (
        "Nguyễn Văn An",
        date(1985, 2, 1),
        "day",
    )
    binh = Book.objects.get(number="0100000002")
    assert (binh.birth_date, binh.birth_precision, binh.sex) == (date(1990, 1, 1), "year", "female")
    assert Employer.objects.get(code="DVT001").office.code == "001"
    assert an.periods.get(from_month=date(2013, 1, 1)).wage == 5_000_000
    assert list(an.events.values_list("action", "via")) == [("register", "import")]
    assert verify() == []


def test_a_second_import_of_the_same_file_changes_nothing(files):
    run(*files)
    before = snapshot()
    summary = run(*files)
    assert snapshot() == before
    assert (summary.books.unchanged, summary.periods.unchanged) == (2, 3)


def test_a_changed_row_updates_and_leaves_an_event_with_old_and_new(tmp_path, files):
    run(*files)
    changed = (
        books_file(tmp_path, book(name="Nguyễn Văn Ân"), name="b2.csv"),
        periods_file(tmp_path, period(wage="4.800.000"), name="p2.csv"),
    )
    summary = run(*changed)
    assert (summary.books.updated, summary.periods.updated) == (1, 1)
    events = BookEvent.objects.filter(book__number="0100000001", action="edit").order_by("id")
    details = [event.details for event in events]
    assert {"changes": {"full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"]}} in details
    assert {"periods": {"BHXH 01/2010": {"wage": [4_500_000, 4_800_000]}}} in details
    assert verify() == []


def test_a_handover_date_goes_through_the_lifecycle(tmp_path, files):
    run(*files)
    # Imported books are registered on the day of the import: their review comes after.
    today = local_today()
    put_in_state(Book.objects.get(number="0100000001"), State.CONFIRMED, on=today)
    handed = f"{today:%d/%m/%Y}"
    rows = (book(handed=handed), book("0100000002", "Trần Thị Bình", "1990", "Nữ", handed=handed))
    summary = run(books_file(tmp_path, *rows, name="b3.csv"))
    an = Book.objects.get(number="0100000001")
    assert (an.state, an.state_on) == (State.HANDED_OVER, today)
    assert an.events.last().via == "import"
    # Bình was never reviewed: a handover date alone says it was reviewed and confirmed
    # that day too, each step an event of its own through the import.
    binh = Book.objects.get(number="0100000002")
    assert list(binh.events.values_list("action", "happened_on", "via"))[1:] == [
        (Action.START_REVIEW, today, "import"),
        (Action.CONFIRM, today, "import"),
        (Action.HAND_OVER, today, "import"),
    ]
    assert summary.warnings == 0
    assert verify() == []


def test_a_handover_date_of_an_excluded_book_is_warned_with_the_lifecycles_words(tmp_path, files):
    run(*files)
    put_in_state(Book.objects.get(number="0100000001"), State.EXCLUDED, on=local_today())
    handed = f"{local_today():%d/%m/%Y}"
    summary = run(books_file(tmp_path, book(handed=handed), name="b3.csv"))
    rows = CalamineWorkbook.from_path(summary.report).get_sheet_by_index(0).to_python()
    with pytest.raises(TransitionNotAllowed) as lifecycle:
        check_move(Action.START_REVIEW, State.EXCLUDED, number="0100000001")
    warning = lifecycle.value.message_vi, lifecycle.value.message_en, "cảnh báo / warning"
    assert rows[1][2:] == ["Ngày bàn giao", handed, *warning]
    assert Book.objects.get(number="0100000001").state == State.EXCLUDED


def test_a_rejected_row_changes_nothing_and_is_reported(tmp_path, files):
    run(*files)
    before = snapshot()
    bad = books_file(tmp_path, book(birth="31/02/1985"), name="bad.csv")
    summary = run(bad)
    assert snapshot() == before
    assert summary.books.rejected == 1
    workbook = CalamineWorkbook.from_path(summary.report)
    rows = workbook.get_sheet_by_index(0).to_python()
    assert rows[1][:4] == ["bad.csv", 6, "Ngày sinh", "31/02/1985"]
    assert rows[1][4] == "Ngày này không có trong lịch."
    assert rows[1][5] == "This date does not exist in the calendar."
    assert (tmp_path / "bad-loi.csv").exists()


def test_a_dry_run_reports_but_writes_nothing(files):
    summary = run(*files, dry_run=True)
    assert summary.books.created == 2
    assert not Book.objects.exists() and not Employer.objects.filter(code="DVT001").exists()


def test_export_then_import_changes_nothing(tmp_path, files):
    run(*files)
    before = snapshot()
    for out in (tmp_path / "all.xlsx", tmp_path / "csv"):
        call_command("export_books", str(out), stdout=StringIO())
        paths = [out] if out.suffix else [out / "books.csv", out / "periods.csv"]
        summary = run(*paths)
        assert snapshot() == before
        assert (summary.books.unchanged, summary.periods.unchanged) == (2, 3)


@pytest.mark.parametrize("order", [[1, 2, 3, 3, 4], [3, 4, 1, 2, 3]], ids=["sorted", "unsorted"])
def test_the_first_row_of_a_number_wins_across_chunks_sorted_or_not(tmp_path, monkeypatch, order):
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", 2)
    rows = [book(f"01{n:08d}", f"Lê Văn Số {i}") for i, n in enumerate(order)]
    summary = run(books_file(tmp_path, *rows))
    assert (summary.books.created, summary.books.rejected) == (4, 1)
    first = {f"01{n:08d}": f"Lê Văn Số {order.index(n)}" for n in order}
    assert dict(Book.objects.values_list("number", "full_name")) == first


@pytest.mark.parametrize("in_number_order", [True, False], ids=["merged", "parked"])
def test_an_interrupted_import_run_again_ends_as_if_never_interrupted(
    tmp_path, monkeypatch, in_number_order
):
    rows = [book(f"01{n:08d}", f"Lê Văn Số {n}") for n in range(1, 8)]
    periods = [period(f"01{n:08d}") for n in range(1, 8)]
    paths = (books_file(tmp_path, *rows), periods_file(tmp_path, *periods))
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", 3)
    monkeypatch.setattr(writing_periods, "NUMBERS_PER_QUERY", 3)
    monkeypatch.setattr(importing, "COMMIT_EVERY", 3)

    class Killed(Exception):
        pass

    def kill_once_books_landed(count):
        if Book.objects.exists():  # the first transaction of books was committed
            raise Killed

    with pytest.raises(Killed):
        Importer(paths, progress=kill_once_books_landed, in_number_order=in_number_order).run()
    # The first chunk of books landed whole, each with its period; nothing else did.
    assert Book.objects.count() == 3
    assert Period.objects.count() == 3
    run(*paths, in_number_order=in_number_order)
    assert Book.objects.count() == 7 and Period.objects.count() == 7
    assert verify() == []


@pytest.mark.parametrize(
    ("make", "status"),
    [
        (lambda tmp: [books_file(tmp, book())], 0),
        (lambda tmp: [books_file(tmp, book(), book(birth="abc"))], 1),
        (lambda tmp: [tmp / "missing.xlsx"], 2),
    ],
)
def test_import_command_exit_status_and_json_summary(tmp_path, make, status):
    out = StringIO()
    code = 0
    try:
        call_command("import_books", *map(str, make(tmp_path)), "--json", stdout=out)
    except SystemExit as exit_:
        code = exit_.code
    assert code == status
    data = json.loads(out.getvalue())
    if status == 2:
        assert "error" in data and not Book.objects.exists()
    else:
        assert set(data) == {"books", "periods", "warnings", "report"}
        assert set(data["books"]) == {"read", "created", "updated", "unchanged", "rejected"}


def test_overlapping_periods_warn_unless_at_different_workplaces(tmp_path):
    same = period(start="01/2012", end="06/2013")
    elsewhere = [*period(fund="BHXH", start="03/2012", end="04/2012")]
    elsewhere[3] = "Bảo vệ, Công ty B"
    summary = run(books_file(tmp_path, book()), periods_file(tmp_path, period(), same, elsewhere))
    assert summary.periods.created == 3
    assert summary.warnings == 1  # only 01/2012–06/2013 against 01/2010–12/2012, same place


@pytest.mark.parametrize("chunk", [5000, 2], ids=["one chunk", "many chunks"])
def test_parsing_in_a_second_process_gives_the_same_result_and_report(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(pipeline, "ROWS_PER_CHUNK", chunk)
    rows = [book(f"01{n:08d}", f"Lê Văn Số {n}") for n in range(1, 12)]
    rows.append(book("0100000003", "Lặp Lại"))
    rows.append(book("123", "Sai Mã Số"))
    periods = [period(f"01{n:08d}") for n in range(1, 12)] + [period("0199999999")]
    paths = (books_file(tmp_path, *rows), periods_file(tmp_path, *periods))

    alone = Importer(paths, parallel=False, report_path=tmp_path / "alone").run()
    first = snapshot()
    parallel = Importer(paths, parallel=True, report_path=tmp_path / "parallel").run()

    assert snapshot() == first
    assert (parallel.books.read, parallel.books.rejected, parallel.periods.rejected) == (
        alone.books.read,
        alone.books.rejected,
        alone.periods.rejected,
    )
    assert parallel.books.unchanged == alone.books.created == 11
    assert parallel.periods.read == alone.periods.read == 12
    assert parallel.periods.unchanged == alone.periods.created == 11
    assert _report_rows(tmp_path / "parallel.csv") == _report_rows(tmp_path / "alone.csv")


def test_an_unreadable_file_found_by_the_parsing_process_is_refused_with_its_message(tmp_path):
    good = "Mã số BHXH,Họ và tên,Ngày sinh,Giới tính,Mã đơn vị\n".encode()
    path = tmp_path / "broken.csv"
    # Valid UTF-8 in the sample that decides the encoding, broken much further on.
    path.write_bytes(good + b"0100000001,An,1990,Nam,DV1\n" * 20000 + b"\xff\xfe\xfa,\n")
    with pytest.raises(UnusableFile) as refused:
        Importer([path], parallel=True).run()
    assert "broken.csv" in refused.value.message_vi


def _report_rows(path):
    with path.open(encoding="utf-8-sig") as handle:
        return handle.read().splitlines()


def test_an_import_limited_to_an_office_rejects_rows_of_other_areas(tmp_path):
    # Books of Hà Nội (district 001) are stored; a Hồ Chí Minh import may not touch them.
    run(books_file(tmp_path, book(), name="hn.csv"))
    before = snapshot()
    paths = (
        books_file(
            tmp_path,
            book(name="Đổi Tên"),
            book("0100000009", office="001"),
            book("0100000010", employer="DVHCM1", office="760"),
        ),
        periods_file(tmp_path, period(), period("0100000010")),
    )
    summary = Importer(paths, within=Office.objects.get(code="79")).run()

    assert (summary.books.created, summary.books.rejected) == (1, 2)
    assert (summary.periods.created, summary.periods.rejected) == (1, 1)
    assert Book.objects.get(number="0100000001").full_name == "Nguyễn Văn An"
    assert not Book.objects.filter(number="0100000009").exists()
    assert Book.objects.get(number="0100000010").office.code == "760"
    assert snapshot()[0][0] == before[0][0]
    assert verify() == []


def test_an_employer_created_by_an_earlier_row_keeps_its_office_whatever_a_later_row_says(
    tmp_path,
):
    # Found by the differential test: within one chunk, the second row was placed by its
    # own office code (outside the area, so refused); in a later chunk, by the employer's.
    paths = (
        books_file(
            tmp_path,
            book("0100000001", employer="DVHCM1", office="760"),
            book("0100000002", employer="DVHCM1", office="001"),
        ),
    )
    summary = Importer(paths, within=Office.objects.get(code="79")).run()
    assert (summary.books.created, summary.books.rejected) == (2, 0)
    assert set(Book.objects.values_list("office__code", flat=True)) == {"760"}


@pytest.mark.parametrize("write", [write_xlsx, write_xls, write_ods], ids=["xlsx", "xls", "ods"])
def test_every_workbook_container_imports_the_same_books_and_periods(tmp_path, write):
    suffix = {"write_xlsx": ".xlsx", "write_xls": ".xls", "write_ods": ".ods"}[write.__name__]
    sheets = {
        "Danh sách sổ": [
            ["DANH SÁCH SỔ BHXH"],
            [],
            BOOK_HEADER,
            book(),
            book("0100000002", "Trần Thị Bình", "1990", "Nữ"),
        ],
        "Quá trình": [PERIOD_HEADER, period(), period("0100000002", wage=5200000)],
    }
    summary = run(write(tmp_path / f"w{suffix}", sheets))

    assert (summary.books.created, summary.periods.created, summary.report) == (2, 2, None)
    binh = Book.objects.get(number="0100000002")
    assert (binh.full_name, binh.birth_precision) == ("Trần Thị Bình", "year")
    assert binh.periods.get().wage == 5_200_000


@pytest.mark.parametrize("flag", ["--office", "--unit"])
def test_the_import_command_gives_new_employers_the_office_named_by_either_flag(tmp_path, flag):
    path = books_file(tmp_path, book(employer="DVMOI01", office=""))
    call_command("import_books", str(path), flag, "760", "--quiet", stdout=StringIO())
    assert Employer.objects.get(code="DVMOI01").office.code == "760"
