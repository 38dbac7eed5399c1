"""The access log is kept ACCESS_LOG_DAYS days: `prune_access_log` deletes older rows and
keeps the others."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sobhxh.audit import services
from sobhxh.audit.models import Access
from sobhxh.testing.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ages():
    """Rows 1, 29, 31 and 800 days old."""
    user = make_user()
    now = timezone.now()
    for days in (1, 29, 31, 800):
        Access.objects.create(
            at=now - timedelta(days=days),
            user=user,
            action=Access.Action.BOOK_VIEW,
            path=f"/books/{days:010d}/",
            numbers=f"{days:010d}",
        )


def kept() -> list[str]:
    return sorted(Access.objects.values_list("numbers", flat=True))


def test_pruning_keeps_the_rows_within_the_period(ages):
    assert services.prune_access_log(older_than_days=30) == 2
    assert kept() == ["0000000001", "0000000029"]


def test_the_period_is_the_setting_by_default(ages, settings):
    settings.ACCESS_LOG_DAYS = 730
    assert services.prune_access_log() == 1
    assert len(kept()) == 3


def test_pruning_deletes_in_batches(ages, monkeypatch):
    monkeypatch.setattr(services, "PRUNE_BATCH", 1)
    assert services.prune_access_log(older_than_days=0) == 4
    assert kept() == []


def test_the_command_says_how_many_rows_went(ages):
    out = StringIO()
    call_command("prune_access_log", "--older-than", "30", stdout=out)
    assert out.getvalue().strip() == "Đã xóa 2 dòng của nhật ký truy cập."
    assert len(kept()) == 2


def test_a_dry_run_counts_and_deletes_nothing(ages):
    out = StringIO()
    call_command("prune_access_log", "--older-than", "30", "--dry-run", stdout=out)
    assert out.getvalue().strip() == "Sẽ xóa 2 dòng của nhật ký truy cập."
    assert len(kept()) == 4


def test_a_negative_period_is_refused(ages):
    with pytest.raises(CommandError):
        call_command("prune_access_log", "--older-than", "-1")
