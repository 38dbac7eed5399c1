"""A returned answer list is read by the background worker, never in the web request: the
post stores the file and queues the job, the list's page waits and refreshes itself, and
shows what the job recorded, why it refused the file, or that it failed."""

import datetime
import io
import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from sobhxh import workers
from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import State
from sobhxh.books.models import BookEvent
from sobhxh.handover import services, tasks
from sobhxh.handover.models import ReturnedListUpload
from sobhxh.handover.tasks import stored_name
from sobhxh.testing import bombs
from sobhxh.testing.csp import check
from sobhxh.testing.factories import ROUND_DAY, ids, make_employer, make_user, make_worker

from .helpers import login, make_returned_list, states, text_of, url

pytestmark = pytest.mark.django_db

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def employer():
    return make_employer("760", name="Công ty TNHH Hưng Thịnh")


@pytest.fixture
def in_review(employer):
    books = [make_worker(employer, name) for name in ("Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng")]
    services.start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)
    return books


def send(client, employer, content: bytes, name: str = "tra-ve.csv"):
    data = {"on": "15/05/2017", "file": SimpleUploadedFile(name, content)}
    return client.post(url("answers_upload", employer.code), data)


def returned_csv(*rows: str) -> bytes:
    return "\n".join(["Mã số BHXH,Kết quả,Nội dung sai", *rows]).encode()


def test_the_post_only_queues_the_list_and_the_worker_reads_and_records_it(
    client, settings, employer, in_review, worker_in_this_test
):
    settings.TASKS = DATABASE
    right, wrong = in_review
    login(client)

    response = send(client, employer, returned_csv(f"{right.number},Đúng,", f"{wrong.number},Sai,"))

    sent = ReturnedListUpload.objects.get()
    address = url("answers_upload_detail", employer.code, sent.pk)
    assert (response.status_code, response.url) == (302, address)
    assert sent.status == "queued" and sent.outcome is None
    assert DBTaskResult.objects.get(id=sent.task_id).status == "READY"
    assert (Path(settings.MEDIA_ROOT) / sent.file).read_bytes().startswith("Mã số".encode())
    assert states(in_review) == [State.IN_REVIEW] * 2
    page = client.get(address)
    assert "Đang chờ đến lượt" in text_of(page) and 'http-equiv="refresh" content="2"' in (
        page.content.decode()
    )

    worker_in_this_test()

    sent.refresh_from_db()
    assert sent.status == "done" and sent.started_at and sent.finished_at
    assert sent.outcome["confirmed"] == 1 and sent.outcome["disputed"] == 0
    assert [(p["row"], p["number"]) for p in sent.outcome["problems"]] == [(3, wrong.number)]
    assert states(in_review) == [State.CONFIRMED, State.IN_REVIEW]
    page = client.get(address)
    html = page.content.decode()
    assert 'data-figure="confirmed">1<' in html and 'http-equiv="refresh"' not in html
    assert "lời người lao động" in page.context["outcome"].problems[0].reason
    assert url("answers_upload", employer.code) in html  # to upload another list


def test_the_answers_are_recorded_by_the_user_who_sent_the_list(
    client, settings, employer, in_review
):
    settings.TASKS = IMMEDIATE
    user = login(client)

    send(client, employer, returned_csv(f"{in_review[0].number},Đúng,"))

    event = BookEvent.objects.get(book=in_review[0], to_state=State.CONFIRMED)
    assert (event.actor, event.via, str(event.happened_on)) == (user, "web", "2017-05-15")


def test_a_damaged_file_is_refused_in_vietnamese_and_in_english_for_an_english_user(
    client, settings, employer, in_review
):
    settings.TASKS = IMMEDIATE
    login(client)

    response = send(client, employer, b"PK\x03\x04 not really a workbook", name="tra-ve.xlsx")

    sent = ReturnedListUpload.objects.get()
    assert sent.status == "refused" and sent.outcome is None and sent.finished_at
    assert sent.message.startswith("Không mở được tra-ve.xlsx")
    assert sent.message_en.startswith("tra-ve.xlsx cannot be opened")
    page = client.get(response.url)
    assert "Tệp bị từ chối" in text_of(page) and sent.message in text_of(page)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(response.url)
    assert "File refused" in text_of(page) and sent.message_en in text_of(page)
    assert states(in_review) == [State.IN_REVIEW] * 2


def test_the_reports_tiny_ods_bomb_is_refused_by_the_worker_not_opened_by_the_page(
    client, settings, employer, in_review, tmp_path
):
    bomb = bombs.ods_repeated(tmp_path / "tra-ve.ods", rows=20_000, columns=1_000)
    login(client)

    response = send(client, employer, bomb.read_bytes(), name="tra-ve.ods")

    sent = ReturnedListUpload.objects.get()
    assert response.status_code == 302 and sent.status == "queued"
    settings.TASKS = IMMEDIATE
    tasks.read_returned_list.call(sent.pk)
    sent.refresh_from_db()
    assert sent.status == "refused"
    assert "trải trên 20.000.000 ô" in sent.message
    assert sent.message in text_of(client.get(response.url))
    assert states(in_review) == [State.IN_REVIEW] * 2


def test_problems_are_written_in_the_language_of_the_user_who_sent_the_list(
    client, settings, employer, in_review
):
    settings.TASKS = IMMEDIATE
    login(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    send(client, employer, returned_csv(f"{in_review[0].number},Maybe,"))

    sent = ReturnedListUpload.objects.get()
    assert (sent.language, sent.status) == ("en", "done")
    assert sent.outcome["problems"][0]["reason"].startswith("“Maybe” is not an answer")


def test_an_unexpected_error_fails_the_list_records_nothing_and_hides_the_detail(
    client, settings, employer, in_review, monkeypatch, caplog
):
    settings.TASKS = IMMEDIATE
    real = services.record_answers

    def record_then_break(**kwargs):
        real(**kwargs)
        raise RuntimeError("secret detail of the failure")

    monkeypatch.setattr(services, "record_answers", record_then_break)
    login(client)

    with caplog.at_level(logging.ERROR, logger="sobhxh.handover.tasks"):
        response = send(client, employer, returned_csv(f"{in_review[0].number},Đúng,"))

    sent = ReturnedListUpload.objects.get()
    assert sent.status == "failed" and sent.finished_at and sent.outcome is None
    assert "sự cố ngoài dự kiến" in sent.message and "unexpected problem" in sent.message_en
    page = client.get(response.url)
    assert "Gặp sự cố" in text_of(page) and sent.message in text_of(page)
    assert "secret detail" not in page.content.decode()
    assert "secret detail of the failure" in caplog.text  # logged with its traceback
    assert states(in_review) == [State.IN_REVIEW] * 2  # the answers went with the failure


def test_a_list_already_read_is_not_read_twice(employer):
    sent = make_returned_list(employer, a_sender(), status="done")

    assert tasks.read_returned_list.call(sent.pk) == "done"

    sent.refresh_from_db()
    assert sent.started_at is None


def test_the_page_of_a_list_is_404_for_a_user_of_another_employer(client, employer):
    sent = make_returned_list(employer, a_sender())
    login(client, Role.EMPLOYER, employer=make_employer("760"))

    assert client.get(url("answers_upload_detail", employer.code, sent.pk)).status_code == 404


def test_a_list_is_404_under_another_employer_even_one_the_user_may_see(client, employer):
    other = make_employer("760")
    sent = make_returned_list(employer, a_sender())
    login(client)  # district 760 sees both employers

    assert client.get(url("answers_upload_detail", employer.code, sent.pk)).status_code == 200
    assert client.get(url("answers_upload_detail", other.code, sent.pk)).status_code == 404


def test_the_upload_form_links_the_lists_sent_recently_for_the_employer(client, employer):
    mine = make_returned_list(employer, a_sender(), file_name="tra-ve-dot-1.xlsx")
    make_returned_list(make_employer("760"), a_sender(), file_name="cua-don-vi-khac.csv")
    login(client)

    page = client.get(url("answers_upload", employer.code)).content.decode()

    assert url("answers_upload_detail", employer.code, mine.pk) in page
    assert "tra-ve-dot-1.xlsx" in page and "cua-don-vi-khac.csv" not in page


@pytest.mark.parametrize(
    ("sent_as", "stored_as"),
    [
        ("Danh sách trả về (đợt 1).XLSX", "Danh sách trả về (đợt 1).xlsx"),
        ("../../etc/passwd.csv", "passwd.csv"),
        ("C:\\Users\\ketoan\\tra ve.csv", "tra ve.csv"),
        ("...csv", "danh-sach.csv"),
        ("a\x00b:c*?.ods", "abc.ods"),
        ("x" * 300 + ".xls", "x" * 60 + ".xls"),
    ],
)
def test_a_file_is_stored_under_its_own_readable_name_made_safe(sent_as, stored_as):
    assert stored_name(sent_as) == stored_as


def a_sender():
    return make_user(role=Role.DISTRICT, office="760")


@pytest.mark.parametrize("status", ["queued", "running", "done", "refused", "failed"])
def test_the_page_of_a_list_needs_nothing_inline_whatever_its_status(client, employer, status):
    outcome = {
        "sheet": "Kết quả",
        "confirmed": 1,
        "disputed": 1,
        "problems": [{"row": 4, "number": "12345", "column": "Mã số BHXH", "reason": "10 số"}],
        "unanswered": [[5, "0123456789"]],
    }
    sent = make_returned_list(
        employer,
        a_sender(),
        status=status,
        message="Không mở được",
        outcome=outcome if status == "done" else None,
    )
    login(client)

    address = url("answers_upload_detail", employer.code, sent.pk)
    response = client.get(address)

    assert response.status_code == 200
    check(response, address)  # the policy's header, and no inline script or style
    html = response.content.decode()
    refreshes = 'http-equiv="refresh" content="2"' in html
    assert refreshes == (status in ("queued", "running")), status


def _ended_worker() -> str:
    import socket
    import subprocess

    process = subprocess.Popen(["true"])
    process.wait()
    return f"{socket.gethostname()}:{process.pid}:"


def test_a_list_whose_worker_died_shows_as_failed_and_the_worker_side_marks_it(client, employer):
    user = login(client)
    dead = make_returned_list(
        employer, user, status="running", outcome=None, worker=_ended_worker()
    )
    alive = make_returned_list(
        employer, user, status="running", outcome=None, worker=workers.this_worker()
    )

    page = text_of(client.get(url("answers_upload_detail", employer.code, dead.pk)))

    assert "dừng giữa chừng" in page
    dead.refresh_from_db()
    assert dead.status == "running"  # a page only reads
    call_command("settle_uploads", stdout=io.StringIO())
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == "failed" and "gửi lại chính danh sách" in dead.message
    assert alive.status == "running"


def test_the_files_of_lists_read_long_ago_are_pruned_and_their_outcome_stays(settings, employer):
    user = make_user("pruner", role=Role.CENTRAL)
    media = Path(settings.MEDIA_ROOT)
    old, recent = (
        make_returned_list(
            employer,
            user,
            file=f"returned-lists/2017/05/{token}/tra-ve.csv",
            finished_at=timezone.now() - datetime.timedelta(days=days),
        )
        for token, days in (("aaaa", 100), ("bbbb", 10))
    )
    for sent in (old, recent):
        (media / sent.file).parent.mkdir(parents=True)
        (media / sent.file).write_bytes(b"0000000001,Sai,Ten sai\n")

    call_command("prune_uploads", "--older-than", "90", "--quiet")

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.file == "" and not (media / "returned-lists/2017/05/aaaa").exists()
    assert old.outcome["confirmed"] == 2
    assert (media / recent.file).exists()
