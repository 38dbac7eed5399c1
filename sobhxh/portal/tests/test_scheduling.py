from datetime import timedelta
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from sobhxh.portal.models import NewsPage

from .conftest import news


def test_a_scheduled_page_stays_unpublished_until_publish_scheduled_runs(client, portal):
    page = news(portal.news, "Tin hẹn giờ", live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()
    page.refresh_from_db()
    assert not page.live
    call_command("publish_scheduled")
    assert not NewsPage.objects.get(pk=page.pk).live
    assert client.get(portal.news.url).content.decode().count("Tin hẹn giờ") == 0

    # The hour has come.
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=2)):
        call_command("publish_scheduled")
    page = NewsPage.objects.get(pk=page.pk)
    assert page.live
    assert client.get(page.url).status_code == 200
