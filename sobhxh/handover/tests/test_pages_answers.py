"""Recording the workers' answers from the browser: the checklist of books in review, and
the upload of the returned list (CSV or workbook) whose unusable rows come back with their
row number and reason while the others are recorded. The list is read by the background job,
run at once here by django-tasks' ImmediateBackend (`test_returned_list_worker` runs it in
the database backend's worker)."""

import io
import unicodedata
from datetime import date

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import BookEvent
from sobhxh.handover.models import ReturnedListUpload
from sobhxh.handover.returned import read_returned
from sobhxh.handover.services import start_review_round
from sobhxh.intake.errors import UnusableFile
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import ROUND_DAY, ids, make_books, make_employer, make_worker

from .helpers import login, page_messages, states, text_of, url

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

ANSWER_DATE = "15/05/2017"
TONES = "\u0300\u0301\u0303\u0309\u0323"


@pytest.fixture
def employer():
    return make_employer("760", name="Công ty TNHH Hưng Thịnh")


@pytest.fixture
def in_review(employer):
    books = [
        make_worker(employer, name)
        for name in ("Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng", "Trương Ngọc Ẩn", "Lê Văn Tám")
    ]
    start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)
    return books


def answers_data(*rows, on: str = ANSWER_DATE) -> dict:
    """Form data as the checklist posts it: every row shown, then its answer and details."""
    data: dict = {"on": on, "row": []}
    for book, choice, *details in rows:
        data["row"].append(str(book.pk))
        data[f"answer-{book.pk}"] = choice
        if details:
            reasons, words = details
            data[f"reasons-{book.pk}"] = reasons
            data[f"words-{book.pk}"] = words
    return data


def dispute_details() -> dict:
    return dict(
        BookEvent.objects.filter(action=Action.DISPUTE).values_list("book__number", "details")
    )


# -- the checklist ----------------------------------------------------------------------------


def test_the_checklist_lists_the_books_in_review_with_right_and_wrong_for_each(client, in_review):
    login(client)

    response = client.get(url("answers", in_review[0].employer.code))

    page, html = text_of(response), response.content.decode()
    assert "Nguyễn Thị Ánh Tuyết" in page and "Đúng" in page and "Sai" in page
    for book in in_review:
        assert f'name="answer-{book.pk}" value="confirm"' in html
        assert f'name="words-{book.pk}"' in html  # shown without a script
    assert "Chưa có" in page


def test_answers_confirm_and_dispute_the_books_with_the_workers_words(client, in_review):
    right, wrong, untouched, also_right = in_review
    user = login(client)

    response = client.post(
        url("answers", right.employer.code),
        answers_data(
            (right, "confirm"),
            (wrong, "dispute", ["wrong_wage", "identity"], "Lương năm 2015 là 5.200.000 đồng"),
            (untouched, ""),
            (also_right, "confirm"),
        ),
        follow=True,
    )

    assert response.status_code == 200
    assert states(in_review) == [State.CONFIRMED, State.DISPUTED, State.IN_REVIEW, State.CONFIRMED]
    assert dispute_details()[wrong.number] == {
        "reasons": ["identity", "wrong_wage"],
        "worker_words": "Lương năm 2015 là 5.200.000 đồng",
    }
    assert "Đã xác nhận 2 sổ." in page_messages(response)
    assert "Đã ghi nhận 1 sổ có sai lệch." in page_messages(response)
    event = BookEvent.objects.get(book=right, action=Action.CONFIRM)
    assert (event.actor, event.happened_on, event.via) == (user, date(2017, 5, 15), "web")
    assert verify() == []


def test_a_wrong_answer_without_reasons_or_words_marks_its_row_and_records_nothing(
    client, in_review
):
    right, no_words, no_reason, _ = in_review
    login(client)

    response = client.post(
        url("answers", right.employer.code),
        answers_data(
            (right, "confirm"),
            (no_words, "dispute", ["other"], "  "),
            (no_reason, "dispute", [], "Thiếu tháng 3/2015"),
        ),
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "2 sổ chọn “Sai” còn thiếu nội dung sai" in page
    assert "Hãy ghi lại ý kiến của người lao động về nội dung sai." in page
    assert "Hãy đánh dấu nội dung sai." in page
    # What was typed is kept for the user to complete.
    assert "Thiếu tháng 3/2015" in page
    assert states(in_review[:3]) == [State.IN_REVIEW] * 3


def test_a_post_without_any_answer_asks_for_one(client, in_review):
    login(client)

    response = client.post(url("answers", in_review[0].employer.code), answers_data())

    assert "Hãy chọn “Đúng” hoặc “Sai” cho ít nhất một sổ." in text_of(response)


def test_answers_posted_for_books_of_another_employer_are_ignored(client, employer, in_review):
    other = make_employer("760")
    foreign = make_books(other, 1)[0]
    start_review_round(employer=other, book_ids=[foreign.pk], on=ROUND_DAY)
    login(client, Role.EMPLOYER, employer=employer)

    response = client.post(
        url("answers", employer.code),
        answers_data((foreign, "confirm"), (in_review[0], "confirm")),
        follow=True,
    )

    assert states([foreign, in_review[0]]) == [State.IN_REVIEW, State.CONFIRMED]
    assert any("không thuộc đơn vị này" in message for message in page_messages(response))


def test_an_answer_the_lifecycle_refuses_is_shown_and_the_others_are_recorded(client, in_review):
    early, fine = in_review[:2]
    login(client)

    response = client.post(
        url("answers", early.employer.code),
        answers_data((early, "confirm"), (fine, "confirm"), on="01/05/2017"),
        follow=True,
    )

    # The date is before the round (02/05/2017): refused for each, with the reason.
    assert states([early, fine]) == [State.IN_REVIEW] * 2
    assert any(early.number in m and "trước" in m for m in page_messages(response))


# -- the returned list -----------------------------------------------------------------------


def csv_file(text: str, *, encoding: str = "utf-8", name: str = "tra-ve.csv"):
    data = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def windows_1258(text: str) -> bytes:
    """As Windows-1258 writes Vietnamese: the letter, then its tone as a combining mark."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            tones = "".join(mark for mark in marks if mark in TONES)
            letter = unicodedata.normalize("NFC", "".join(m for m in marks if m not in TONES))
            out += (letter + tones).encode("cp1258")
    return out


def xlsx_file(rows: list[list], *, name: str = "tra-ve.xlsx"):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer)
    sheet = workbook.add_worksheet("Kết quả")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    workbook.close()
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture(autouse=True)
def _media_and_immediate_tasks(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.TASKS = IMMEDIATE


def upload(client, employer, file, on: str = ANSWER_DATE):
    """Send the list and follow to its page, where the job has already run."""
    data = {"on": on, "file": file}
    return client.post(url("answers_upload", employer.code), data, follow=True)


def problems(response) -> list[tuple[int, str, str]]:
    outcome = response.context["outcome"]
    return [(p.row, p.number, p.reason) for p in outcome.problems]


def test_the_returned_csv_records_its_answers_and_reports_each_bad_row(client, employer, in_review):
    right, wrong, still, other_state = in_review
    not_mine = make_books(make_employer("760"), 1)[0]
    login(client)
    client.post(url("answers", employer.code), answers_data((other_state, "confirm")), follow=True)
    content = "\n".join(
        [
            "DANH SÁCH KẾT QUẢ RÀ SOÁT,,",
            ",,",
            "STT,Mã số BHXH,Họ và tên,Kết quả,Nội dung sai",
            f"1,{right.number},Nguyễn Thị Ánh Tuyết,Đúng,",
            f"2,{wrong.number},Đặng Quốc Hưng,Sai,Thiếu quá trình năm 2012",
            f"3,{other_state.number},Lê Văn Tám,Đúng,",
            f"4,{not_mine.number},Người khác,Đúng,",
            "5,12345,Sai số,Đúng,",
            f"6,{still.number},Trương Ngọc Ẩn,Có thể,",
            ",,Người lập biểu,,",
        ]
    )

    response = upload(client, employer, csv_file(content))

    sent = ReturnedListUpload.objects.get()
    address = url("answers_upload_detail", employer.code, sent.pk)
    assert response.redirect_chain == [(address, 302)]
    assert (sent.status, sent.file_name, sent.on) == ("done", "tra-ve.csv", date(2017, 5, 15))
    outcome = response.context["outcome"]
    assert (outcome.confirmed, outcome.disputed) == (1, 1)
    found = problems(response)
    assert [(row, number) for row, number, _why in found] == [
        (6, other_state.number),
        (7, not_mine.number),
        (8, "12345"),
        (9, still.number),
    ]
    assert "“Đã xác nhận”" in found[0][2]
    assert "Không có sổ nào mang mã số này" in found[1][2]
    assert "10 chữ số" in found[2][2]
    assert "“Có thể” không phải kết quả" in found[3][2]
    page = text_of(response)
    assert "Dòng không được ghi nhận" in page and not_mine.number in page
    assert states([right, wrong, still]) == [State.CONFIRMED, State.DISPUTED, State.IN_REVIEW]
    assert dispute_details()[wrong.number] == {
        "reasons": ["other"],
        "worker_words": "Thiếu quá trình năm 2012",
    }
    assert states([not_mine]) == [State.NOT_REVIEWED]
    assert verify() == []


def test_a_workbook_with_a_reason_column_and_short_answers_is_read(client, employer, in_review):
    a, b, c, d = in_review
    login(client)
    rows = [
        ["BẢNG TỔNG HỢP Ý KIẾN NGƯỜI LAO ĐỘNG"],
        [],
        ["Mã số", "Họ tên", "KẾT QUẢ", "Loại sai", "Ý kiến người lao động"],
        [a.number, "Nguyễn Thị Ánh Tuyết", "Đ"],
        [b.number, "Đặng Quốc Hưng", "S", "Sai tiền lương; nhân thân", "Lương 2016 sai"],
        [int(c.number), "Trương Ngọc Ẩn", 1],
        [d.number, "Lê Văn Tám", ""],
    ]

    response = upload(client, employer, xlsx_file(rows))

    outcome = response.context["outcome"]
    assert (outcome.confirmed, outcome.disputed, outcome.problems) == (2, 1, [])
    assert outcome.unanswered == [(7, d.number)]
    assert states(in_review) == [State.CONFIRMED, State.DISPUTED, State.CONFIRMED, State.IN_REVIEW]
    assert dispute_details()[b.number] == {
        "reasons": ["identity", "wrong_wage"],
        "worker_words": "Lương 2016 sai",
    }


def test_a_dispute_without_the_workers_words_is_reported_with_its_row(client, employer, in_review):
    login(client)
    content = (
        f"Mã số BHXH;Kết quả;Nội dung sai\n{in_review[0].number};Sai;\n"
        f"{in_review[1].number};Đúng;\n"
    )

    response = upload(client, employer, csv_file(content, encoding="cp1258"))

    assert [(row, number) for row, number, _ in problems(response)] == [(2, in_review[0].number)]
    assert "lời người lao động" in problems(response)[0][2]
    assert states(in_review[:2]) == [State.IN_REVIEW, State.CONFIRMED]


def test_a_file_that_cannot_be_read_is_refused_whole_and_nothing_is_written(
    client, employer, in_review
):
    login(client)
    broken = SimpleUploadedFile("tra-ve.xlsx", b"PK\x03\x04 not really a workbook")

    response = upload(client, employer, broken)

    assert response.context["outcome"] is None
    assert "Không mở được tra-ve.xlsx" in text_of(response)
    assert "Không ghi nhận kết quả nào" in text_of(response)
    assert states(in_review) == [State.IN_REVIEW] * 4


def test_a_file_without_the_two_columns_is_refused_with_one_message(client, employer, in_review):
    login(client)
    content = f"Mã số BHXH,Họ và tên\n{in_review[0].number},Nguyễn Thị Ánh Tuyết\n"

    response = upload(client, employer, csv_file(content))

    assert "Không tìm thấy dòng tiêu đề" in text_of(response)
    assert states(in_review[:1]) == [State.IN_REVIEW]


def test_a_file_of_another_kind_is_refused_by_the_form(client, employer):
    login(client)

    response = upload(client, employer, SimpleUploadedFile("tra-ve.pdf", b"%PDF-1.4"))

    assert response.redirect_chain == []
    assert "Chỉ đọc được tệp .xlsx, .xls, .ods và .csv." in text_of(response)
    assert not ReturnedListUpload.objects.exists()


@pytest.mark.parametrize(
    ("cell", "confirmed"),
    [("Đúng", True), ("đúng", True), ("Dung", True), ("Đ", True), ("1", True),
     ("Sai", False), ("SAI", False), ("S", False), ("0", False)],
)  # fmt: skip
def test_the_answer_column_reads_every_usual_spelling(tmp_path, cell, confirmed):
    path = stored(
        tmp_path, f"Mã số BHXH,Kết quả,Nội dung sai\n0123456789,{cell},Sai tên\n".encode()
    )

    returned = read_returned(path, name="x.csv")

    assert [(a.number, a.confirmed) for a in returned.answers] == [("0123456789", confirmed)]


def test_a_utf16_csv_with_tabs_is_read(tmp_path):
    path = stored(tmp_path, "Mã số BHXH\tKết quả\n0123456789\tĐúng\n".encode("utf-16"))

    returned = read_returned(path, name="x.csv")

    assert [a.number for a in returned.answers] == ["0123456789"]


def test_a_repeated_number_is_reported_on_its_second_row(tmp_path):
    path = stored(tmp_path, "Mã số BHXH,Kết quả\n0123456789,Đúng\n0123456789,Sai\n".encode())

    returned = read_returned(path, name="x.csv")

    assert [a.row for a in returned.answers] == [2]
    assert [(p.row, p.number) for p in returned.problems] == [(3, "0123456789")]


def test_a_csv_file_is_one_sheet_named_as_the_user_named_the_file(tmp_path):
    path = stored(tmp_path, "Mã số BHXH,Kết quả\n0123456789,Đúng\n".encode(), name="a1b2.csv")

    assert read_returned(path, name="Danh sách trả về.csv").sheet == "Danh sách trả về.csv"


def test_an_unreadable_csv_raises_one_message_in_both_languages(tmp_path):
    path = stored(tmp_path, b"\x81\x8d\x8f\x90\x9d" * 10)

    with pytest.raises(UnusableFile) as error:
        read_returned(path, name="x.csv")

    assert "x.csv" in error.value.message_vi and "x.csv" in error.value.message_en
    assert error.value.message_vi != error.value.message_en


def stored(folder, data: bytes, *, name: str = "x.csv"):
    path = folder / name
    path.write_bytes(data)
    return path
