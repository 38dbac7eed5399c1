"""A book that moved to an employer outside the user's scope after its round or batch
disappears from that round's and batch's pages and documents (DESIGN.md invariant 3)."""

import io
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from sobhxh.books.services import BookEdit, edit_books
from sobhxh.handover.services import create_handover_batch, start_review_round
from sobhxh.testing.factories import ROUND_DAY, confirmed, make_worker

pytestmark = pytest.mark.django_db


def _moved_away(book, *, to, on: date) -> None:
    edit_books([BookEdit(book.pk, {"employer": to.pk})], on=on)


def test_a_round_page_no_longer_shows_a_book_that_moved_out_of_scope(client, world):
    here, elsewhere = world.employers.q1, world.employers.ba_dinh  # Hà Nội, another province
    stays, leaves = make_worker(here, "Phạm Văn Ở Lại"), make_worker(here, "Trần Thị Bí Mật")
    round_, _ = start_review_round(
        employer=here, book_ids=[stays.pk, leaves.pk], on=ROUND_DAY, actor=None
    )
    _moved_away(leaves, to=elsewhere, on=date(2017, 5, 3))
    client.force_login(world.users.district)

    assert client.get(reverse("books:detail", args=[leaves.number])).status_code == 404
    html = client.get(reverse("handover:round", args=[round_.pk])).content.decode()
    assert "Phạm Văn Ở Lại" in html
    assert "Trần Thị Bí Mật" not in html and leaves.number not in html


def test_a_batch_page_and_its_documents_no_longer_show_a_book_that_moved(client, world):
    here, elsewhere = world.employers.q1, world.employers.ba_dinh
    stays, leaves = make_worker(here, "Phạm Văn Ở Lại"), make_worker(here, "Lê Văn Rời Đi")
    confirmed([stays, leaves])
    batch, _ = create_handover_batch(
        employer=here, book_ids=[stays.pk, leaves.pk], on=date(2017, 6, 5), actor=None
    )
    _moved_away(leaves, to=elsewhere, on=date(2017, 6, 6))
    client.force_login(world.users.district)

    html = client.get(reverse("handover:batch", args=[batch.pk])).content.decode()
    assert "Phạm Văn Ở Lại" in html and "Lê Văn Rời Đi" not in html
    response = client.get(reverse("handover:batch_list_pdf", args=[batch.pk]))
    text = "".join(page.extract_text() for page in PdfReader(_bytes(response)).pages)
    assert "Phạm Văn Ở Lại" in text and "Lê Văn Rời Đi" not in text


def _bytes(response):
    return io.BytesIO(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
