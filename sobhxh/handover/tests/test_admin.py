import pytest
from django.contrib.auth import get_user_model

from sobhxh.handover.services import create_handover_batch
from sobhxh.testing.factories import HANDOVER_DAY, confirmed, make_books, make_employer

from .helpers import make_returned_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("root", password="x-Secret-123")
    client.force_login(user)
    return client


def test_batches_are_listed_with_their_counts_and_cannot_be_added_changed_or_deleted(
    admin_client,
):
    employer = make_employer("760")
    batch, _ = create_handover_batch(
        employer=employer, book_ids=confirmed(make_books(employer, 2)), on=HANDOVER_DAY
    )

    listing = admin_client.get("/admin/handover/handoverbatch/")
    assert listing.status_code == 200
    assert "1/BB-BHXH" in listing.content.decode()
    assert admin_client.get("/admin/handover/handoverbatch/add/").status_code == 403
    page = admin_client.get(f"/admin/handover/handoverbatch/{batch.pk}/change/")
    assert page.status_code == 200 and employer.code in page.content.decode()
    change = admin_client.post(f"/admin/handover/handoverbatch/{batch.pk}/change/", {})
    assert change.status_code == 403
    delete = admin_client.post(f"/admin/handover/handoverbatch/{batch.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert admin_client.get("/admin/handover/reviewround/").status_code == 200


def test_returned_lists_are_listed_and_cannot_be_added_changed_or_deleted(admin_client):
    employer = make_employer("760")
    sent = make_returned_list(employer, get_user_model().objects.get(username="root"))
    address = "/admin/handover/returnedlistupload/"

    listing = admin_client.get(address)
    assert listing.status_code == 200 and "tra-ve.xlsx" in listing.content.decode()
    page = admin_client.get(f"{address}{sent.pk}/change/")
    assert page.status_code == 200 and employer.code in page.content.decode()
    assert admin_client.get(f"{address}add/").status_code == 403
    assert admin_client.post(f"{address}{sent.pk}/change/", {}).status_code == 403
    delete = admin_client.post(f"{address}{sent.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
