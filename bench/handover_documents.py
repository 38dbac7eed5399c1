"""Producing the handover documents of an employer of 5,000 workers (issue #4: the handover
list and minutes under 5 s), and the statements of a review round for the same workers.

    python bench/handover_documents.py [--workers 5000] [--periods 5] [--runs 3]

Without DATABASE_URL it works in a fresh SQLite database, bench/out/handover.sqlite3
(deleted and migrated first); with DATABASE_URL it adds its employer to that database.
The employer's books go through the services as in the office: registered, put in review
in one round, confirmed, listed in one handover batch. Then each document is produced
`--runs` times in this process and the medians printed: wall time (time.perf_counter)
and CPU time of the process (time.process_time, the steadier figure on a shared machine),
reading from the database included. "list + minutes" is `handover_document(batch)` and
the four files (list PDF and XLSX, minutes PDF and XLSX) in a row. The files of the last
run are written to bench/out/ to look at.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

SURNAMES = (
    ["Nguyễn"] * 38
    + ["Trần"] * 11
    + ["Lê"] * 9
    + ["Phạm"] * 7
    + [
        "Hoàng",
        "Huỳnh",
        "Phan",
        "Vũ",
        "Võ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trương",
    ]
)
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Quốc", "Thị Ánh", "Hữu", "Thanh", "Xuân"]
GIVEN = [
    "Tuyết",
    "Hưng",
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hạnh",
    "Khoa",
    "Lan",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quyên",
    "Sơn",
    "Thảo",
    "Uyên",
    "Việt",
    "Yến",
]
JOBS = [
    "Công nhân may",
    "Tổ trưởng chuyền may, xưởng 2",
    "Nhân viên kế toán",
    "Thợ cơ khí bảo trì",
    "Nhân viên kho vận, chi nhánh Bình Dương",
]


def prepare_database() -> str:
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"].rsplit("@", 1)[-1]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "handover.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.environ["SQLITE_PATH"] = str(path)
    return f"SQLite {path.relative_to(ROOT)} (fresh)"


def build(workers: int, periods: int):
    """An employer of `workers` confirmed books with `periods` periods each, in a batch."""
    from sobhxh.books.lifecycle import Via
    from sobhxh.books.models import Book, Period
    from sobhxh.books.services import NewBook, register_books
    from sobhxh.handover.services import (
        create_handover_batch,
        record_answers,
        start_review_round,
    )
    from sobhxh.units.models import Employer, Office

    rng = random.Random(112)
    office = Office.objects.get(code="760")
    code = f"BENCH{Employer.objects.count() + 1:05d}"
    employer = Employer.objects.create(
        code=code,
        name="Công ty TNHH May mặc Hưng Thịnh Sài Gòn",
        office=office,
        address="12 Nguyễn Huệ, phường Bến Nghé, Quận 1",
    )
    base = 7_600_000_000 + Book.objects.count()
    new = []
    for index in range(workers):
        precision = rng.choices(["day", "month", "year"], [90, 5, 5])[0]
        born = date(rng.randint(1960, 1999), rng.randint(1, 12), rng.randint(1, 28))
        born = born.replace(day=1) if precision != "day" else born
        born = born.replace(month=1) if precision == "year" else born
        new.append(
            NewBook(
                number=f"{base + index:010d}",
                full_name=f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
                birth_date=born,
                birth_precision=precision,
                sex=rng.choice(["male", "female"]),
                identity_number=f"079{rng.randint(0, 10**9 - 1):09d}",
                employer_id=employer.pk,
                office_id=office.pk,
            )
        )
    timings = {}
    started = time.perf_counter()
    register_books(new, on=date(2016, 12, 31), via=Via.COMMAND)
    ids = list(Book.objects.filter(employer=employer).order_by("pk").values_list("pk", flat=True))
    Period.objects.bulk_create(
        (
            Period(
                book_id=pk,
                fund="BHXH",
                from_month=date(2005 + 2 * p, 1, 1),
                to_month=date(2006 + 2 * p, 12, 1),
                job=rng.choice(JOBS),
                wage=rng.randrange(3_500_000, 25_000_000, 50_000),
                rate="8.00",
            )
            for pk in ids
            for p in range(periods)
        ),
        batch_size=2000,
    )
    timings["register books and periods"] = time.perf_counter() - started
    steps = (
        (
            "start_review_round",
            lambda: start_review_round(employer=employer, book_ids=ids, on=date(2017, 5, 2)),
        ),
        (
            "record_answers (confirm all)",
            lambda: record_answers(confirmed_ids=ids, disputed={}, on=date(2017, 5, 15)),
        ),
        (
            "create_handover_batch",
            lambda: create_handover_batch(employer=employer, book_ids=ids, on=date(2017, 6, 5)),
        ),
    )
    results = {}
    for name, step in steps:
        started = time.perf_counter()
        results[name] = step()
        timings[name] = time.perf_counter() - started
    batch, _listed = results["create_handover_batch"]
    return employer, ids, batch, timings


def median_time(function, runs: int):
    """Median wall time and median CPU time of this process (the machine may be shared:
    CPU time does not count the waits for other processes), and the last value."""
    walls, cpus, value = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        value = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=5000)
    parser.add_argument("--periods", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    where = prepare_database()

    import django

    django.setup()
    from django.core.management import call_command

    from sobhxh.handover import documents
    from sobhxh.handover.selectors import handover_document, office_heading, statement_pages

    call_command("migrate", verbosity=0)
    employer, ids, batch, timings = build(args.workers, args.periods)

    def list_and_minutes():
        doc = handover_document(batch)
        return {
            "list.pdf": documents.handover_list_pdf(doc),
            "list.xlsx": documents.handover_list_xlsx(doc),
            "minutes.pdf": documents.handover_minutes_pdf(doc),
            "minutes.xlsx": documents.handover_minutes_xlsx(doc),
        }

    def statements():
        pages = statement_pages(ids)
        office = office_heading(employer.office)
        return {
            "statements.pdf": documents.statements_pdf(
                pages, office=office, printed_on=date(2017, 5, 2)
            )
        }

    doc = handover_document(batch)
    parts = {
        "handover_document (read)": lambda: handover_document(batch),
        "handover_list_pdf": lambda: documents.handover_list_pdf(doc),
        "handover_list_xlsx": lambda: documents.handover_list_xlsx(doc),
        "handover_minutes_pdf": lambda: documents.handover_minutes_pdf(doc),
        "handover_minutes_xlsx": lambda: documents.handover_minutes_xlsx(doc),
    }
    print(
        f"sobhxh handover documents benchmark, {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{os.cpu_count()} cores, {where}"
    )
    print(
        f"{args.workers} workers × {args.periods} periods, median of {args.runs} runs "
        "(in this process: wall time.perf_counter, cpu time.process_time)\n"
    )
    for name, seconds in timings.items():
        print(f"  setup  {name:<36} {seconds:7.2f} s")
    print(f"\n  {'':<43} {'wall':>7}   {'cpu':>7}")
    for name, function in parts.items():
        wall, cpu, _value = median_time(function, args.runs)
        print(f"  part   {name:<36} {wall:7.2f} s {cpu:7.2f} s")
    files = {}
    for name, function in (
        ("list + minutes (read, 2 PDF, 2 XLSX)", list_and_minutes),
        ("statements (read, 1 PDF)", statements),
    ):
        wall, cpu, produced = median_time(function, args.runs)
        files.update(produced)
        print(f"  TOTAL  {name:<36} {wall:7.2f} s {cpu:7.2f} s")
    print()
    from pypdf import PdfReader

    for name, data in files.items():
        path = OUT / f"handover-{name}"
        path.write_bytes(data)
        pages = f", {len(PdfReader(path).pages)} pages" if name.endswith(".pdf") else ""
        print(f"  wrote {path.relative_to(ROOT)}: {len(data) / 1024:.0f} KiB{pages}")


if __name__ == "__main__":
    main()
