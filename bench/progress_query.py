"""Median time, in seconds, of computing an office's figures in-process (no start-up cost).

python bench/progress_query.py OFFICE today|YYYY-MM-DD RUNS
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from sobhxh.progress.selectors import office_figures  # noqa: E402
from sobhxh.units.models import Office  # noqa: E402


def main() -> None:
    code, as_of, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    day = date.today() if as_of == "today" else date.fromisoformat(as_of)
    office = Office.objects.get(code=code)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        office_figures(office, day).as_dict()
        times.append(time.perf_counter() - started)
    print(f"{statistics.median(times):.3f}")


if __name__ == "__main__":
    main()
