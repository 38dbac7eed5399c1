"""The money's reads and its demo on a demo database, SQLite or PostgreSQL.

    .venv/bin/python bench/money.py [--books N] [--runs RUNS] [--only sqlite|postgres] [--keep]

For each database this builds a fresh one (SQLite: bench/out/money-N.sqlite3; PostgreSQL:
`sobhxh_bench_money` on 127.0.0.1:5432, dropped and made again), migrates it and loads
`generate_demo --books N` (default 200,000). Then it times:

- `money.demo.write` once (budgets for 2017-2018, settlements of 2017), rolled back;
- RUNS times each (default 20, after one warm-up) what the pages ask of the database:
  the centre's list of provinces for 2017 (`province_list`), a province's year
  (`office_year`, Hồ Chí Minh, 2017), a settlement (`settlement_figures`, 79, 2017) and a
  district's year.

Prints seconds for the demo and p50 / p95 in milliseconds for the reads. Each database
runs in a child process of its own, since Django's settings are read once per process.
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
PG_NAME = "sobhxh_bench_money"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="reuse a loaded database")
    args = parser.parse_args()
    if args.child:
        measure(args.child, args.books, args.runs, args.keep)
        return
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    targets = {
        "sqlite": f"sqlite:///{ROOT / 'bench' / 'out' / f'money-{args.books}.sqlite3'}",
        "postgres": f"{PG_SERVER}/{PG_NAME}",
    }
    for name, url in targets.items():
        if args.only and name != args.only:
            continue
        command = [sys.executable, __file__, "--child", url, "--books", str(args.books)]
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


def measure(url: str, books: int, runs: int, keep: bool) -> None:
    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    if not keep:
        fresh(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import random
    from datetime import date

    from django.core.management import call_command
    from django.db import transaction

    from sobhxh.books.models import Book
    from sobhxh.money import demo, selectors
    from sobhxh.units.models import Office

    if not keep or not Book.objects.exists():
        call_command("migrate", verbosity=0)
        started = time.monotonic()
        call_command("generate_demo", books=books, seed=112, quiet=True, verbosity=0)
        print(f"{vendor}: generate_demo --books {books}: {time.monotonic() - started:.1f} s")

    class Rollback(Exception):
        pass

    started = time.monotonic()
    try:
        with transaction.atomic():
            made = demo.write(random.Random("112-money"))
            elapsed = time.monotonic() - started
            raise Rollback
    except Rollback:
        pass
    print(f"{vendor}: money.demo.write: {elapsed:.2f} s ({made})")

    today = date(2019, 3, 1)
    hcm, district = Office.objects.get(code="79"), Office.objects.get(code="760")
    reads = {
        "centre's list of provinces, 2017": lambda: selectors.province_list(2017, today),
        "province year (79, 2017)": lambda: selectors.office_year(hcm, 2017, today),
        "settlement (79, 2017)": lambda: selectors.settlement_figures(hcm, 2017),
        "district year (760, 2017)": lambda: selectors.office_year(district, 2017, today),
    }
    print(f"| ms, p50 / p95 ({runs} runs) | {vendor} |")
    for name, read in reads.items():
        read()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            read()
            times.append(1000 * (time.perf_counter() - started))
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"| {name} | {statistics.median(times):.1f} / {p95:.1f} |")


if __name__ == "__main__":
    main()
