"""Sending a month's report: what is frozen, versions, and who may send which month."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import set_waiting, transition
from sobhxh.reports import selectors, services
from sobhxh.reports.figures import changes_since, month_figures
from sobhxh.reports.models import Decision, Report
from sobhxh.testing.factories import make_user

from .conftest import IN_JULY, JUNE

pytestmark = pytest.mark.django_db


def send(world, office=None, actor=None, now=IN_JULY):
    return services.submit(
        office=office or world.offices.q1,
        month=JUNE,
        actor=actor or world.users.district,
        now=now,
    )


def test_a_sent_report_freezes_the_figures_and_the_remarks(world, books):
    services.save_remarks(
        office=world.offices.q1,
        month=JUNE,
        actor=world.users.district,
        difficulties="Đơn vị nợ đóng",
        proposals="Đề nghị hỗ trợ",
    )
    report = send(world)
    assert (report.version, report.form, report.number) == (1, "04", "06/2017-1/BC-760")
    assert report.figures == month_figures(world.offices.q1, JUNE).as_dict()
    assert report.figures["flows"]["reviewed"] == {"month": 1, "cumulated": 1}
    assert (report.difficulties, report.proposals) == ("Đơn vị nợ đóng", "Đề nghị hỗ trợ")
    assert report.submitted_by_name == "q1"
    assert (report.due_on, report.submitted_on, report.late) == (
        date(2017, 7, 5),
        date(2017, 7, 3),
        False,
    )


def test_a_sent_report_never_changes_when_the_registry_does(world, books):
    report = send(world)
    frozen = report.figures
    # A late correction of June: the second book's review, back-dated.
    transition(book=books[1], action=Action.START_REVIEW, on=date(2017, 6, 20))
    # … and a waiting reason recorded late for June.
    set_waiting(book=books[0], reason="arrears", on=date(2017, 6, 25))
    report.refresh_from_db()
    assert report.figures == frozen
    assert report.figures["flows"]["reviewed"]["cumulated"] == 1
    assert report.figures["outstanding_by_reason"]["arrears"] == 0
    now = month_figures(world.offices.q1, JUNE).as_dict()
    assert now["flows"]["reviewed"]["cumulated"] == 2
    changed = {c.path: (c.frozen, c.now) for c in changes_since(report.figures, now)}
    assert changed[("flows", "reviewed", "cumulated")] == (1, 2)
    assert changed[("outstanding_by_reason", "arrears")] == (0, 1)


@pytest.mark.parametrize("change", ["update", "delete"])
def test_the_database_refuses_to_change_a_sent_report_or_a_decision(world, books, change):
    report = send(world)
    services.accept(report=report, actor=world.users.province)
    for model in (Report, Decision):
        with pytest.raises(DatabaseError), transaction.atomic():
            rows = model.objects.all()
            if change == "update":
                rows.update(decided_at=IN_JULY) if model is Decision else rows.update(version=9)
            else:
                rows.delete()


def test_a_returned_report_is_sent_again_as_the_next_version(world, books):
    first = send(world)
    services.send_back(report=first, actor=world.users.province, comment="Thiếu kiến nghị")
    assert selectors.month_state(world.offices.q1, JUNE).state == "returned"
    second = send(world, now=IN_JULY + timedelta(days=5))
    assert (second.version, second.number) == (2, "06/2017-2/BC-760")
    state = selectors.month_state(world.offices.q1, JUNE)
    assert [v.version for v in state.versions] == [1, 2]
    assert (state.state, state.late) == ("submitted", False)  # late counts the first version
    services.accept(report=second, actor=world.users.province)
    assert selectors.month_state(world.offices.q1, JUNE).state == "accepted"


def test_a_report_waiting_for_a_decision_or_accepted_is_not_sent_again(world, books):
    first = send(world)
    with pytest.raises(ValidationError, match="đang chờ"):
        send(world)
    services.accept(report=first, actor=world.users.province)
    with pytest.raises(ValidationError, match="đã được chấp nhận"):
        send(world)
    assert Report.objects.count() == 1


def test_a_report_first_sent_after_its_due_date_is_late(world, books):
    send(world, now=datetime(2017, 7, 6, 3, 0, tzinfo=UTC))
    state = selectors.month_state(world.offices.q1, JUNE)
    assert (state.state, state.late) == ("submitted", True)


@pytest.mark.parametrize(
    ("month", "words"),
    [
        (date(2017, 7, 1), "chưa kết thúc"),  # July has not ended on 03/07/2017
        (date(2016, 12, 1), "01/2017"),  # before the campaign
    ],
)
def test_a_month_not_ended_or_before_the_campaign_is_refused(world, books, month, words):
    with pytest.raises(ValidationError, match=words):
        services.submit(
            office=world.offices.q1, month=month, actor=world.users.district, now=IN_JULY
        )


@pytest.mark.parametrize("who", ["central", "employer", "province", "other district"])
def test_only_a_user_of_the_office_sends_its_report(world, books, who):
    actor = (
        make_user(role="district", office="761") if who == "other district" else world.users[who]
    )
    with pytest.raises(ValidationError):
        send(world, actor=actor)
    assert not Report.objects.exists()


def test_a_province_sends_its_own_report_to_the_centre(world, books):
    report = send(world, office=world.offices.hcm, actor=world.users.province)
    assert (report.form, report.due_on) == ("05", date(2017, 7, 10))
    assert [child["office"]["code"] for child in report.figures["children"]][:2] == ["760", "761"]
