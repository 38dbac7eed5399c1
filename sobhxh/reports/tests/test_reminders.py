"""The reminders of the "To do" page: the reports an office must send (missing or returned,
overdue marked) and, for the office above, the reports waiting for its decision."""

from datetime import date

import pytest
from django.urls import reverse

from sobhxh.reports import selectors, services
from sobhxh.testing.factories import make_user

from .conftest import IN_JULY, JUNE, get

pytestmark = pytest.mark.django_db
IN_AUGUST = date(2017, 8, 3)  # July's report is not yet due (07/08/2017 for a district)


def months(states):
    return [(s.month, s.state, s.overdue_today) for s in states]


def test_an_office_is_reminded_of_each_month_missing_or_returned(world, books):
    report = services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )
    found = selectors.reminders(world.users.district, today=IN_AUGUST)
    assert months(found.to_send) == [
        (date(2017, 7, 1), "missing", False),
        *[(date(2017, m, 1), "missing", True) for m in (5, 4, 3, 2, 1)],
    ]
    services.send_back(report=report, actor=world.users.province, comment="Bổ sung")
    found = selectors.reminders(world.users.district, today=IN_AUGUST)
    assert (JUNE, "returned", True) in months(found.to_send)
    assert found.to_decide == []


def test_only_the_latest_twelve_months_are_listed(world, books):
    found = selectors.reminders(world.users.district, today=date(2018, 8, 3))
    assert len(found.to_send) == 12 and found.more_to_send == 7  # 19 months, 01/2017–07/2018
    assert found.to_send[0].month == date(2018, 7, 1)


def test_no_report_is_owed_after_the_campaigns_last_month(world, books):
    found = selectors.reminders(world.users.district, today=date(2026, 12, 5))
    assert found.to_send[0].month == date(2018, 12, 1)
    assert len(found.to_send) + found.more_to_send == 24  # 01/2017–12/2018


def test_an_office_without_books_has_nothing_to_send(world):
    assert selectors.reminders(world.users.district, today=IN_AUGUST).to_send == []


def test_the_office_above_is_reminded_of_the_reports_waiting_for_it(world, books):
    district = services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )
    province = services.submit(
        office=world.offices.hcm, month=JUNE, actor=world.users.province, now=IN_JULY
    )
    assert selectors.reminders(world.users.province, today=IN_AUGUST).to_decide == [district]
    assert selectors.reminders(world.users.central, today=IN_AUGUST).to_decide == [province]
    assert (
        selectors.reminders(make_user(role="province", office="01"), today=IN_AUGUST).to_decide
        == []
    )
    services.accept(report=district, actor=world.users.province)
    assert selectors.reminders(world.users.province, today=IN_AUGUST).to_decide == []


def test_an_employer_has_no_report_reminder(world, books):
    found = selectors.reminders(world.users.employer, today=IN_AUGUST)
    assert (found.to_send, found.to_decide) == ([], [])


def test_the_to_do_page_shows_the_reminders(client, world, books):
    services.submit(office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY)
    _response, text = get(client, world.users.district, reverse("problems:inbox"))
    assert "Báo cáo cơ quan phải gửi" in text
    assert "Trễ hạn" in text  # every month of 2026 not sent is overdue today
    _response, text = get(client, world.users.province, reverse("problems:inbox"))
    assert "Báo cáo chờ cơ quan duyệt" in text and "06/2017-1/BC-760" in text
