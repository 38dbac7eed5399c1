"""Server time of the public pages with 1,000,000 books, on SQLite and PostgreSQL.

    .venv/bin/python bench/public.py [--books N] [--runs RUNS] [--only sqlite|postgres]
                                     [--keep] [--redis]

The databases are bench/reports.py's (SQLite bench/out/reports-N.sqlite3, PostgreSQL
`sobhxh_bench_reports`): `--keep` reuses one already loaded; otherwise this builds it
(migrate, `generate_demo --books N`). Either way it migrates and runs `setup_portal`, and
loads the portal's demo pages if there are none.

Each database runs in a child process (Django reads its settings once), and each request
goes through the whole stack, in-process (Django's test client: every middleware, the
URL resolver, the templates, the session; no socket):

- `GET /` (the portal's home) and `GET /ke-hoach-112/` (the campaign page, its figures in
  the cache as they are for every visitor but the first in five minutes; the first, cold,
  request is shown apart), RUNS times after two warm-ups: p50, p95;
- `POST /tra-cuu/` (the worker's lookup), RUNS times each: a right number with the right
  date of birth (answers with a redirect to the book), and a wrong date of birth; each
  request with a fresh solved challenge, verified and spent by the server as always, from
  an address of its own so the per-address limit is not what is measured: p50, p95, p99.
  Solving the challenges (the browser's work) happens before the clock starts.

`--redis` sets REDIS_URL=redis://127.0.0.1:6379/15 (flushed first): the cache that a
server of several processes uses. Without it, the file cache in a temporary state folder.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_NAME = "sobhxh_bench_reports"
REDIS_URL = "redis://127.0.0.1:6379/15"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--books", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--only", choices=["sqlite", "postgres"])
    parser.add_argument("--keep", action="store_true", help="reuse a loaded database")
    parser.add_argument("--redis", action="store_true", help="the cache in Redis")
    parser.add_argument("--child", help=argparse.SUPPRESS)  # a database URL: measure it
    args = parser.parse_args()
    if args.child:
        measure(args.child, args.books, args.runs, args.keep)
        return
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    targets = {
        "sqlite": f"sqlite:///{ROOT / 'bench' / 'out' / f'reports-{args.books}.sqlite3'}",
        "postgres": f"{PG_SERVER}/{PG_NAME}",
    }
    env = {**os.environ, "SOBHXH_STATE_DIR": tempfile.mkdtemp(prefix="sobhxh-bench-")}
    if args.redis:
        env["REDIS_URL"] = REDIS_URL
    for name, url in targets.items():
        if args.only and name != args.only:
            continue
        command = [sys.executable, __file__, "--child", url, "--books", str(args.books)]
        command += ["--runs", str(args.runs)] + (["--keep"] if args.keep else [])
        subprocess.run(command, check=True, cwd=ROOT, env=env)


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


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    samples = sorted(samples)
    last = len(samples) - 1
    return (
        statistics.median(samples),
        samples[int(0.95 * last)],
        samples[int(0.99 * last)],
    )


def timed_get(client, path: str, runs: int) -> list[float]:
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, path
    return samples


def measure(url: str, books: int, runs: int, keep: bool) -> None:
    vendor = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    if not keep:
        fresh(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    import altcha
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from sobhxh.books.models import Book, Precision
    from sobhxh.portal import demo as portal_demo
    from sobhxh.portal.models import NewsPage

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    if not keep or not Book.objects.exists():
        call_command("generate_demo", books=books, seed=112, quiet=True, force=True)
    call_command("setup_portal", verbosity=0)
    if not NewsPage.objects.exists():
        portal_demo.write(seed=112)
    cache.clear()
    print(f"{vendor}: ready in {time.monotonic() - started:.0f} s")
    print(f"{vendor}: {Book.objects.count():,} books; cache {cache.__class__.__name__}")

    client = Client()
    print(f"  {'request':<44} {'p50':>7} {'p95':>7} {'p99':>7}  (ms, {runs} runs)")

    def show(label, samples):
        p50, p95, p99 = percentiles(samples)
        print(f"  {label:<44} {p50:7.1f} {p95:7.1f} {p99:7.1f}")

    show("GET / (home)", timed_get(client, "/", runs))
    cache.clear()
    started = time.perf_counter()
    assert client.get("/ke-hoach-112/").status_code == 200
    cold = (time.perf_counter() - started) * 1000
    show("GET /ke-hoach-112/ (campaign, cached figures)", timed_get(client, "/ke-hoach-112/", runs))
    print(f"  {'GET /ke-hoach-112/, figures not cached':<44} {cold:7.1f}")

    # Books spread over the whole table, each looked up once (the per-number limit), whose
    # date of birth is known to the day (the lookup needs it).
    step = max(1, Book.objects.count() // (3 * runs + 10))
    sample = list(
        Book.objects.filter(birth_precision=Precision.DAY)
        .order_by("pk")
        .values_list("number", "birth_date")[::step][: 2 * runs]
    )

    def solved() -> str:
        challenge = altcha.Challenge.from_dict(client.get("/challenge/").json())
        solution = altcha.solve_challenge(challenge, timeout=60)
        return altcha.Payload(challenge, solution).to_base64()

    def lookups(rows, wrong: bool) -> list[float]:
        prepared = []
        for i, (number, birth) in enumerate(rows):
            day = birth - timedelta(days=1) if wrong else birth
            form = {"number": number, "birth_date": f"{day:%d/%m/%Y}", "altcha": solved()}
            prepared.append((form, f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"))
        samples = []
        for form, address in prepared:
            # One client (a new one would load the middleware again); no earlier visit.
            client.cookies.clear()
            started = time.perf_counter()
            response = client.post("/tra-cuu/", form, REMOTE_ADDR=address)
            samples.append((time.perf_counter() - started) * 1000)
            expected = 200 if wrong else 302
            assert response.status_code == expected, (response.status_code, form["number"])
        return samples

    show("POST /tra-cuu/ (found: redirect to the book)", lookups(sample[:runs], wrong=False))
    show("POST /tra-cuu/ (wrong date of birth)", lookups(sample[runs:], wrong=True))


if __name__ == "__main__":
    main()
