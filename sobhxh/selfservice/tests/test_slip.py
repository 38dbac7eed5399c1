"""The worker prints their own contribution-history slip (Mẫu 03): the handover's
statement PDF, one worker, DejaVu Sans embedded."""

import pytest
from django.urls import reverse

from .helpers import logged_in, worker_in_review

pytestmark = pytest.mark.django_db


def test_the_worker_downloads_their_slip_as_pdf(client):
    book = worker_in_review()
    logged_in(client, book)

    response = client.get(reverse("selfservice:slip"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"phieu-doi-chieu-{book.number}.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    content = response.content
    assert content.startswith(b"%PDF") and b"DejaVu" in content
