"""The access log in the admin: read by central administrators only, never changed there;
searched by book number, day or user name, in Vietnamese."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import DatabaseError, transaction
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.audit.models import Access
from sobhxh.audit.services import record_access
from sobhxh.testing.factories import make_user

pytestmark = pytest.mark.django_db

LIST = reverse("admin:audit_access_changelist")


def staff(role: str, **place):
    """A staff user of `role` granted the view permission of the log."""
    user = make_user(role=role, **place)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.user_permissions.add(Permission.objects.get(codename="view_access"))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def rows():
    lan = make_user("lan", role=Role.DISTRICT, office="760")
    minh = make_user("minh", role=Role.PROVINCE, office="79")
    made = [
        record_access(user=lan, action=Access.Action.BOOK_VIEW, path="/books/0100000001/",
                      numbers=["0100000001"]),
        record_access(user=minh, action=Access.Action.SEARCH, path="/books/?q=an",
                      numbers=["0100000002", "0100000001"], details={"q": "an"}),
        record_access(user=lan, action=Access.Action.DOWNLOAD, path="/work/batches/1/danh-sach.pdf",
                      numbers=["0100000003"],
                      details={"document": "handover_list", "format": "pdf", "batch": "1/BB-BHXH"}),
    ]  # fmt: skip
    Access.objects.filter(pk=made[0].pk).delete()  # rows cannot change: make an older one anew
    Access.objects.create(
        at=datetime(2026, 3, 1, 3, 0, tzinfo=UTC),
        user=lan,
        action=Access.Action.BOOK_VIEW,
        path="/books/0100000001/",
        numbers="0100000001",
    )
    return made


def listed(client, **query) -> list[str]:
    response = client.get(LIST, query)
    assert response.status_code == 200
    return [row.path for row in response.context["cl"].result_list]


def test_a_central_administrator_reads_the_log_in_vietnamese(client, rows):
    client.force_login(staff(Role.CENTRAL))
    response = client.get(LIST)
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhật ký truy cập dữ liệu cá nhân" in page.lower()
    assert "Xem sổ" in page and "Tìm kiếm" in page and "Tải xuống" in page
    assert "danh sách bàn giao sổ BHXH · đợt bàn giao: 1/BB-BHXH · định dạng: pdf" in page
    assert "01/03/2026 10:00:00" in page  # local time, as offices read it


def test_the_log_is_found_in_the_admin_index_by_the_centre_only(client, rows):
    client.force_login(staff(Role.CENTRAL))
    assert "Truy cập dữ liệu cá nhân" in client.get(reverse("admin:index")).content.decode()
    client.force_login(staff(Role.PROVINCE, office="79"))
    assert "Truy cập dữ liệu cá nhân" not in client.get(reverse("admin:index")).content.decode()


@pytest.mark.parametrize(
    "role, place", [(Role.PROVINCE, {"office": "79"}), (Role.DISTRICT, {"office": "760"})]
)
def test_an_office_administrator_cannot_read_it_even_with_the_permission(client, rows, role, place):
    client.force_login(staff(role, **place))
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("admin:audit_access_change", args=[rows[1].pk])).status_code == 403


def test_a_central_user_without_the_permission_cannot_read_it(client, rows):
    user = make_user(role=Role.CENTRAL)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    client.force_login(user)
    assert client.get(LIST).status_code == 403


def test_nobody_adds_changes_or_deletes_a_row_there(client, rows):
    superuser = get_user_model().objects.create_superuser("trunguong", password="x-Secret-123")
    client.force_login(superuser)
    row = rows[1]
    assert client.get(reverse("admin:audit_access_add")).status_code == 403
    assert client.get(reverse("admin:audit_access_delete", args=[row.pk])).status_code == 403
    change = client.get(reverse("admin:audit_access_change", args=[row.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    client.post(reverse("admin:audit_access_change", args=[row.pk]), {"path": "/elsewhere/"})
    client.post(LIST, {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"})
    row.refresh_from_db()
    assert row.path == "/books/?q=an"


def test_the_database_refuses_to_change_a_row(rows):
    with pytest.raises(DatabaseError), transaction.atomic():
        Access.objects.filter(pk=rows[1].pk).update(path="/elsewhere/")
    assert Access.objects.get(pk=rows[1].pk).path == "/books/?q=an"


def test_search_by_book_number_day_and_user(client, rows):
    client.force_login(staff(Role.CENTRAL))
    assert listed(client, q="0100000001") == ["/books/?q=an", "/books/0100000001/"]
    assert listed(client, q="0100000003") == ["/work/batches/1/danh-sach.pdf"]
    assert listed(client, q="01/03/2026") == ["/books/0100000001/"]
    assert listed(client, q="lan") == ["/work/batches/1/danh-sach.pdf", "/books/0100000001/"]
    assert listed(client, q="lan 0100000001") == ["/books/0100000001/"]
    assert listed(client, q="minh 01/03/2026") == []


def test_filter_by_action(client, rows):
    client.force_login(staff(Role.CENTRAL))
    assert listed(client, action__exact="search") == ["/books/?q=an"]


def test_the_list_counts_no_further_than_its_cap(client, rows, monkeypatch):
    monkeypatch.setattr("sobhxh.audit.admin.COUNT_AT_MOST", 2)
    client.force_login(staff(Role.CENTRAL))
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2  # of 3
