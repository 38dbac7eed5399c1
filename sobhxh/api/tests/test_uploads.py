"""Uploads through the API: the web's checks (type, count, size limit) with the web's
words, the job polled, its error report fetched."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sobhxh.intake.models import Upload
from sobhxh.testing.files import book, books_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_jobs_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_a_file_is_imported_polled_and_its_report_fetched(world, caller, tmp_path):
    path = books_file(tmp_path, book(office="760"), book(number="12", office="760"))
    api = caller(world.users.district)
    status, sent = api.post(
        "/uploads", files={"files": [SimpleUploadedFile("so.csv", path.read_bytes())]}
    )
    assert status == 202 and sent["file_names"] == ["so.csv"] and sent["office_code"] == "760"

    status, job = api.get(f"/uploads/{sent['id']}")
    assert status == 200 and job["status"] == "done" and job["has_report"]
    assert job["summary"]["books"]["created"] == 1 and job["summary"]["books"]["rejected"] == 1
    assert Upload.objects.get(pk=sent["id"]).user == world.users.district

    status, report = api.get(f"/uploads/{sent['id']}/report", format="csv")
    assert status == 200 and "12" in report.decode("utf-8-sig")
    assert api.get("/uploads")[1]["items"][0]["id"] == sent["id"]


def test_a_file_over_the_web_s_size_limit_is_refused_in_its_words(world, caller, settings):
    settings.UPLOAD_MAX_BYTES = 10
    status, body = caller(world.users.district).post(
        "/uploads", files={"files": [SimpleUploadedFile("so.csv", b"x" * 2_000_000)]}
    )
    assert status == 422 and body["detail"].startswith("Tệp quá lớn")
    assert not Upload.objects.exists()


def test_a_file_of_another_type_is_refused(world, caller):
    status, body = caller(world.users.district, "en").post(
        "/uploads", files={"files": [SimpleUploadedFile("so.pdf", b"%PDF-1.4")]}
    )
    assert (status, body) == (
        422,
        {"detail": "Only .xlsx, .xls, .ods and .csv files can be imported."},
    )
