"""Server time of the pages offices use most, on the current database (DATABASE_URL).

    DATABASE_URL=sqlite:///bench/out/core-1000000.sqlite3 python bench/web_pages.py [RUNS]

Each page is requested RUNS times (default 50) through Django's test client in this process
(no network, no browser: the time the server spends), after two warm-up requests, by a user
of the matching role. Prints the median and the 95th percentile in milliseconds.
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
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from sobhxh.accounts.models import Role  # noqa: E402
from sobhxh.accounts.services import create_user  # noqa: E402
from sobhxh.books.models import Book  # noqa: E402
from sobhxh.units.models import Employer  # noqa: E402


def user(name: str, **place):
    found = get_user_model().objects.filter(username=name).first()
    return found or create_user(username=name, password="bench-pages-112", **place)


def timed(client: Client, url: str, runs: int) -> tuple[float, float, int]:
    for _ in range(2):
        status = client.get(url).status_code
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        status = client.get(url).status_code
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], status


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    settings.ALLOWED_HOSTS = ["testserver"]
    books = Book.objects.count()
    biggest = (
        Employer.objects.filter(office__province__code="79")
        .annotate(size=Count("books"))
        .order_by("-size")
        .first()
    )
    book = Book.objects.filter(employer=biggest).order_by("pk").first()
    surname = book.search_name.split()[0]
    central = user("bench-central", role=Role.CENTRAL)
    province = user("bench-tinh", role=Role.PROVINCE, office_code="79")
    employer = user("bench-donvi", role=Role.EMPLOYER, employer_code=biggest.code)
    pages = [
        ("national dashboard", central, reverse("progress:office", args=["VN"])),
        (
            "national dashboard as of 31/12/2017",
            central,
            reverse("progress:office", args=["VN"]) + "?as_of=31/12/2017",
        ),
        ("province 79 dashboard", province, reverse("progress:office", args=["79"])),
        (
            f"employer dashboard ({biggest.size} books)",
            employer,
            reverse("progress:employer", args=[biggest.code]),
        ),
        ("book page", province, reverse("books:detail", args=[book.number])),
        (f"search '{surname}' (province)", province, reverse("books:search") + f"?q={surname}"),
        ("search by number (central)", central, reverse("books:search") + f"?q={book.number}"),
    ]
    print(f"{books:,} books; {runs} requests a page; server time in ms (median / p95)")
    for label, who, url in pages:
        client = Client()
        client.force_login(who)
        median, p95, status = timed(client, url, runs)
        print(f"  {label:<44} {median:7.1f} {p95:7.1f}   HTTP {status}")


if __name__ == "__main__":
    main()
