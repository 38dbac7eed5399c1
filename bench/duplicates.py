"""Time, peak memory and pairs found of `find_duplicates` on an existing database, and,
when the database is a demo (it keeps the planted truth), precision and recall.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sobhxh_big .venv/bin/python bench/duplicates.py

Without DATABASE_URL it runs on the default SQLite database (make demo). The run stores
its pairs like the command does (an idempotent upsert: decided pairs stay as they were).
Peak memory is the process's maximum resident size (resource.getrusage), so it includes
Django itself; the database server's own memory is not counted.
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from sobhxh.duplicates import finder, truth  # noqa: E402
from sobhxh.duplicates.models import PlantedPair  # noqa: E402


def main() -> None:
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    found = finder.find()
    seconds = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        f"books compared: {found.books:,}  blocks: {found.blocks:,}  pairs: {found.pairs:,}  "
        f"withdrawn: {found.withdrawn:,}"
    )
    print(
        f"time: {seconds:.1f} s  peak RSS: {peak / 1024:.0f} MiB "
        f"(before the run: {before / 1024:.0f} MiB)"
    )
    if PlantedPair.objects.exists():
        # The list is ordered by score: what an office meets first is what counts.
        for min_score in (0, 40, 50, 60):
            measured = truth.measure(min_score=min_score)
            print(
                f"score >= {min_score:3}: pairs {measured.found:,}  planted duplicates "
                f"{measured.planted:,}, found {measured.true_found:,}  near misses paired "
                f"{measured.near_misses_found:,}  precision {measured.precision:.3f}  "
                f"recall {measured.recall:.3f}"
            )
    else:
        print("no planted truth (not a demo database): precision and recall not measured")


if __name__ == "__main__":
    main()
