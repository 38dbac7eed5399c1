"""Uploads from the browser, run at once by django-tasks' ImmediateBackend."""

import datetime
import logging
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from sobhxh import workers
from sobhxh.accounts.models import Role
from sobhxh.books.models import Book, Period
from sobhxh.intake import tasks
from sobhxh.intake.models import Upload
from sobhxh.testing.factories import make_employer, make_user
from sobhxh.testing.files import (
    BOOK_HEADER,
    PERIOD_HEADER,
    books_file,
    period,
    periods_file,
    write_xlsx,
)
from sobhxh.testing.files import (
    book as book_in_hanoi,
)
from sobhxh.units.models import Employer

pytestmark = pytest.mark.django_db


def book(*args, **kwargs):
    """A book row of the uploaders' own district (Quận 1, 760): an office's upload may
    write only in its area."""
    return book_in_hanoi(*args, office="760", **kwargs)


IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = IMMEDIATE


@pytest.fixture
def district(client):
    user = make_user("quan1", role=Role.DISTRICT, office="760")
    client.force_login(user)
    return user


@pytest.fixture
def good_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    return (
        books_file(folder, book(), book("0100000002", "Trần Thị Bình", "1990", "Nữ")),
        periods_file(folder, period(), period("0100000002", fund="BHTN")),
    )


def post(client, *paths: Path, **data):
    handles = [path.open("rb") for path in paths]
    try:
        return client.post(reverse("intake:uploads"), {"files": handles, **data}, follow=True)
    finally:
        for handle in handles:
            handle.close()


def test_a_good_csv_pair_creates_books_and_the_page_shows_the_summary(client, district, good_files):
    response = post(client, *good_files)

    upload = Upload.objects.get()
    assert response.redirect_chain == [(reverse("intake:upload_detail", args=[upload.pk]), 302)]
    assert (upload.status, upload.user, upload.office.code) == ("done", district, "760")
    assert upload.summary["books"] == {
        "read": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
    }
    assert upload.file_names == ["books.csv", "periods.csv"]
    assert upload.task_id and upload.started_at and upload.finished_at
    assert all((Path(tasks.media_root()) / path).is_file() for path in upload.files)
    assert Book.objects.count() == 2 and Period.objects.count() == 2
    assert set(Book.objects.values_list("events__actor", flat=True)) == {district.pk}
    page = response.content.decode()
    assert "Đã xong" in page and "Tóm tắt" in page
    assert '<th scope="row">Sổ</th>' in page and '<th scope="row">Quá trình đóng</th>' in page
    assert "Mọi dòng đều được nhận." in page
    assert 'http-equiv="refresh"' not in page and "upload.js" not in page


def test_a_workbook_with_both_tables_is_imported(client, district, tmp_path):
    workbook = write_xlsx(
        tmp_path / "so.xlsx",
        {
            "Sổ": [BOOK_HEADER, book()],
            "Quá trình": [PERIOD_HEADER, period()],
        },
    )
    post(client, workbook)
    upload = Upload.objects.get()
    assert upload.status == "done"
    assert (upload.summary["books"]["created"], upload.summary["periods"]["created"]) == (1, 1)


def test_rejected_rows_are_counted_and_the_report_downloads(client, district, tmp_path):
    bad = books_file(tmp_path, book(), book("0100000002", birth="31/02/1985"), name="bad.csv")

    page = post(client, bad).content.decode()

    upload = Upload.objects.get()
    assert (upload.status, upload.summary["books"]["rejected"], upload.rejected) == ("done", 1, 1)
    assert Book.objects.count() == 1
    assert 'class="is-behind"' in page and "Một số dòng bị từ chối" in page
    xlsx = client.get(reverse("intake:upload_report", args=[upload.pk]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == f'attachment; filename="bao-cao-loi-{upload.pk}.xlsx"'
    saved = tmp_path / "report.xlsx"
    saved.write_bytes(b"".join(xlsx.streaming_content))
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert rows[1][:4] == ["bad.csv", 7, "Ngày sinh", "31/02/1985"]
    assert rows[1][4] == "Ngày này không có trong lịch."
    csv = client.get(reverse("intake:upload_report", args=[upload.pk]), {"format": "csv"})
    assert "Ngày này không có trong lịch." in b"".join(csv.streaming_content).decode("utf-8-sig")


def test_a_file_named_like_the_report_is_not_overwritten_by_it(client, district, tmp_path):
    sent = books_file(
        tmp_path, book(), book("0100000002", birth="31/02/1985"), name="bao-cao-loi.csv"
    )
    post(client, sent)
    upload = Upload.objects.get()
    assert upload.status == "done" and upload.rejected == 1
    assert (tasks.media_root() / upload.files[0]).read_bytes() == sent.read_bytes()
    assert tasks.report_path(upload, ".csv") != tasks.media_root() / upload.files[0]


def test_an_upload_without_a_report_has_no_report_to_download(client, district, good_files):
    post(client, *good_files)
    upload = Upload.objects.get()
    assert upload.report == ""
    assert client.get(reverse("intake:upload_report", args=[upload.pk])).status_code == 404


def test_an_unusable_file_is_refused_with_the_message_in_vietnamese(client, district, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Ghi chú,Ngày\nkhông phải danh sách sổ,01/01/2018\n", encoding="utf-8")

    page = post(client, path).content.decode()

    upload = Upload.objects.get()
    assert upload.status == "refused" and upload.summary is None
    assert upload.message.startswith("Không tìm thấy dòng tiêu đề")
    assert upload.message_en.startswith("No header row found")
    assert "Tệp bị từ chối" in page and upload.message in page
    assert not Book.objects.exists()


def test_the_refusal_is_shown_in_english_when_the_user_chose_english(client, district, tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Ghi chú\nx\n", encoding="utf-8")
    post(client, path)
    upload = Upload.objects.get()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("intake:upload_detail", args=[upload.pk])).content.decode()
    assert "File refused" in page and upload.message_en in page


def test_a_dry_run_writes_nothing_but_reports_what_it_would_do(client, district, good_files):
    page = post(client, *good_files, dry_run="on").content.decode()

    upload = Upload.objects.get()
    assert upload.dry_run and upload.status == "done"
    assert upload.summary["books"]["created"] == 2
    assert not Book.objects.exists() and not Employer.objects.filter(code="DVT001").exists()
    assert "Chạy thử: không ghi gì vào cơ sở dữ liệu" in page


def test_new_employers_without_an_office_go_to_the_uploaders_office(client, district, tmp_path):
    row = book()
    row[8] = ""  # no "Mã CQ BHXH"
    post(client, books_file(tmp_path, row))
    assert Employer.objects.get(code="DVT001").office.code == "760"


def test_a_central_user_chooses_the_office_of_new_employers(client, tmp_path):
    client.force_login(make_user("tw", role=Role.CENTRAL))
    row = book()
    row[8] = ""
    post(client, books_file(tmp_path, row), office="79")
    upload = Upload.objects.get()
    assert upload.office.code == "79"
    assert Employer.objects.get(code="DVT001").office.code == "79"


def test_an_office_user_is_not_offered_an_office_choice(client, district):
    page = client.get(reverse("intake:uploads")).content.decode()
    assert 'name="office"' not in page
    assert "BHXH Quận 1 (760)" in page
    assert 'enctype="multipart/form-data"' in page and "csrfmiddlewaretoken" in page


@pytest.mark.parametrize(
    ("names", "message"),
    [
        (["so.txt"], "Chỉ nhập được tệp .xlsx, .xls, .ods và .csv."),
        (["so.xlsx", "qt.csv"], "Hãy chọn một tệp Excel, hoặc một hoặc hai tệp CSV"),
        (["a.csv", "b.csv", "c.csv"], "Hãy chọn một tệp Excel, hoặc một hoặc hai tệp CSV"),
    ],
)
def test_the_form_refuses_the_wrong_files(client, district, tmp_path, names, message):
    paths = []
    for name in names:
        (tmp_path / name).write_bytes(b"x")
        paths.append(tmp_path / name)
    response = post(client, *paths)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Upload.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_the_limit(client, district, settings, tmp_path):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    page = post(client, big).content.decode()
    assert "Tệp quá lớn (2 MB): giới hạn là 1 MB." in page
    assert not Upload.objects.exists()
    assert not (Path(settings.MEDIA_ROOT) / "uploads").exists()


def test_an_unexpected_error_fails_the_upload_without_showing_it(
    client, district, good_files, monkeypatch, caplog
):
    def boom(self):
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(tasks.Importer, "run", boom)
    with caplog.at_level(logging.ERROR, logger="sobhxh.intake.tasks"):
        page = post(client, *good_files).content.decode()

    upload = Upload.objects.get()
    assert upload.status == "failed" and upload.finished_at
    assert "sự cố ngoài dự kiến" in upload.message and "sự cố ngoài dự kiến" in page
    assert "secret detail" not in page and "Traceback" not in page
    assert "secret detail of the failure" in caplog.text  # logged with its traceback


@pytest.mark.parametrize(("role", "place"), [(Role.EMPLOYER, {"employer": "E-1"}), (None, {})])
def test_an_employer_user_or_one_without_a_role_cannot_upload(client, good_files, role, place):
    make_employer("760", code="E-1")
    if role:
        user = make_user("dn", role=role, **place)
    else:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("nobody", password="x-Secret-123")
    client.force_login(user)
    assert client.get(reverse("intake:uploads")).status_code == 404
    assert post(client, *good_files).status_code == 404
    assert not Upload.objects.exists()


def test_uploads_of_others_answer_404_but_central_sees_them(client, good_files):
    owner = make_user("quan1", role=Role.DISTRICT, office="760")
    client.force_login(owner)
    post(client, *good_files)
    upload = Upload.objects.get()
    urls = [
        reverse(f"intake:{name}", args=[upload.pk])
        for name in ("upload_detail", "upload_status", "upload_report")
    ]

    for other in (
        make_user("quan3", role=Role.DISTRICT, office="770"),
        make_user("hcm", role=Role.PROVINCE, office="79"),  # even the province above
    ):
        client.force_login(other)
        assert [client.get(url).status_code for url in urls] == [404, 404, 404]
        assert "books.csv" not in client.get(reverse("intake:uploads")).content.decode()

    client.force_login(make_user("tw", role=Role.CENTRAL))
    assert client.get(urls[0]).status_code == 200
    assert "books.csv" in client.get(reverse("intake:uploads")).content.decode()


def test_the_status_endpoint_answers_json_for_polling(client, district, good_files):
    queued = Upload.objects.create(user=district, file_names=["a.csv"], files=[])
    waiting = client.get(reverse("intake:upload_status", args=[queued.pk])).json()
    assert (waiting["status"], waiting["finished"], waiting["percent"]) == ("queued", False, None)
    assert waiting["status_label"] == "Đang chờ"

    post(client, *good_files)
    done = Upload.objects.exclude(pk=queued.pk).get()
    data = client.get(reverse("intake:upload_status", args=[done.pk])).json()
    assert (data["status"], data["status_label"], data["finished"]) == ("done", "Đã xong", True)
    assert data["percent"] == 100 and data["rows_done"] == 4
    assert data["summary"]["books"]["created"] == 2
    assert "report" not in data["summary"]  # no path on the server is shown


def test_counts_are_shown_with_dot_thousands_separators(client, district):
    counts = {"read": 12_345, "created": 12_000, "updated": 0, "unchanged": 0, "rejected": 345}
    upload = Upload.objects.create(
        user=district,
        file_names=["a.csv"],
        files=[],
        status="done",
        summary={"books": counts, "periods": {**counts, "read": 1_000_000}, "warnings": 2_500},
    )
    page = client.get(reverse("intake:upload_detail", args=[upload.pk])).content.decode()
    assert '<td class="num">12.345</td><td class="num">12.000</td>' in page
    assert '<td class="num">1.000.000</td>' in page and "Cảnh báo: 2.500" in page
    listing = client.get(reverse("intake:uploads")).content.decode()
    assert '<td class="num">12.000</td>' in listing and '<td class="num">690</td>' in listing


def test_a_running_upload_shows_its_progress_and_refreshes_itself(client, district):
    upload = Upload.objects.create(
        user=district,
        file_names=["a.csv"],
        files=[],
        status="running",
        rows_total=12_000,
        rows_done=3_000,
    )
    page = client.get(reverse("intake:upload_detail", args=[upload.pk])).content.decode()
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "/static/intake/upload.js" in page
    assert 'aria-valuenow="25"' in page and '<rect class="progress-bar" width="25"' in page
    assert "Đã đọc 3.000 / khoảng 12.000 dòng (25 %)" in page
    data = client.get(reverse("intake:upload_status", args=[upload.pk])).json()
    assert (data["percent"], data["finished"]) == (25, False)


def test_a_running_dry_run_reports_progress_from_its_side_file(client, district):
    folder = Path("uploads/2026/11/abc")
    (tasks.media_root() / folder).mkdir(parents=True)
    (tasks.media_root() / folder / tasks.PROGRESS_FILE).write_text("6000")
    upload = Upload.objects.create(
        user=district,
        file_names=["a.csv"],
        files=[str(folder / "tep/a.csv")],
        status="running",
        dry_run=True,
        rows_total=12_000,
    )
    data = client.get(reverse("intake:upload_status", args=[upload.pk])).json()
    assert (data["rows_done"], data["percent"]) == (6000, 50)


def test_the_list_runs_as_many_queries_for_50_uploads_as_for_5(client):
    central = make_user("tw", role=Role.CENTRAL)
    client.force_login(central)
    url = reverse("intake:uploads")

    def queries_with(count: int) -> int:
        Upload.objects.all().delete()
        Upload.objects.bulk_create(
            Upload(user=make_user(role=Role.DISTRICT, office="760"), office_id=district_office(),
                   file_names=["a.csv"], files=[], status="done",
                   summary={"books": {"created": 1, "rejected": 0},
                            "periods": {"created": 1, "rejected": 0}})
            for _ in range(count)
        )  # fmt: skip
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries_with(5) == queries_with(50)


def district_office() -> int:
    from sobhxh.testing.factories import office_with_code

    return office_with_code("760").pk


def test_an_office_upload_cannot_write_books_of_another_area(client, district, tmp_path):
    paths = [books_file(tmp_path, book_in_hanoi(), book("0100000002"))]
    post(client, *paths)

    upload = Upload.objects.get()
    assert (upload.summary["books"]["created"], upload.summary["books"]["rejected"]) == (1, 1)
    assert list(Book.objects.values_list("number", "office__code")) == [("0100000002", "760")]


def _finished_days_ago(upload: Upload, days: int) -> None:
    Upload.objects.filter(pk=upload.pk).update(
        finished_at=timezone.now() - datetime.timedelta(days=days)
    )


def test_the_files_of_old_uploads_are_pruned_and_what_they_did_stays(client, district, tmp_path):
    old = post(client, books_file(tmp_path, book(), book("123"))).context["upload"]
    recent = post(client, books_file(tmp_path, book("0100000002"), name="b2.csv")).context["upload"]
    _finished_days_ago(old, 100)
    _finished_days_ago(recent, 10)
    running = Upload.objects.create(
        user=district,
        file_names=["x.csv"],
        files=["uploads/x/tep/x.csv"],
        status="running",
        worker=workers.this_worker(),
    )
    _finished_days_ago(running, 100)
    old_folder = tasks.job_folder(old)
    assert (old_folder / "bao-cao-loi.xlsx").is_file()

    out = StringIO()
    with translation.override("vi"):  # as from a shell, where no request chose a language
        call_command("prune_uploads", "--older-than", "90", "--dry-run", stdout=out)
        assert "Sẽ xóa các tệp của 1 lần tải lên" in out.getvalue() and old_folder.is_dir()

        call_command("prune_uploads", "--older-than", "90", stdout=out)

    assert "Đã xóa các tệp của 1 lần tải lên" in out.getvalue()
    assert not old_folder.exists() and tasks.job_folder(recent).is_dir()
    old.refresh_from_db()
    assert old.files == [] and old.report == "" and old.summary["books"]["rejected"] == 1
    page = client.get(reverse("intake:upload_detail", args=[old.pk])).content.decode()
    assert "đã được xóa khi hết thời hạn lưu giữ" in page and "bao-cao-loi" not in page
    assert client.get(reverse("intake:upload_report", args=[old.pk])).status_code == 404
    running.refresh_from_db()
    assert running.files == ["uploads/x/tep/x.csv"]


def test_pruning_refuses_a_negative_number_of_days():
    with translation.override("vi"), pytest.raises(CommandError, match="không được là số âm"):
        call_command("prune_uploads", "--older-than", "-1")
