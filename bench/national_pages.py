"""Server time of every staff page and report, the portal's campaign page and the worker's
lookup, on the current database (DATABASE_URL), as `bench/national.sh` measures them.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sobhxh_national \
        python bench/national_pages.py [--runs 40] [--lookups 200]

Each page is requested RUNS times through Django's test client in this process (no
network, no browser: the time the server spends), after two warm-up requests, by a user of
the matching role (the demo's users, and a bench user for the biggest employer). Prints the
median, p95 and p99 in milliseconds and the HTTP status; the goal of issue #16 is a median
and p95 under 100 ms, and a lookup p99 under 30 ms.

As the production server does (deploy/gunicorn.conf.py), what the application loaded is
frozen out of the garbage collector's reach before the first request; `--no-freeze`
leaves it there, to see what that costs.
"""

import argparse
import gc
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

import altcha  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db.models import Sum  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from sobhxh.accounts.models import Role  # noqa: E402
from sobhxh.accounts.services import create_user  # noqa: E402
from sobhxh.books.lifecycle import State  # noqa: E402
from sobhxh.books.models import Book, Precision  # noqa: E402
from sobhxh.duplicates.models import DuplicatePair  # noqa: E402
from sobhxh.problems.models import Problem  # noqa: E402
from sobhxh.progress.models import EmployerCount  # noqa: E402
from sobhxh.reports.models import Report  # noqa: E402
from sobhxh.units.models import Employer  # noqa: E402

PAST = "31/12/2017"


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    return statistics.median(ordered), at(0.95), at(0.99)


def timed(client: Client, url: str, runs: int) -> tuple[list[float], int]:
    for _ in range(2):
        status = client.get(url).status_code
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        status = client.get(url).status_code
        samples.append((time.perf_counter() - started) * 1000)
    return samples, status


def show(label: str, samples: list[float], status: int | str = "") -> None:
    p50, p95, p99 = percentiles(samples)
    print(f"  {label:<58} {p50:7.1f} {p95:7.1f} {p99:7.1f}   {status}", flush=True)


def bench_user(name: str, **place):
    found = get_user_model().objects.filter(username=name).first()
    return found or create_user(username=name, password="Quy-trinh-4027-ban-giao", **place)


def staff_pages(runs: int) -> None:
    users = get_user_model().objects.in_bulk(
        ["demo", "demo-tinh", "demo-huyen", "demo-donvi"], field_name="username"
    )
    central, province, district = users["demo"], users["demo-tinh"], users["demo-huyen"]
    province_code = province.profile.office.code
    biggest_id = (
        EmployerCount.objects.filter(
            employer__office__province__code=province_code, state__in=State.values
        )
        .values("employer")
        .annotate(size=Sum("total"))
        .order_by("-size")
        .values_list("employer", "size")
        .first()
    )
    biggest = Employer.objects.get(pk=biggest_id[0])
    employer = bench_user("bench-national-donvi", role=Role.EMPLOYER, employer_code=biggest.code)
    district_code = district.profile.office.code
    book = Book.objects.filter(employer=biggest).order_by("pk").first()
    surname = book.search_name.split()[0]
    full_name = book.search_name
    problem = Problem.objects.filter(office__code=province_code).order_by("-pk").first()
    report = Report.objects.filter(office__code=province_code).order_by("-pk").first()
    dashboard = reverse("progress:office", args=["VN"])
    pages = [
        ("national dashboard", central, dashboard),
        (f"national dashboard as of {PAST}", central, f"{dashboard}?as_of={PAST}"),
        (f"province {province_code} dashboard", province,
         reverse("progress:office", args=[province_code])),
        (f"province {province_code} dashboard as of {PAST}", province,
         reverse("progress:office", args=[province_code]) + f"?as_of={PAST}"),
        (f"district {district_code} dashboard", district,
         reverse("progress:office", args=[district_code])),
        (f"district {district_code} dashboard as of {PAST}", district,
         reverse("progress:office", args=[district_code]) + f"?as_of={PAST}"),
        (f"district {district_code} dashboard, employers by % handed over", district,
         reverse("progress:office", args=[district_code]) + "?sort=percent"),
        (f"district {district_code} employers by % handed over as of {PAST}", district,
         reverse("progress:office", args=[district_code]) + f"?sort=percent&as_of={PAST}"),
        (f"employer dashboard ({biggest_id[1]:,} books)", employer,
         reverse("progress:employer", args=[biggest.code])),
        (f"employer dashboard as of {PAST}", employer,
         reverse("progress:employer", args=[biggest.code]) + f"?as_of={PAST}"),
        ("book page", province, reverse("books:detail", args=[book.number])),
        ("search by number (central)", central, reverse("books:search") + f"?q={book.number}"),
        (f"search '{surname}' (province)", province, reverse("books:search") + f"?q={surname}"),
        (f"search '{surname}' (whole country)", central, reverse("books:search") + f"?q={surname}"),
        ("search by full name (whole country)", central,
         reverse("books:search") + f"?q={full_name}"),
        ("problems list (central)", central, reverse("problems:index")),
        ("problems list (province)", province, reverse("problems:index")),
        ("problems inbox (province)", province, reverse("problems:inbox")),
        ("problems figures (central)", central, reverse("problems:figures")),
        ("reports list (central)", central, reverse("reports:index")),
        ("reports national summary", central, reverse("reports:national")),
        ("reports national summary, December 2017", central,
         reverse("reports:national") + "?month=2017-12"),
        ("reports board (province)", province, reverse("reports:board", args=[province_code])),
    ]  # fmt: skip
    pages += [
        ("duplicate pairs (central)", central, reverse("duplicates:index")),
        ("duplicate pairs (province)", province, reverse("duplicates:index")),
        ("duplicate pairs (district)", district, reverse("duplicates:index")),
    ]
    pair = DuplicatePair.objects.order_by("-score", "id").values_list("pk", flat=True).first()
    if pair:
        pages.append(("duplicate pair page", central, reverse("duplicates:pair", args=[pair])))
    if problem:
        pages.append(("problem page", province, reverse("problems:detail", args=[problem.pk])))
    if report:
        pages.append(("sent report page", province, reverse("reports:sent", args=[report.pk])))
    print(f"  {'staff page':<58} {'p50':>7} {'p95':>7} {'p99':>7}   HTTP ({runs} runs)")
    for label, who, url in pages:
        client = Client()
        client.force_login(who)
        samples, status = timed(client, url, runs)
        show(label, samples, status)


def public_pages(runs: int, lookups: int) -> None:
    client = Client()
    print(f"  {'public page':<58} {'p50':>7} {'p95':>7} {'p99':>7}")
    cache.clear()
    started = time.perf_counter()
    status = client.get("/ke-hoach-112/").status_code
    show("campaign page, figures not cached", [(time.perf_counter() - started) * 1000], status)
    samples, status = timed(client, "/ke-hoach-112/", runs)
    show("campaign page (figures cached 5 min)", samples, status)
    samples, status = timed(client, "/", runs)
    show("portal home", samples, status)

    # Books spread over the whole table, each looked up once (the per-number limit), whose
    # date of birth is known to the day (the lookup needs it). Ids, not OFFSET: 15 million.
    last = Book.objects.order_by("-pk").values_list("pk", flat=True).first()
    step = max(1, last // (2 * lookups + 10))
    rows = []
    for pk in range(1, last, step):
        found = (
            Book.objects.filter(pk__gte=pk, birth_precision=Precision.DAY)
            .order_by("pk")
            .values_list("number", "birth_date")
            .first()
        )
        if found:
            rows.append(found)
        if len(rows) == 2 * lookups:
            break

    def solved() -> str:
        challenge = altcha.Challenge.from_dict(client.get("/challenge/").json())
        solution = altcha.solve_challenge(challenge, timeout=60)
        return altcha.Payload(challenge, solution).to_base64()

    def lookup(rows, wrong: bool) -> list[float]:
        prepared = []
        for i, (number, birth) in enumerate(rows):
            day = birth - timedelta(days=1) if wrong else birth
            form = {"number": number, "birth_date": f"{day:%d/%m/%Y}", "altcha": solved()}
            prepared.append((form, f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"))
        samples = []
        for form, address in prepared:
            client.cookies.clear()
            started = time.perf_counter()
            response = client.post("/tra-cuu/", form, REMOTE_ADDR=address)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == (200 if wrong else 302), form["number"]
        return samples

    show(f"worker's lookup, found ({lookups} books)", lookup(rows[:lookups], wrong=False))
    show("worker's lookup, wrong date of birth", lookup(rows[lookups:], wrong=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--only", choices=["staff", "public"])
    parser.add_argument("--no-freeze", action="store_true")
    args = parser.parse_args()
    if not args.no_freeze:
        get_wsgi_application()  # as the server loads it before forking
        gc.freeze()
    print(f"{Book.objects.count():,} books; server time in ms", flush=True)
    if args.only != "public":
        staff_pages(args.runs)
    if args.only != "staff":
        public_pages(args.runs, args.lookups)


if __name__ == "__main__":
    main()
