"""The work done before the file (IMPORT-FORMAT.md): review, confirmation and handover dates
recorded as lifecycle steps on their days, through the import, and held against a stored
book's history."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from python_calamine import CalamineWorkbook

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Action, Receiver, State
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.books.services import transition
from sobhxh.intake import reading
from sobhxh.intake.importing import Importer
from sobhxh.progress.selectors import office_action_totals, office_state_totals
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_user
from sobhxh.testing.files import period, periods_file, write_csv
from sobhxh.units.models import Office

pytestmark = pytest.mark.django_db

HEADER = ["Mã số BHXH", "Họ và tên", "Ngày sinh", "Giới tính", "Mã đơn vị", "Tên đơn vị",
          "Mã CQ BHXH", "Ngày rà soát", "Ngày xác nhận", "Ngày bàn giao",
          "Người nhận sổ"]  # fmt: skip
AN = "0100000001"


@pytest.fixture(autouse=True, params=["looked", "parked"])
def _path(request, monkeypatch):
    """Every test on both import paths (see test_importing)."""
    if request.param == "parked":
        monkeypatch.setattr(reading.Table, "numbers_never_go_down", lambda table: False)


def row(number=AN, reviewed="", confirmed="", handed="", received_by="", office="001"):
    return [number, "Nguyễn Văn An", "01/02/1985", "Nam", "DVT001", "Công ty TNHH Thử", office,
            reviewed, confirmed, handed, received_by]  # fmt: skip


def run(tmp_path, *rows, name="books.csv", **options):
    path = write_csv(tmp_path / name, [HEADER, *rows])
    return Importer([path], **options).run()


def steps(number=AN) -> list[tuple]:
    return list(
        BookEvent.objects.filter(book__number=number)
        .order_by("id")
        .values_list("action", "from_state", "to_state", "happened_on", "via")
    )


def warnings(summary) -> list[tuple]:
    """(column, value, Vietnamese, English) of each warning of the report."""
    if summary.report is None:
        return []
    rows = CalamineWorkbook.from_path(summary.report).get_sheet_by_index(0).to_python()[1:]
    assert all(line[6] == "cảnh báo / warning" for line in rows)
    return [tuple(line[2:6]) for line in rows]


def snapshot():
    return (
        list(Book.objects.order_by("number").values_list("number", "state", "state_on")),
        list(
            BookEvent.objects.order_by("id").values_list(
                "book__number", "action", "happened_on", "details"
            )
        ),
    )


# -- a new book ---------------------------------------------------------------------------


def test_dates_in_order_register_the_book_on_the_first_and_record_each_step_on_its_day(
    tmp_path,
):
    summary = run(tmp_path, row(reviewed="10/03/2017", confirmed="20/03/2017",
                                handed="05/04/2017", received_by="Trần Thị Mẹ"))  # fmt: skip
    assert summary.books.created == 1 and summary.report is None
    assert steps() == [
        ("register", "", "not_reviewed", date(2017, 3, 10), "import"),
        ("start_review", "not_reviewed", "in_review", date(2017, 3, 10), "import"),
        ("confirm", "in_review", "confirmed", date(2017, 3, 20), "import"),
        ("hand_over", "confirmed", "handed_over", date(2017, 4, 5), "import"),
    ]
    handover = BookEvent.objects.get(book__number=AN, action=Action.HAND_OVER)
    assert handover.details == {"receiver": Receiver.AUTHORISED, "receiver_name": "Trần Thị Mẹ"}
    an = Book.objects.get(number=AN)
    assert (an.state, an.state_on) == (State.HANDED_OVER, date(2017, 4, 5))
    assert verify() == []


@pytest.mark.parametrize(
    "dates, expected",
    [
        (("", "", "05/04/2017"), [("start_review", 5), ("confirm", 5), ("hand_over", 5)]),
        (("", "20/03/2017", ""), [("start_review", 20), ("confirm", 20)]),
        (("10/03/2017", "", "05/04/2017"), [("start_review", 10), ("confirm", 5),
                                             ("hand_over", 5)]),
        (("10/03/2017", "", ""), [("start_review", 10)]),
    ],
    ids=["handover alone", "confirmation alone", "no confirmation", "review alone"],
)  # fmt: skip
def test_a_later_date_alone_implies_the_earlier_steps_on_its_day(tmp_path, dates, expected):
    reviewed, confirmed, handed = dates
    run(tmp_path, row(reviewed=reviewed, confirmed=confirmed, handed=handed))
    days = {5: date(2017, 4, 5), 10: date(2017, 3, 10), 20: date(2017, 3, 20)}
    recorded = [(action, on) for action, _f, _t, on, _via in steps()[1:]]
    assert recorded == [(action, days[day]) for action, day in expected]
    handover = BookEvent.objects.filter(book__number=AN, action=Action.HAND_OVER).first()
    if handover:
        assert handover.details == {"receiver": Receiver.WORKER}
    assert verify() == []


@pytest.mark.parametrize(
    "dates, column, vietnamese, english",
    [
        (("20/03/2017", "10/03/2017", ""), "Ngày rà soát", "muộn hơn ngày của một bước sau",
         "after the date of a later step"),
        (("", "", "01/01/2099"), "Ngày bàn giao", "Ngày ở tương lai",
         "The date is in the future."),
        (("31/12/2016", "", "05/04/2017"), "Ngày rà soát", "trước ngày bắt đầu chiến dịch",
         "before the campaign's start (01/01/2017)"),
        (("", "hôm qua", "05/04/2017"), "Ngày xác nhận", "Ngày được ghi dạng dd/mm/yyyy",
         "A date is written dd/mm/yyyy"),
        (("03/2017", "", ""), "Ngày rà soát", "Ngày này cần ghi đủ ngày", "needs the day"),
    ],
    ids=["out of order", "future", "before the campaign", "not a date", "a month"],
)  # fmt: skip
def test_a_date_that_cannot_be_used_leaves_the_book_imported_without_its_steps(
    tmp_path, dates, column, vietnamese, english
):
    reviewed, confirmed, handed = dates
    summary = run(tmp_path, row(reviewed=reviewed, confirmed=confirmed, handed=handed))
    assert summary.books.created == 1 and summary.books.rejected == 0
    assert [action for action, *_rest in steps()] == ["register"]
    assert Book.objects.get(number=AN).state == State.NOT_REVIEWED
    [(header, _value, reason_vi, reason_en)] = warnings(summary)
    assert header == column
    assert vietnamese in reason_vi and english in reason_en
    assert "không có các bước rà soát" in reason_vi
    assert verify() == []


def test_a_receiver_without_a_handover_date_is_warned_and_not_recorded(tmp_path):
    summary = run(tmp_path, row(reviewed="10/03/2017", received_by="Trần Thị Mẹ"))
    [(header, value, _vi, english)] = warnings(summary)
    assert (header, value) == ("Người nhận sổ", "Trần Thị Mẹ")
    assert "no handover date" in english
    assert [action for action, *_rest in steps()] == ["register", "start_review"]


# -- a stored book ------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path):
    """An's book, reviewed on 10/03/2017 and confirmed on 20/03/2017 by an earlier import."""
    run(tmp_path, row(reviewed="10/03/2017", confirmed="20/03/2017"), name="first.csv")
    return Book.objects.get(number=AN)


def test_steps_already_taken_on_the_same_days_change_nothing(tmp_path, stored):
    before = snapshot()
    summary = run(tmp_path, row(reviewed="10/03/2017", confirmed="20/03/2017"))
    assert snapshot() == before
    assert (summary.books.unchanged, summary.report) == (1, None)


def test_a_step_not_taken_yet_is_recorded_and_the_book_counts_as_updated(tmp_path, stored):
    summary = run(tmp_path, row(reviewed="10/03/2017", confirmed="20/03/2017",
                                handed="05/04/2017"))  # fmt: skip
    assert summary.books.updated == 1 and summary.report is None
    assert steps()[-1] == ("hand_over", "confirmed", "handed_over", date(2017, 4, 5), "import")
    assert verify() == []


def test_a_different_date_for_a_step_taken_is_a_warning_and_changes_nothing(tmp_path, stored):
    before = snapshot()
    summary = run(tmp_path, row(reviewed="11/03/2017", confirmed="20/03/2017"))
    assert snapshot() == before
    [(header, value, reason_vi, reason_en)] = warnings(summary)
    assert (header, value) == ("Ngày rà soát", "11/03/2017")
    assert "10/03/2017" in reason_vi and "already recorded on 10/03/2017" in reason_en


def test_another_receiver_of_a_handover_taken_is_a_warning_and_changes_nothing(tmp_path, stored):
    done = {"reviewed": "10/03/2017", "confirmed": "20/03/2017", "handed": "05/04/2017"}
    run(tmp_path, row(**done), name="second.csv")
    before = snapshot()
    summary = run(tmp_path, row(**done, received_by="Trần Thị Mẹ"))
    assert snapshot() == before
    [(header, _value, _vi, reason_en)] = warnings(summary)
    assert header == "Người nhận sổ" and "The worker" in reason_en


def test_a_date_that_would_take_the_book_backwards_is_a_warning_and_the_book_stays(
    tmp_path, stored
):
    transition(book=stored, action=Action.EXCLUDE, on=date(2017, 4, 1),
               details={"reason": "deceased"})  # fmt: skip
    before = snapshot()
    summary = run(tmp_path, row(reviewed="10/03/2017", confirmed="20/03/2017",
                                handed="05/04/2017"))  # fmt: skip
    assert snapshot() == before
    [(header, _value, reason_vi, reason_en)] = warnings(summary)
    assert header == "Ngày bàn giao"
    assert "Không phải giao" in reason_vi and "only confirmed books" in reason_en


def test_a_later_event_in_the_way_is_a_warning_and_the_book_stays(tmp_path):
    run(tmp_path, row(reviewed="10/03/2017"), name="first.csv")
    book = Book.objects.get(number=AN)
    dispute = {"reasons": ["wrong_wage"], "worker_words": "Thiếu tháng 3/2015"}
    transition(book=book, action=Action.DISPUTE, on=date(2017, 3, 15), details=dispute)
    transition(book=book, action=Action.CORRECT, on=date(2017, 3, 25))
    before = snapshot()
    summary = run(tmp_path, row(reviewed="10/03/2017", confirmed="20/03/2017"))
    assert snapshot() == before
    [(header, _value, reason_vi, reason_en)] = warnings(summary)
    assert header == "Ngày xác nhận"
    assert "25/03/2017" in reason_vi and "later event (25/03/2017) in the way" in reason_en


def test_a_new_book_imported_today_has_its_registration_in_the_way_of_earlier_dates(tmp_path):
    """A book an earlier import registered today, without dates: its registration is a
    later event than any date of 2017, so the dates wait for a page or stay warnings."""
    run(tmp_path, row(), name="first.csv")
    summary = run(tmp_path, row(handed="05/04/2017"))
    assert [action for action, *_rest in steps()] == ["register"]
    [(header, _value, _vi, reason_en)] = warnings(summary)
    assert header == "Ngày bàn giao" and "in the way" in reason_en


# -- again, back and forth ------------------------------------------------------------------


def test_importing_the_same_file_twice_leaves_the_database_as_the_first_import_did(tmp_path):
    rows = [
        row(reviewed="10/03/2017", confirmed="20/03/2017", handed="05/04/2017"),
        row("0100000002", handed="06/04/2017", received_by="Trần Thị Mẹ"),
        row("0100000003", confirmed="01/12/2017"),
        row("0100000004", reviewed="20/03/2017", confirmed="10/03/2017"),
        row("0100000005"),
    ]
    first = run(tmp_path, *rows)
    before = snapshot()
    again = run(tmp_path, *rows, name="again.csv")
    assert snapshot() == before
    assert (again.books.unchanged, again.books.updated, again.books.created) == (5, 0, 0)
    assert first.warnings == again.warnings == 1  # the dates out of order, each time
    assert verify() == []


def test_an_export_imports_again_into_the_same_database_and_changes_nothing(tmp_path):
    run(
        tmp_path,
        row(reviewed="10/03/2017", confirmed="20/03/2017", handed="05/04/2017"),
        row("0100000002", handed="06/04/2017", received_by="Trần Thị Mẹ"),
        row("0100000003", confirmed="01/12/2017"),
        row("0100000004"),
    )
    undone = Book.objects.get(number="0100000002")
    transition(book=undone, action=Action.UNDO_HANDOVER, on=date(2017, 5, 1),
               details={"reason": "Giao nhầm người"}, actor=_supervisor())  # fmt: skip
    before = snapshot()
    for out in (tmp_path / "all.xlsx", tmp_path / "csv"):
        call_command("export_books", str(out), stdout=StringIO())
        paths = [out] if out.suffix else [out / "books.csv", out / "periods.csv"]
        summary = Importer(paths).run()
        assert snapshot() == before
        assert (summary.books.unchanged, summary.report) == (4, None)
    exported = (tmp_path / "csv" / "books.csv").read_text(encoding="utf-8-sig").splitlines()
    assert exported[0].endswith("Ngày rà soát,Ngày xác nhận,Ngày bàn giao,Người nhận sổ")
    assert exported[2].endswith("06/04/2017,06/04/2017,06/04/2017,Trần Thị Mẹ")
    assert exported[3].endswith("01/12/2017,01/12/2017,,")


def _supervisor():
    from django.contrib.auth.models import Permission

    user = make_user("giamsat", role=Role.CENTRAL)
    user.user_permissions.add(Permission.objects.get(codename="undo_handover"))
    return type(user).objects.get(pk=user.pk)


# -- the figures of past days ------------------------------------------------------------------


def test_the_counters_of_past_days_count_the_imported_steps_on_their_days(tmp_path):
    run(
        tmp_path,
        row(reviewed="10/03/2017", confirmed="20/03/2017", handed="05/04/2017"),
        row("0100000002", handed="20/03/2017"),
        row("0100000003"),
    )
    district = Office.objects.get(code="001")
    province = district.parent

    def on(day):
        totals = office_state_totals([district.pk, province.pk], day)
        return {pk: {state: n for state, n in totals[pk].items() if n} for pk in totals}

    assert on(date(2017, 3, 9)) == {}
    assert on(date(2017, 3, 10))[district.pk] == {State.IN_REVIEW: 1}
    assert on(date(2017, 3, 20))[province.pk] == {State.CONFIRMED: 1, State.HANDED_OVER: 1}
    assert on(date(2017, 4, 5))[district.pk] == {State.HANDED_OVER: 2}
    today = on(date.today())[district.pk]
    assert today == {State.HANDED_OVER: 2, State.NOT_REVIEWED: 1}
    # The work of each day, as the money counts it: the actions on their days.
    actions = office_action_totals([province.pk], date(2017, 3, 1), date(2017, 4, 30))
    assert actions[province.pk] == {
        (date(2017, 3, 10), Action.START_REVIEW): 1,
        (date(2017, 3, 20), Action.START_REVIEW): 1,
        (date(2017, 3, 20), Action.CONFIRM): 2,
        (date(2017, 3, 20), Action.HAND_OVER): 1,
        (date(2017, 4, 5), Action.HAND_OVER): 1,
    }
    assert verify() == []


# -- the upload page ------------------------------------------------------------------------


def test_an_upload_records_the_earlier_work_as_the_command_does(tmp_path, client, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(make_user("quan1", role=Role.DISTRICT, office="760"))
    folder = tmp_path / "in"
    folder.mkdir()
    books = write_csv(folder / "books.csv", [HEADER, row(office="760", handed="05/04/2017",
                                                         received_by="Trần Thị Mẹ")])  # fmt: skip
    periods = periods_file(folder, period())
    with books.open("rb") as one, periods.open("rb") as two:
        response = client.post(reverse("intake:uploads"), {"files": [one, two]}, follow=True)
    assert response.status_code == 200
    an = Book.objects.get(number=AN)
    assert (an.state, an.state_on, an.office.code) == (
        State.HANDED_OVER,
        date(2017, 4, 5),
        "760",
    )
    assert an.events.last().actor.username == "quan1"
    assert Period.objects.filter(book=an).count() == 1
    assert verify() == []
