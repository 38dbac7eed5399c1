"""The office directly above decides on a report: accepts it, or returns it with a comment;
once per version, only on the latest."""

import pytest
from django.core.exceptions import ValidationError

from sobhxh.reports import services
from sobhxh.reports.models import Decision
from sobhxh.testing.factories import make_user

from .conftest import IN_JULY, JUNE

pytestmark = pytest.mark.django_db


@pytest.fixture
def district_report(world, books):
    return services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )


@pytest.fixture
def province_report(world, books):
    return services.submit(
        office=world.offices.hcm, month=JUNE, actor=world.users.province, now=IN_JULY
    )


@pytest.mark.parametrize("who", ["district", "central", "employer", "other province"])
def test_only_the_province_above_decides_on_a_district_report(world, district_report, who):
    actor = make_user(role="province", office="01") if who == "other province" else world.users[who]
    with pytest.raises(ValidationError, match="cấp trên trực tiếp"):
        services.accept(report=district_report, actor=actor)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("who", ["province", "district", "employer"])
def test_only_the_centre_decides_on_a_province_report(world, province_report, who):
    with pytest.raises(ValidationError, match="cấp trên trực tiếp"):
        services.accept(report=province_report, actor=world.users[who])
    decision = services.accept(report=province_report, actor=world.users.central)
    assert (decision.outcome, decision.decided_by_name) == ("accepted", "tw")


def test_returning_needs_a_comment(world, district_report):
    with pytest.raises(ValidationError, match="lý do trả lại"):
        services.send_back(report=district_report, actor=world.users.province, comment="  ")
    decision = services.send_back(
        report=district_report, actor=world.users.province, comment="Thiếu số liệu"
    )
    assert (decision.outcome, decision.comment) == ("returned", "Thiếu số liệu")


def test_a_version_is_decided_once_and_only_the_latest(world, district_report):
    services.send_back(report=district_report, actor=world.users.province, comment="Sửa lại")
    with pytest.raises(ValidationError, match="đã có quyết định"):
        services.accept(report=district_report, actor=world.users.province)
    second = services.submit(
        office=world.offices.q1, month=JUNE, actor=world.users.district, now=IN_JULY
    )
    assert second.version == 2
    with pytest.raises(ValidationError):
        services.accept(report=district_report, actor=world.users.province)
    services.accept(report=second, actor=world.users.province)
    assert Decision.objects.count() == 2


def test_an_unknown_outcome_is_refused(world, district_report):
    with pytest.raises(ValidationError):
        services.decide(report=district_report, actor=world.users.province, outcome="maybe")
