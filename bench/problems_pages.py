"""Server time of the problems pages with 100,000 problems, on SQLite and PostgreSQL.

    .venv/bin/python bench/problems_pages.py [--problems N] [--runs RUNS] [--only sqlite|postgres]

For each database this builds a fresh one (SQLite: bench/out/problems-N.sqlite3;
PostgreSQL: `sobhxh_bench_problems` on 127.0.0.1:5432, user postgres, dropped and made
again), migrates it and loads the demo with `generate_demo --books 20000 --problems N`
(the demo's bulk writer: committees, staff, N problems with their history and thread).
Then it times, RUNS times each (default 50) after two warm-ups, what a page of the
problems app asks of the database, through the selectors the way the pages call them
(the pages are being built elsewhere; this measures their queries, the count and the
first page of 50 rows, each row with what a list shows):

- the problems list: `visible_problems(user)` (unfiltered, and filtered by state and
  category), newest first, paginated by 50, with its count;
- the inbox: `inbox(user)` of a department (with its count);
- the answered questions: `answered_questions(query)`, first page and count (at most
  `ANSWERED_COUNTED`, as the page counts them), with and without diacritics.

Prints p50 and p95 in milliseconds. Each database runs in a child process of its own,
since Django's settings are read once per process.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "sobhxh_bench_problems"
BOOKS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--problems", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a database URL: measure it
    parser.add_argument("--keep", action="store_true", help="reuse a loaded database")
    args = parser.parse_args()
    if args.child:
        measure(args.child, args.problems, args.runs, args.keep)
        return
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    targets = {
        "sqlite": f"sqlite:///{ROOT / 'bench' / 'out' / f'problems-{args.problems}.sqlite3'}",
        "postgres": f"{PG_SERVER}/{PG_NAME}",
    }
    for name, url in targets.items():
        if args.only and name != args.only:
            continue
        command = [sys.executable, __file__, "--child", url, "--problems", str(args.problems)]
        command += ["--runs", str(args.runs)] + (["--keep"] if args.keep else [])
        subprocess.run(command, check=True, cwd=ROOT)


def fresh(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {PG_NAME}")
        connection.execute(f"CREATE DATABASE {PG_NAME}")


def measure(url: str, problems: int, runs: int, keep: bool) -> None:
    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    if not keep:
        fresh(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.paginator import Paginator

    from sobhxh.db.paging import CappedPaginator
    from sobhxh.problems.models import Category, Problem
    from sobhxh.problems.selectors import answered_questions, inbox, visible_problems
    from sobhxh.problems.states import OPEN
    from sobhxh.problems.views import ANSWERED_COUNTED, PER_PAGE

    if not keep or not Problem.objects.exists():
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command(
            "generate_demo", books=BOOKS, problems=problems, seed=112, quiet=True, force=True
        )
        print(f"{vendor}: loaded in {time.monotonic() - started:.0f} s")
    users = get_user_model().objects.in_bulk(field_name="username")
    central, province, district = users["demo"], users["demo-tinh"], users["demo-huyen"]
    centre_it = users["demo.vn.it.1"]
    fault = Category.objects.get(code="software-fault")

    def listed(queryset):
        return queryset.select_related("category__parent", "department__office", "office")

    def page(queryset):
        found = Paginator(queryset, 50).page(1)
        return [found.paginator.count, *found.object_list]

    def problem_list(user, **filters):
        return lambda: page(listed(visible_problems(user).filter(**filters)).order_by("-pk"))

    def waiting(user):
        return lambda: page(inbox(user))

    def search(query):
        # As the page counts them: at most ANSWERED_COUNTED (sobhxh.db.paging).
        def run():
            found = CappedPaginator(answered_questions(query), PER_PAGE, cap=ANSWERED_COUNTED)
            return [found.count, *found.page(1).object_list]

        return run

    cases = [
        ("problems list, central (all)", problem_list(central)),
        ("problems list, central, open", problem_list(central, state__in=OPEN)),
        ("problems list, province 79", problem_list(province)),
        ("problems list, province 79, resolved, fault",
         problem_list(province, state="resolved", category=fault)),
        ("problems list, district", problem_list(district)),
        ("inbox, Ban Sổ - Thẻ (centre)", waiting(central)),
        ("inbox, Trung tâm CNTT (centre)", waiting(centre_it)),
        ("inbox, Phòng Cấp sổ, thẻ (79)", waiting(province)),
        ("answered questions, all", search("")),
        ("answered 'so bhxh' (no diacritics)", search("so bhxh")),
        ("answered 'sổ BHXH' (diacritics)", search("sổ BHXH")),
        ("answered 'nợ đóng'", search("nợ đóng")),
        ("answered 'phan mem in mau 03'", search("phan mem in mau 03")),
    ]  # fmt: skip
    print(f"{vendor}: {Problem.objects.count():,} problems; {runs} runs each; ms")
    print(f"  {'query':<46} {'rows':>6} {'p50':>7} {'p95':>7}")
    for label, run in cases:
        for _ in range(2):
            result = run()
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            result = run()
            samples.append((time.perf_counter() - started) * 1000)
        samples.sort()
        p95 = samples[int(0.95 * (len(samples) - 1))]
        print(f"  {label:<46} {result[0]:>6} {statistics.median(samples):7.1f} {p95:7.1f}")


if __name__ == "__main__":
    main()
