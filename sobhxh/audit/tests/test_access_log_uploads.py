"""The error report of an upload repeats the cells it refused (names, dates of birth,
identity numbers): each download of it is recorded."""

import pytest
from django.urls import reverse

from sobhxh.audit.models import Access
from sobhxh.intake.models import Upload
from sobhxh.testing.files import book, books_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# Remove the mark once intake/views.upload_report calls `record_download` (see docs/decisions.md).
@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_the_error_report_download_is_recorded(client, world, tmp_path, suffix):
    user = world.users.district
    client.force_login(user)
    bad = books_file(tmp_path, book(birth="31/02/1985", office="760"), name="bad.csv")
    with bad.open("rb") as handle:
        client.post(reverse("intake:uploads"), {"files": [handle]})
    upload = Upload.objects.get()

    response = client.get(reverse("intake:upload_report", args=[upload.pk]), {"format": suffix})

    assert response.status_code == 200
    row = Access.objects.get()
    assert (row.user, row.action, row.numbers) == (user, Access.Action.DOWNLOAD, "")
    assert row.details == {"document": "error_report", "format": suffix, "upload": upload.pk}
