"""The real background path: an upload queued in the database and run by `db_worker`;
and how often a running import writes its progress."""

import io
import os
import socket
import subprocess

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from sobhxh import workers
from sobhxh.accounts.models import Role
from sobhxh.books.models import Book
from sobhxh.intake import tasks
from sobhxh.intake.models import Upload
from sobhxh.testing.factories import make_user
from sobhxh.testing.files import book as book_in_hanoi
from sobhxh.testing.files import books_file, period, periods_file

pytestmark = pytest.mark.django_db


def book(*args, **kwargs):
    """A book row of the uploaders' own district (Quận 1, 760): an office's upload may
    write only in its area."""
    return book_in_hanoi(*args, office="760", **kwargs)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_an_upload_queued_in_the_database_is_run_by_the_worker(
    client, settings, tmp_path, worker_in_this_test
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(make_user("quan1", role=Role.DISTRICT, office="760"))
    files = (books_file(tmp_path, book()), periods_file(tmp_path, period()))
    with files[0].open("rb") as books, files[1].open("rb") as periods:
        client.post(reverse("intake:uploads"), {"files": [books, periods]})

    upload = Upload.objects.get()
    assert upload.status == "queued" and not Book.objects.exists()
    queued = DBTaskResult.objects.get(id=upload.task_id)
    assert queued.status == "READY"
    page = client.get(reverse("intake:upload_detail", args=[upload.pk])).content.decode()
    assert "Đang chờ" in page and 'http-equiv="refresh"' in page

    worker_in_this_test()

    upload.refresh_from_db()
    assert upload.status == "done" and upload.summary["books"]["created"] == 1
    assert upload.worker == workers.this_worker()  # the worker ran in this test's process
    assert Book.objects.filter(number="0100000001").exists()
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL" and queued.return_value == "done"
    page = client.get(reverse("intake:upload_detail", args=[upload.pk])).content.decode()
    assert "Đã xong" in page and 'http-equiv="refresh"' not in page


def test_a_job_already_run_is_not_run_twice(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    user = make_user("quan1", role=Role.DISTRICT, office="760")
    upload = Upload.objects.create(user=user, file_names=["a.csv"], files=["a.csv"], status="done")
    assert tasks.run_upload.call(upload.pk) == "done"
    upload.refresh_from_db()
    assert upload.status == "done" and upload.started_at is None


def _running(worker: str, username: str = "quan1") -> Upload:
    user = make_user(username, role=Role.DISTRICT, office="760")
    return Upload.objects.create(
        user=user, file_names=["a.csv"], files=["a.csv"], status="running", worker=worker
    )


def _ended_process_id() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_an_upload_whose_worker_has_died_shows_as_stopped_with_what_to_do(client):
    upload = _running(f"{socket.gethostname()}:{_ended_process_id()}:")
    client.force_login(upload.user)

    state = client.get(reverse("intake:upload_status", args=[upload.pk])).json()

    assert state["status"] == "failed" and state["finished"]
    assert "dừng giữa chừng" in state["message"] and "tải lên lại" in state["message"]
    page = client.get(reverse("intake:uploads")).content.decode()
    assert "Gặp sự cố" in page
    upload.refresh_from_db()
    assert upload.status == "running"  # a page only reads


def test_the_worker_side_marks_an_upload_whose_worker_has_died_failed():
    upload = _running(f"{socket.gethostname()}:{_ended_process_id()}:")
    alive = _running(workers.this_worker(), username="quan2")
    out = io.StringIO()

    call_command("settle_uploads", stdout=out)

    upload.refresh_from_db()
    alive.refresh_from_db()
    assert upload.status == "failed" and upload.finished_at is not None
    assert "dừng giữa chừng" in upload.message and "stopped part way" in upload.message_en
    assert alive.status == "running"
    assert "thất bại 1 lần tải lên" in out.getvalue()


def test_a_job_settles_the_uploads_of_a_dead_worker_before_it_runs(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    upload = _running(f"{socket.gethostname()}:{_ended_process_id()}:")
    done = Upload.objects.create(
        user=upload.user, file_names=["a.csv"], files=["a.csv"], status="done"
    )
    tasks.run_upload.call(done.pk)
    upload.refresh_from_db()
    assert upload.status == "failed"


def test_an_upload_whose_worker_lives_keeps_running(client):
    upload = _running(workers.this_worker())
    client.force_login(upload.user)
    client.get(reverse("intake:upload_detail", args=[upload.pk]))
    client.get(reverse("intake:uploads"))
    upload.refresh_from_db()
    assert upload.status == "running"


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="no process start times")
def test_a_later_process_given_the_same_id_is_not_taken_for_the_worker():
    host, pid, _started = workers.this_worker().split(":")
    assert workers.worker_is_gone(f"{host}:{pid}:1")


def test_a_worker_of_another_host_or_none_is_not_judged():
    assert not workers.worker_is_gone(f"elsewhere:{_ended_process_id()}:")
    assert not workers.worker_is_gone("")


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_is_written_at_most_once_a_second(tmp_path):
    user = make_user("quan1", role=Role.DISTRICT, office="760")
    upload = Upload.objects.create(user=user, file_names=["a.csv"], files=[], status="running")
    clock = Clock()
    progress = tasks.Progress(upload, tmp_path / "progress", clock=clock)

    def written() -> int:
        return Upload.objects.get(pk=upload.pk).rows_done

    clock.now += 0.4
    progress(2000)
    clock.now += 0.4
    progress(2000)
    assert (progress.done, written()) == (4000, 0)  # not yet a second
    clock.now += 0.3
    progress(2000)
    assert written() == 6000
    clock.now += 0.5
    progress(500)
    assert written() == 6000
    clock.now += 0.6
    progress(500)
    assert written() == 7000
    assert not (tmp_path / "progress").exists()


def test_a_dry_run_writes_its_progress_beside_the_files_not_in_the_database(tmp_path):
    user = make_user("quan1", role=Role.DISTRICT, office="760")
    upload = Upload.objects.create(
        user=user, file_names=["a.csv"], files=[], status="running", dry_run=True
    )
    clock = Clock()
    progress = tasks.Progress(upload, tmp_path / "progress", clock=clock)
    clock.now += 1.5
    progress(2000)
    assert (tmp_path / "progress").read_text() == "2000"
    assert Upload.objects.get(pk=upload.pk).rows_done == 0
