"""Handover batches from the browser: choosing confirmed books, the batch's page and its
four documents, and receipts recorded in bulk (the worker by default, or an authorised
person by name); a missing font is a clear page, never a traceback."""

from datetime import date

import pytest
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import BookEvent
from sobhxh.handover.documents import fonts
from sobhxh.handover.models import HandoverBatch
from sobhxh.handover.services import Receipt, create_handover_batch, record_receipts
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import (
    HANDOVER_DAY,
    confirmed,
    ids,
    make_books,
    make_employer,
    make_worker,
)

from .documents import pdf_pages, sheet_rows
from .helpers import login, page_messages, queries, states, text_of, url

pytestmark = pytest.mark.django_db

SESSION_DATE = "05/06/2017"
NAMES = ("Nguyễn Thị Ánh Tuyết", "Đặng Quốc Hưng", "Trương Ngọc Ẩn")


@pytest.fixture
def employer():
    return make_employer("760", name="Công ty TNHH Hưng Thịnh")


@pytest.fixture
def ready(employer):
    """Three confirmed books with Vietnamese names."""
    books = [make_worker(employer, name) for name in NAMES]
    confirmed(books)
    return books


@pytest.fixture
def batch(employer, ready):
    made, _ = create_handover_batch(employer=employer, book_ids=ids(ready), on=HANDOVER_DAY)
    return made


def receipts_data(rows: dict, on: str = SESSION_DATE) -> dict:
    """{book: None (received by the worker) | "" (not received) | "name" (authorised)}."""
    data: dict = {"on": on, "row": [], "received": []}
    for book, who in rows.items():
        data["row"].append(str(book.pk))
        if who == "":
            continue
        data["received"].append(str(book.pk))
        if who is not None:
            data[f"authorised-{book.pk}"] = "1"
            data[f"name-{book.pk}"] = who
    return data


def lines(batch) -> list[tuple]:
    return list(
        batch.lines.order_by("order").values_list("received_on", "receiver", "receiver_name")
    )


# -- making a batch -----------------------------------------------------------------------------


def test_the_checklist_shows_only_confirmed_books(client, employer, ready):
    other = make_books(employer, 1)[0]
    login(client)

    page = text_of(client.get(url("batch_new", employer.code)))

    assert all(name in page for name in NAMES)
    assert other.number not in page


def test_making_a_batch_lists_the_ticked_confirmed_books_and_opens_its_page(
    client, employer, ready
):
    user = login(client)

    response = client.post(
        url("batch_new", employer.code),
        {"on": SESSION_DATE, "book": [ready[2].pk, ready[0].pk]},
    )

    batch = HandoverBatch.objects.get()
    assert response.status_code == 302 and response.url == url("batch", batch.pk)
    assert (batch.handed_on, batch.created_by, batch.number) == (HANDOVER_DAY, user, "1/BB-BHXH")
    assert list(batch.lines.order_by("order").values_list("book_id", flat=True)) == [
        ready[2].pk,
        ready[0].pk,
    ]
    assert states(ready) == [State.CONFIRMED] * 3
    shown = page_messages(client.get(response.url))
    assert "Đã lập danh sách bàn giao 1/BB-BHXH gồm 2 sổ." in shown


def test_a_book_already_waiting_in_a_batch_is_marked_on_the_checklist(client, employer, batch):
    login(client)

    page = text_of(client.get(url("batch_new", employer.code)))

    assert batch.number in page


def test_a_batch_of_books_none_of_which_is_confirmed_is_refused_on_the_form(client, employer):
    fresh = make_books(employer, 1)[0]
    login(client)

    response = client.post(url("batch_new", employer.code), {"on": SESSION_DATE, "book": fresh.pk})

    assert response.status_code == 200
    page = text_of(response)
    assert "Không sổ nào trong các sổ đã chọn đã được xác nhận để bàn giao." in page
    assert fresh.number in page
    assert HandoverBatch.objects.count() == 0


def test_books_of_another_employer_are_left_out_of_a_batch(client, employer, ready):
    other = make_employer("760")
    foreign = make_books(other, 1)[0]
    confirmed([foreign])
    login(client, Role.EMPLOYER, employer=employer)

    response = client.post(
        url("batch_new", employer.code),
        {"on": SESSION_DATE, "book": [foreign.pk, ready[0].pk]},
        follow=True,
    )

    batch = HandoverBatch.objects.get()
    assert list(batch.lines.values_list("book_id", flat=True)) == [ready[0].pk]
    assert any("không thuộc đơn vị này" in message for message in page_messages(response))


# -- the batch's page and documents ---------------------------------------------------------


def test_the_batch_page_shows_number_date_books_and_the_four_downloads(client, batch):
    login(client)

    response = client.get(url("batch", batch.pk))

    page, html = text_of(response), response.content.decode()
    assert "Danh sách bàn giao 1/BB-BHXH" in page and "05/06/2017" in page
    assert all(name in page for name in NAMES)
    for name in ("batch_list_pdf", "batch_list_xlsx", "batch_minutes_pdf", "batch_minutes_xlsx"):
        assert url(name, batch.pk) in html


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("batch_list_pdf", "danh-sach-ban-giao-1-BB-BHXH-2017.pdf"),
        ("batch_minutes_pdf", "bien-ban-ban-giao-1-BB-BHXH-2017.pdf"),
    ],
)
def test_the_pdfs_download_with_the_heading_and_the_names(client, batch, name, filename):
    login(client)

    response = client.get(url(name, batch.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    text = " ".join(pdf_pages(response.content))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    if name == "batch_minutes_pdf":
        assert "BIÊN BẢN BÀN GIAO" in text
        assert "Công ty TNHH Hưng Thịnh" in text
    else:
        assert "DANH SÁCH BÀN GIAO" in text
        assert all(person in text for person in NAMES)


def test_the_minutes_pdf_names_the_workers_in_its_attached_list(client, batch):
    login(client)

    minutes = " ".join(pdf_pages(client.get(url("batch_minutes_pdf", batch.pk)).content))
    listed = " ".join(pdf_pages(client.get(url("batch_list_pdf", batch.pk)).content))

    assert "BIÊN BẢN BÀN GIAO" in minutes and "Nguyễn Thị Ánh Tuyết" in listed
    assert "Đặng Quốc Hưng" in listed


@pytest.mark.parametrize(
    ("name", "filename"),
    [
        ("batch_list_xlsx", "danh-sach-ban-giao-1-BB-BHXH-2017.xlsx"),
        ("batch_minutes_xlsx", "bien-ban-ban-giao-1-BB-BHXH-2017.xlsx"),
    ],
)
def test_the_workbooks_download_and_read_back(client, batch, ready, name, filename):
    login(client)

    response = client.get(url(name, batch.pk))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    cells = [str(cell) for row in sheet_rows(response.content) for cell in row]
    if name == "batch_list_xlsx":
        assert all(person in cells for person in NAMES)
        assert ready[0].number in cells  # leading zeros kept: the number is text
    else:
        assert any("BIÊN BẢN BÀN GIAO" in cell for cell in cells)


def test_a_missing_font_gives_a_clear_page_with_status_503(client, batch, monkeypatch):
    monkeypatch.setitem(fonts.FONT_FILES, "", fonts.Path("/nowhere/DejaVuSans.ttf"))
    login(client)

    response = client.get(url("batch_minutes_pdf", batch.pk))

    assert response.status_code == 503
    page = text_of(response)
    assert "Không in được tài liệu" in page
    assert "fonts-dejavu-core" in page and "/nowhere/DejaVuSans.ttf" in page


# -- receipts ---------------------------------------------------------------------------------


def test_every_open_line_is_ticked_as_received_by_the_worker_by_default(client, batch, ready):
    login(client)

    html = client.get(url("batch", batch.pk)).content.decode()

    for book in ready:
        assert f'name="received" value="{book.pk}" id="got-{book.pk}" data-pick checked' in html
        assert f'name="name-{book.pk}"' in html
    assert 'value="05/06/2017"' in html


def test_receipts_hand_the_books_over_by_the_worker_or_a_named_authorised_person(
    client, batch, ready
):
    first, second, third = ready
    user = login(client)

    response = client.post(
        url("batch", batch.pk),
        receipts_data({first: None, second: "Trần Văn Bình", third: ""}),
        follow=True,
    )

    assert states(ready) == [State.HANDED_OVER, State.HANDED_OVER, State.CONFIRMED]
    assert lines(batch) == [
        (HANDOVER_DAY, "worker", ""),
        (HANDOVER_DAY, "authorised", "Trần Văn Bình"),
        (None, "", ""),
    ]
    event = BookEvent.objects.get(book=second, action=Action.HAND_OVER)
    assert event.details == {"receiver": "authorised", "receiver_name": "Trần Văn Bình"}
    assert event.actor == user
    assert "Đã bàn giao 2 sổ." in page_messages(response)
    page = text_of(response)
    assert "Trần Văn Bình" in page and "(05/06/2017)" in page
    assert verify() == []


def test_an_authorised_person_without_a_name_marks_the_row_and_records_nothing(
    client, batch, ready
):
    login(client)

    response = client.post(url("batch", batch.pk), receipts_data({ready[0]: None, ready[1]: "  "}))

    assert response.status_code == 200
    page = text_of(response)
    assert "1 sổ do người được ủy quyền nhận còn thiếu họ tên người nhận." in page
    assert "Hãy ghi họ tên người được ủy quyền." in page
    assert states(ready) == [State.CONFIRMED] * 3


def test_all_open_lines_can_be_recorded_at_once_for_their_workers(client, batch, ready):
    login(client)
    record_receipts(batch=batch, receipts=[Receipt(book_id=ready[0].pk)], on=HANDOVER_DAY)

    client.post(url("batch", batch.pk), {"on": SESSION_DATE, "all_remaining": "1"})

    assert states(ready) == [State.HANDED_OVER] * 3
    assert [receiver for _on, receiver, _name in lines(batch)] == ["worker"] * 3
    assert verify() == []


def test_lines_already_received_show_their_date_and_receiver_and_no_box(client, batch, ready):
    record_receipts(
        batch=batch,
        receipts=[Receipt(book_id=ready[0].pk, receiver="authorised", receiver_name="Lê Thị Bé")],
        on=date(2017, 6, 4),
    )
    login(client)

    response = client.get(url("batch", batch.pk))

    html, page = response.content.decode(), text_of(response)
    assert f'name="received" value="{ready[0].pk}"' not in html
    assert "Người được ủy quyền: Lê Thị Bé (04/06/2017)" in page


def test_a_receipt_the_lifecycle_refuses_is_shown_and_the_others_are_recorded(client, batch, ready):
    login(client)
    # The books were confirmed on 15/05/2017: a receipt dated earlier is out of order.
    response = client.post(
        url("batch", batch.pk), receipts_data({ready[0]: None}, on="01/05/2017"), follow=True
    )

    assert states(ready[:1]) == [State.CONFIRMED]
    assert any(ready[0].number in message for message in page_messages(response))


def test_receipts_posted_for_books_outside_the_batch_change_nothing(client, employer, batch):
    other = make_employer("760")
    foreign = make_books(other, 1)[0]
    confirmed([foreign])
    login(client, Role.EMPLOYER, employer=employer)

    client.post(url("batch", batch.pk), receipts_data({foreign: None}))

    assert states([foreign]) == [State.CONFIRMED]


def test_the_batch_page_runs_as_many_queries_for_50_lines_as_for_5(client):
    counts = []
    login(client)
    for size in (5, 50):
        employer = make_employer("760")
        books = make_books(employer, size)
        made, _ = create_handover_batch(
            employer=employer, book_ids=confirmed(books), on=HANDOVER_DAY
        )
        record_receipts(batch=made, receipts=[Receipt(book_id=books[0].pk)], on=HANDOVER_DAY)
        counts.append(queries(client, url("batch", made.pk)))

    assert counts[0] == counts[1]


def test_the_batch_urls_are_named_as_the_lead_asked(batch):
    assert reverse("handover:batch_list_pdf", args=[batch.pk]).endswith("/danh-sach.pdf")
    assert reverse("handover:batch_minutes_xlsx", args=[batch.pk]).endswith("/bien-ban.xlsx")
