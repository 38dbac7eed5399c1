"""Seconds to find the tables of some files and read every row, as the importer does
before parsing (`reading.open_tables`, then `Table.rows`).

    .venv/bin/python bench/reading_speed.py books.csv periods.csv
    (cd /tmp/before && /work/main/.venv/bin/python /work/main/bench/reading_speed.py ...)

Run from another checkout's folder to time that checkout's reader: Python looks in the
current folder first.
"""

import os
import sys
import time

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from sobhxh.intake import reading  # noqa: E402 (Django is set up first)

started = time.perf_counter()
rows = sum(1 for table in reading.open_tables(sys.argv[1:]) for _row in table.rows())
print(f"{rows:,} rows in {time.perf_counter() - started:.2f} s ({reading.__file__})")
