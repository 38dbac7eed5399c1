from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.intake.importing import Importer
from sobhxh.progress.models import EmployerCount, EmployerDelta, OfficeCount, OfficeDelta
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_books, make_employer, office_with_code, put_in_state
from sobhxh.testing.files import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def books():
    books = make_books(make_employer("001"), 4)
    put_in_state(books[0], State.HANDED_OVER)
    put_in_state(books[1], State.DISPUTED)
    put_in_state(books[2], State.EXCLUDED)
    return books


def only(problems: list[str], text: str) -> bool:
    return bool(problems) and all(text in problem for problem in problems)


def test_verify_is_clean_and_the_command_exits_0(books):
    assert verify() == []
    out = StringIO()
    call_command("verify", stdout=out)
    assert "khớp" in out.getvalue()


def test_verify_finds_an_office_counter_that_is_off_by_one(books):
    row = OfficeCount.objects.get(office=office_with_code("01"), state=State.HANDED_OVER)
    OfficeCount.objects.filter(pk=row.pk).update(total=row.total + 1)
    assert only(verify(), "progress_officecount")


def test_verify_finds_a_missing_day_of_history(books):
    OfficeDelta.objects.filter(office=office_with_code("VN"), state=State.EXCLUDED).delete()
    assert only(verify(), "progress_officedelta")


def test_verify_finds_a_counter_for_books_that_do_not_exist(books):
    employer = make_employer("001")
    EmployerCount.objects.create(
        employer=employer, office_id=employer.office_id, state="confirmed", total=3
    )
    assert only(verify(), "progress_employercount")


@pytest.mark.parametrize("table", [EmployerCount, EmployerDelta])
def test_verify_finds_an_employer_counter_under_another_office(books, table):
    # The office beside an employer's counters is what its office's sorted pages read.
    table.objects.filter(employer_id=books[0].employer_id).update(
        office=office_with_code("001").parent
    )
    assert only(verify(), table._meta.db_table)


def test_the_employer_counters_carry_the_office_that_manages_the_employer(books):
    employer = books[0].employer
    offices = {
        *EmployerCount.objects.filter(employer=employer).values_list("office_id", flat=True),
        *EmployerDelta.objects.filter(employer=employer).values_list("office_id", flat=True),
    }
    assert offices == {employer.office_id}


def test_verify_finds_a_book_moved_behind_the_service_door(books):
    Book.objects.filter(pk=books[3].pk).update(state=State.CONFIRMED)
    problems = verify()
    assert any("replay of their events" in problem for problem in problems)
    assert any("progress_employercount" in problem for problem in problems)


def test_verify_finds_an_event_the_lifecycle_does_not_allow(books):
    book = books[3]
    # A second registration: it moves no counter (a counted action would also show in the
    # action counters), so the lifecycle is the only thing it breaks.
    BookEvent.objects.create(
        book=book,
        action="register",
        from_state="not_reviewed",
        to_state="not_reviewed",
        happened_on=date(2017, 5, 1),
        recorded_at=timezone.now(),
        via="command",
        office_id=book.office_id,
        employer_id=book.employer_id,
    )
    Book.objects.filter(pk=book.pk).update(state_on=date(2017, 5, 1))
    assert only(verify(), "the lifecycle does not allow")


def test_verify_command_exits_1_and_says_what_differs(books):
    OfficeCount.objects.filter(office=office_with_code("VN"), state=State.DISPUTED).update(total=7)
    err = StringIO()
    with pytest.raises(SystemExit) as exit_status:
        call_command("verify", stderr=err)
    assert exit_status.value.code == 1
    assert "progress_officecount" in err.getvalue()


def test_verify_finds_a_period_written_without_an_event_recording_it(books):
    Period.objects.create(
        book=books[3], from_month=date(2015, 1, 1), to_month=date(2015, 6, 1), wage=5_000_000
    )
    assert only(verify(), "not as many as their events recorded adding")


def test_verify_finds_a_period_whose_book_does_not_exist(books):
    # Foreign keys are checked at commit (and dropped during a first load on PostgreSQL):
    # until then, a row written behind the door can point at no book.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO books_period (book_id, fund, from_month, to_month, job, wage) "
            "VALUES (%s, 'BHXH', %s, %s, '', 1)",
            [books[3].pk + 1000, date(2015, 1, 1), date(2015, 6, 1)],
        )
    problems = verify()
    Period.objects.filter(book_id=books[3].pk + 1000).delete()  # before the test's end checks
    assert only(problems, "periods whose book does not exist")


def test_periods_an_import_adds_to_a_stored_book_are_recorded_by_an_edit_event(books, tmp_path):
    book = books[3]
    periods = write_csv(
        tmp_path / "periods.csv",
        [
            ["Mã số BHXH", "Từ tháng", "Đến tháng", "Tiền lương"],
            [book.number, "01/2015", "06/2015", "5000000"],
            [book.number, "07/2015", "12/2015", "5000000"],
        ],
    )
    Importer([periods]).run()
    event = BookEvent.objects.filter(book=book).latest("id")
    assert (event.action, event.details) == ("edit", {"periods_added": 2})
    assert verify() == []
