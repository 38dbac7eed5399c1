"""Every lookup and every worker's page, slip and answer is a row of the one access log:
no user, a coarse origin, the book only when it was found; read by the centre only."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.audit import selectors as audit
from sobhxh.audit.models import Access
from sobhxh.selfservice.services import coarse_origin
from sobhxh.testing.factories import make_user

from .helpers import BOOK, IDENTITY, look_up, worker_in_review

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("address", "network"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:1234:5678::1", "2001:db8:1234::/48"),
        ("::ffff:198.51.100.9", "198.51.100.0/24"),
        ("", ""),
        ("not an address", ""),
        (None, ""),
    ],
)
def test_the_origin_is_the_network_not_the_address(address, network):
    assert coarse_origin(address) == network


def test_a_found_lookup_and_the_visit_are_logged(client):
    book = worker_in_review()
    look_up(client, book.number, identity=IDENTITY, REMOTE_ADDR="203.0.113.77")
    client.get(BOOK, REMOTE_ADDR="203.0.113.77")
    client.post(reverse("selfservice:confirm"), {"checked": "on"}, REMOTE_ADDR="203.0.113.77")
    client.get(reverse("selfservice:slip"), REMOTE_ADDR="203.0.113.77")

    rows = list(Access.objects.order_by("id"))

    assert [(r.action, r.numbers, r.user_id) for r in rows] == [
        (Access.Action.LOOKUP, book.number, None),
        (Access.Action.BOOK_VIEW, book.number, None),
        (Access.Action.WORKER_ACT, book.number, None),
        (Access.Action.DOWNLOAD, book.number, None),
    ]
    assert rows[0].details == {"by": "worker", "result": "found", "with": "identity",
                               "origin": "203.0.113.0/24"}  # fmt: skip
    assert rows[2].details["action"] == "confirm"
    assert rows[3].details["document"] == "statements"
    for row in rows:
        assert "203.0.113.77" not in str(row.details) and book.number not in row.path
    assert audit.describe(rows[0]) == (
        "người thực hiện: người lao động (trực tuyến) · kết quả: tìm thấy · "
        "thông tin xác minh: số định danh · mạng truy cập: 203.0.113.0/24"
    )


def test_a_failed_lookup_keeps_neither_the_number_nor_the_proof(client):
    book = worker_in_review()
    look_up(client, "9999999999", birth="01/01/1990")
    look_up(client, book.number, identity="001185099999")

    unknown, wrong = Access.objects.order_by("id")

    for row in (unknown, wrong):
        assert row.action == Access.Action.LOOKUP and row.numbers == ""
        assert row.details["result"] == "no_match"
        text = str(row.details)
        assert "9999999999" not in text and book.number not in text
        assert "1990" not in text and "099999" not in text
    # The digest of the number asked: the same number gives the same digest, nothing more.
    assert len(unknown.details["asked"]) == 16
    assert unknown.details["asked"] != wrong.details["asked"]
    assert set(unknown.details) == set(wrong.details)


def test_only_the_centre_reads_the_workers_rows(client):
    book = worker_in_review()
    look_up(client, book.number, identity=IDENTITY)
    changelist = reverse("admin:audit_access_changelist")

    def staff(role, **place):
        user = make_user(role=role, **place)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.user_permissions.add(Permission.objects.get(codename="view_access"))
        return user

    client.force_login(staff(Role.CENTRAL))
    page = client.get(changelist, {"q": book.number})
    assert page.status_code == 200
    assert "Người lao động tra cứu sổ" in page.content.decode()

    client.force_login(staff(Role.DISTRICT, office="001"))
    assert client.get(changelist).status_code == 403
