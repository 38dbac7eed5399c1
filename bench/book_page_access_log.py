"""Server time of a book's page with and without its row in the access log, on the current
database (DATABASE_URL, or SQLITE_PATH).

    SQLITE_PATH=bench/out/audit-200000.sqlite3 python bench/book_page_access_log.py [RUNS] [ROUNDS]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/audit_bench python bench/book_page_access_log.py

A provincial user requests the page of a book of its province through Django's test client
in this process (no network, no browser: the time the server spends). ROUNDS rounds
(default 20) each request the page RUNS times (default 50) with the log and RUNS times
without it (the view's `record_book_view` replaced by nothing), which of the two goes first
alternating round to round, so that a machine that slows down or warms up weighs on both
alike. Different books are requested in turn (a page of its own each time, as in use).
Prints the median and 95th percentile of each, in milliseconds, and the difference of the
medians; then the time of writing one row alone (`record_access`, as the page calls it,
ROUNDS x RUNS times). The rows the run wrote are deleted at its end.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from sobhxh.accounts.models import Role  # noqa: E402
from sobhxh.accounts.services import create_user  # noqa: E402
from sobhxh.audit.models import Access  # noqa: E402
from sobhxh.audit.services import record_access  # noqa: E402
from sobhxh.books import views  # noqa: E402
from sobhxh.books.models import Book  # noqa: E402

USER = "bench-access-log"
LOGGED = views.record_book_view


def unlogged(request, number):
    return None


def timed(client: Client, urls: list[str], start: int, runs: int) -> list[float]:
    samples = []
    for index in range(start, start + runs):
        url = urls[index % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    settings.ALLOWED_HOSTS = ["testserver"]
    user = get_user_model().objects.filter(username=USER).first() or create_user(
        username=USER, password="bench-access-log-112", role=Role.PROVINCE, office_code="79"
    )
    numbers = list(
        Book.objects.filter(office__province__code="79")
        .order_by("number")
        .values_list("number", flat=True)[: runs * 4]
    )
    urls = [reverse("books:detail", args=[number]) for number in numbers]
    client = Client()
    client.force_login(user)
    timed(client, urls, 0, 20)  # warm up: templates, translations, the database's cache
    samples: dict[str, list[float]] = {"with the log": [], "without": []}
    for round_ in range(rounds):
        order = ("with the log", "without") if round_ % 2 == 0 else ("without", "with the log")
        for mode in order:
            views.record_book_view = LOGGED if mode == "with the log" else unlogged
            samples[mode] += timed(client, urls, round_ * runs, runs)
    views.record_book_view = LOGGED
    alone = []
    for index in range(rounds * runs):
        started = time.perf_counter()
        record_access(
            user=user,
            action=Access.Action.BOOK_VIEW,
            path=urls[index % len(urls)],
            numbers=[numbers[index % len(numbers)]],
        )
        alone.append((time.perf_counter() - started) * 1000)
    written = Access.objects.filter(user=user).count()
    Access.objects.filter(user=user).delete()

    books = Book.objects.count()
    print(
        f"{connection.vendor}, {books:,} books; book page of a province user, "
        f"{rounds} rounds x {runs} requests each way; server time in ms"
    )
    medians = {}
    for mode, found in samples.items():
        median, p95 = summary(found)
        medians[mode] = median
        print(f"  {mode:<14} median {median:6.2f}   p95 {p95:6.2f}   ({len(found)} requests)")
    difference = medians["with the log"] - medians["without"]
    print(f"  difference of the medians: {difference:+.2f} ms")
    median, p95 = summary(alone)
    print(f"  one row alone  median {median:6.3f}   p95 {p95:6.3f}   ({len(alone)} rows)")
    print(f"  {written} rows written, then deleted")


if __name__ == "__main__":
    main()
