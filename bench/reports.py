"""Server time of a month's report figures with 1,000,000 books, on SQLite and PostgreSQL.

    .venv/bin/python bench/reports.py [--books N] [--month YYYY-MM] [--runs RUNS]
                                      [--only sqlite|postgres] [--keep]

For each database this builds a fresh one (SQLite: bench/out/reports-N.sqlite3;
PostgreSQL: `sobhxh_bench_reports` on 127.0.0.1:5432, user postgres, dropped and made
again), migrates it and loads the demo with `generate_demo --books N` (the 2017–2018
campaign played out through the lifecycle rules, with waiting reasons). `--keep` reuses a
database already loaded.

Then it times, in-process (no start-up cost, no HTTP):

- `national_summary(month)`: the centre with its 63 provinces' rows, RUNS times after two
  warm-ups, p50 and p95;
- `month_figures(province)` for Hồ Chí Minh (79, the most districts) and Hà Nội (01), and
  `month_figures(district)` for 760, the same way;
- every report of the month once: the 63 provinces' (each with its districts' rows) and
  the ~700 districts' figures, one `month_figures` call each, total seconds.

The month defaults to 2018-12, the last month of the demo: its figures sum the daily
deltas of the whole campaign, the most any past month asks. Each database runs in a
child process of its own, since Django's settings are read once per process.
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
PG_NAME = "sobhxh_bench_reports"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=1_000_000)
    parser.add_argument("--month", default="2018-12")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a database URL: measure it
    parser.add_argument("--keep", action="store_true", help="reuse a loaded database")
    args = parser.parse_args()
    if args.child:
        measure(args.child, args.books, args.month, args.runs, args.keep)
        return
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    targets = {
        "sqlite": f"sqlite:///{ROOT / 'bench' / 'out' / f'reports-{args.books}.sqlite3'}",
        "postgres": f"{PG_SERVER}/{PG_NAME}",
    }
    for name, url in targets.items():
        if args.only and name != args.only:
            continue
        command = [sys.executable, __file__, "--child", url, "--books", str(args.books)]
        command += ["--month", args.month, "--runs", str(args.runs)]
        command += ["--keep"] if args.keep else []
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


def timed(run, runs: int) -> tuple[float, float]:
    """(p50, p95) in milliseconds of `runs` calls after two warm-ups."""
    for _ in range(2):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def measure(url: str, books: int, month_text: str, runs: int, keep: bool) -> None:
    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    if not keep:
        fresh(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from sobhxh.books.models import Book
    from sobhxh.progress.models import OfficeDelta
    from sobhxh.reports.figures import first_of_month, month_figures, national_summary
    from sobhxh.units.models import Office

    if not keep or not Book.objects.exists():
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        call_command("generate_demo", books=books, seed=112, quiet=True, force=True)
        print(f"{vendor}: loaded in {time.monotonic() - started:.0f} s")
    month = first_of_month(month_text)
    offices = {office.code: office for office in Office.objects.all()}
    print(
        f"{vendor}: {Book.objects.count():,} books, {OfficeDelta.objects.count():,} office "
        f"delta rows; month {month_text}; {runs} runs each; ms"
    )
    cases = [
        ("national_summary (63 provinces)", lambda: national_summary(month)),
        ("month_figures(79) (24 districts)", lambda: month_figures(offices["79"], month)),
        ("month_figures(01) (30 districts)", lambda: month_figures(offices["01"], month)),
        ("month_figures(760) (a district)", lambda: month_figures(offices["760"], month)),
    ]
    print(f"  {'figures':<36} {'p50':>7} {'p95':>7}")
    for label, run in cases:
        p50, p95 = timed(run, runs)
        print(f"  {label:<36} {p50:7.1f} {p95:7.1f}")

    every = [o for o in offices.values() if o.level in (Office.Level.PROVINCE, "district")]
    started = time.perf_counter()
    for office in every:
        month_figures(office, month).as_dict()
    elapsed = time.perf_counter() - started
    provinces = sum(1 for o in every if o.level == Office.Level.PROVINCE)
    print(
        f"  every report of {month_text}: {provinces} provinces + {len(every) - provinces} "
        f"districts in {elapsed:.1f} s"
    )


if __name__ == "__main__":
    main()
