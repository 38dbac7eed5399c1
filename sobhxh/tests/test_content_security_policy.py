"""Every page carries the Content Security Policy, and nothing in a page needs it relaxed.

The browser tests listen for violations in Chromium; these tests check the header and the
markup of every page a central user can reach by following links, the admin included.
"""

from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse

from sobhxh.accounts.models import Role
from sobhxh.handover.services import create_handover_batch, start_review_round
from sobhxh.intake.models import Upload
from sobhxh.testing.csp import check
from sobhxh.testing.factories import (
    HANDOVER_DAY,
    PASSWORD,
    ROUND_DAY,
    confirmed,
    make_employer,
    make_user,
    make_worker,
)

pytestmark = pytest.mark.django_db

# Downloads, and what changes something or leaves the page, are not crawled.
SKIPPED = (".pdf", ".xlsx", "/xlsx/", "/report/", "/status/", "/logout/", "/i18n/")


def crawl(client, *start: str, limit: int = 300) -> set[str]:
    """GET every same-site page reachable from `start`, one of each URL pattern."""
    seen, queue = set(), list(start)
    while queue and len(seen) < limit:
        url = urldefrag(queue.pop(0)).url
        path = urlsplit(url).path
        if urlsplit(url).netloc or any(s in url for s in SKIPPED):
            continue
        route = resolve(path).route
        if route in seen:
            continue
        seen.add(route)
        response = client.get(url)
        assert response.status_code in {200, 302}, url
        if response.status_code == 302:
            queue.append(response.url)
            continue
        queue += [urljoin(url, link) for link in check(response, url)]
    return seen


@pytest.fixture
def site():
    employer = make_employer("760", code="E-1", name="Công ty May Sài Gòn")
    workers = [make_worker(employer, f"Nguyễn Thị {n}", periods=2) for n in "ABCDEF"]
    start_review_round(employer=employer, book_ids=[workers[0].pk], on=ROUND_DAY)
    create_handover_batch(employer=employer, book_ids=confirmed(workers[1:4]), on=HANDOVER_DAY)
    user = make_user("tw", role=Role.CENTRAL, is_superuser=True)
    Upload.objects.create(user=user, file_names=["a.csv"], files=[], status="running")
    return user


def test_every_page_of_the_site_carries_the_policy_and_nothing_inline(client, site):
    client.force_login(site)
    seen = crawl(client, "/", "/dashboard/760/", "/books/?q=Nguyen")
    assert {
        "dashboard/<str:code>/",
        "dashboard/employer/<str:code>/",
        "books/<str:number>/",
        "work/<str:code>/",
        "work/rounds/<int:pk>/",
        "work/batches/<int:pk>/",
        "work/<str:code>/scan/",
        "uploads/<int:pk>/",
        "committees/",
        "committees/<str:code>/",
        "committees/<str:code>/meetings/new/",
    } <= seen


def test_every_admin_page_carries_the_policy_and_nothing_inline(client, site):
    client.force_login(site)
    seen = crawl(client, "/admin/")
    assert "admin/books/book/" in seen and "admin/units/employer/add/" in seen


def test_pages_without_a_login_and_error_pages_carry_the_policy(client):
    make_user("hcm", role=Role.PROVINCE, office="79")
    check(client.get(reverse("login")), "login")
    check(client.get("/no-such-page/"), "404")
    for _ in range(5):
        locked = client.post(reverse("login"), {"username": "hcm", "password": "wrong-one"})
    assert locked.status_code == 429
    check(locked, "lock-out")
    guarded = Client(enforce_csrf_checks=True)
    refused = guarded.post(reverse("login"), {"username": "hcm", "password": PASSWORD})
    assert refused.status_code == 403
    check(refused, "csrf")
