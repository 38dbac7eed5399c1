"""The report pages: an office's month, a sent version, the board and the national summary,
each as every role sees it (another office's report is a 404; employers see nothing)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition
from sobhxh.reports import services
from sobhxh.reports.models import Report
from sobhxh.testing.factories import make_user

from .conftest import IN_JULY, JUNE, get, office_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(world, books):
    return services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("district", "760", 200),
        ("district", "761", 404),  # another district of the same province
        ("district", "79", 404),  # its province
        ("province", "760", 200),
        ("province", "79", 200),
        ("province", "001", 404),  # another province's district
        ("province", "01", 404),
        ("central", "760", 200),
        ("central", "01", 200),
        ("central", "VN", 404),  # the centre sends no report
        ("employer", "760", 404),
    ],
)
def test_an_office_report_page_is_seen_within_the_users_scope(
    client, world, books, role, code, status
):
    response, _text = get(client, world.users[role], office_page(code))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [("district", 200), ("province", 200), ("central", 200), ("employer", 404)],
)
def test_a_sent_version_is_seen_within_scope(client, world, sent, role, status):
    response, _text = get(client, world.users[role], reverse("reports:sent", args=[sent.pk]))
    assert response.status_code == status


@pytest.mark.parametrize("user", ["other district", "other province"])
def test_another_offices_sent_version_is_a_404(client, world, sent, user):
    other = (
        make_user(role="district", office="761")
        if user == "other district"
        else make_user(role="province", office="01")
    )
    for name in ("reports:sent",):
        response, _text = get(client, other, reverse(name, args=[sent.pk]))
        assert response.status_code == 404
    client.force_login(other)
    response = client.post(reverse("reports:decide", args=[sent.pk]), {"outcome": "accepted"})
    assert response.status_code == 404
    assert not hasattr(Report.objects.get(pk=sent.pk), "decision")


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("province", "79", 200),
        ("province", "01", 404),
        ("province", "VN", 404),
        ("central", "79", 200),
        ("central", "VN", 200),
        ("district", "79", 404),
        ("district", "760", 404),
        ("employer", "79", 404),
    ],
)
def test_the_board_is_seen_by_the_office_above_within_scope(client, world, role, code, status):
    response, _text = get(client, world.users[role], reverse("reports:board", args=[code]))
    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("central", 200), ("province", 404), ("district", 404), ("employer", 404)]
)
def test_only_the_centre_sees_the_national_summary(client, world, role, status):
    response, _text = get(client, world.users[role], reverse("reports:national") + "?month=2017-06")
    assert response.status_code == status


def test_a_district_saves_its_remarks_and_sends_its_report_from_its_page(client, world, books):
    client.force_login(world.users.district)
    address = office_page("760")
    client.post(address, {"difficulties": "Thiếu nhân lực", "proposals": "", "save": ""})
    response = client.post(
        address,
        {"difficulties": "Thiếu nhân lực", "proposals": "Tăng cường", "submit": "1"},
        follow=True,
    )
    text = response.content.decode()
    assert "Đã gửi báo cáo số 06/2017-1/BC-760 (lần 1)" in text
    report = Report.objects.get()
    assert (report.difficulties, report.proposals) == ("Thiếu nhân lực", "Tăng cường")
    assert "Lần 1" in text and "Chờ duyệt" in text


def test_the_province_returns_then_accepts_from_its_board(client, world, sent):
    client.force_login(world.users.province)
    board = reverse("reports:board", args=["79"]) + "?month=2017-06"
    text = client.get(board).content.decode()
    assert "06/2017-1/BC-760" in text and "Đã nộp, chờ duyệt" in text
    # Returning without a comment is refused, with words.
    response = client.post(
        reverse("reports:decide", args=[sent.pk]),
        {"outcome": "returned", "comment": "", "next": board},
        follow=True,
    )
    assert "Hãy ghi lý do trả lại" in response.content.decode()
    response = client.post(
        reverse("reports:decide", args=[sent.pk]),
        {"outcome": "returned", "comment": "Thiếu số liệu", "next": board},
        follow=True,
    )
    assert "Đã trả lại báo cáo số 06/2017-1/BC-760" in response.content.decode()
    _response, text = get(client, world.users.district, office_page("760"))
    assert (
        "Lần gửi 1 đã bị trả lại" in text and "Thiếu số liệu" in text and "Gửi lại báo cáo" in text
    )


def test_a_sent_version_shows_what_changed_since(client, world, books, sent):
    address = reverse("reports:sent", args=[sent.pk])
    _response, text = get(client, world.users.district, address)
    assert "Không có thay đổi" in text
    transition(book=books[1], action=Action.START_REVIEW, on=date(2017, 6, 20))
    _response, text = get(client, world.users.district, address)
    assert "Không có thay đổi" not in text
    assert 'Đã rà soát › lũy kế</th><td class="num">1</td><td class="num">2</td>' in text


def test_the_centre_sees_the_provinces_state_on_its_summary(client, world, books):
    report = services.submit(
        office=world.offices.hcm, month=JUNE, actor=world.users.province, now=IN_JULY
    )
    _response, text = get(
        client, world.users.central, reverse("reports:national") + "?month=2017-06"
    )
    assert "Đã nộp, chờ duyệt" in text
    assert "đã nộp 0/1, đã chấp nhận 0" in text  # Quận 1 has books, Quận 12 none
    services.accept(report=report, actor=world.users.central)
    district = services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )
    services.accept(report=district, actor=world.users.province)
    _response, text = get(
        client, world.users.central, reverse("reports:national") + "?month=2017-06"
    )
    assert "Đã chấp nhận" in text and "đã nộp 1/1, đã chấp nhận 1" in text


def test_the_month_defaults_to_the_last_ended_one(client, world):
    _response, text = get(client, world.users.district, reverse("reports:office", args=["760"]))
    month = timezone.localdate().replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    assert f'value="{previous:%Y-%m}"' in text


def test_the_menu_entry_leads_each_role_to_its_page(client, world):
    client.force_login(world.users.district)
    assert "/reports/office/760/" in client.get(reverse("reports:index"))["Location"]
    client.force_login(world.users.central)
    assert client.get(reverse("reports:index"))["Location"] == reverse("reports:national")
    client.force_login(world.users.employer)
    assert client.get(reverse("reports:index")).status_code == 404


def test_a_refused_submission_says_why_and_keeps_the_remarks(client, world, books):
    client.force_login(world.users.district)
    this_month = timezone.localdate().replace(day=1)
    address = office_page("760", this_month)
    response = client.post(address, {"difficulties": "Chưa xong", "submit": "1"}, follow=True)
    text = response.content.decode()
    assert "chưa kết thúc" in text and "Chưa xong" in text
    assert not Report.objects.exists()


def test_a_remarks_form_too_long_is_refused_with_words(client, world, books):
    client.force_login(world.users.district)
    response = client.post(office_page("760"), {"difficulties": "x" * 5001, "submit": "1"})
    assert response.status_code == 200
    assert "5000" in response.content.decode()
    assert not Report.objects.exists()
