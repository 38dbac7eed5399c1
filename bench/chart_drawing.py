"""The dashboard's chart drawn by sobhxh (`sobhxh/progress/charts.py`) and by pygal, for the
same year of daily points against the milestone line: median time to draw, size of the SVG
(raw and gzipped), and what in it the site's Content Security Policy (no inline script or
style, nothing from another origin) would refuse. Needs no database; pygal comes with the
`bench` extra (`.venv/bin/pip install -e '.[bench]'`).

    python bench/chart_drawing.py [--days 365] [--runs 50]
"""

import argparse
import gzip
import os
import random
import re
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sobhxh.settings")

import django

django.setup()

from django.utils import translation  # noqa: E402

from sobhxh.progress.charts import day_text, handed_over_chart, percent_text  # noqa: E402

START = date(2017, 1, 10)  # Plan 112/KH-BHXH
MILESTONES = ((date(2017, 12, 31), Decimal(60)), (date(2018, 12, 31), Decimal(100)))
NAME = "BHXH TP. Hồ Chí Minh"


def year_of_points(days: int) -> list[tuple[date, Decimal]]:
    """A handed-over % that climbs unevenly towards the first target, one point a day."""
    rng = random.Random(112)
    percent, points = 0.0, []
    for i in range(days):
        percent = min(100.0, percent + rng.uniform(0, 0.35))
        points.append((START + timedelta(days=i), Decimal(f"{percent:.2f}")))
    return points


def sobhxh_chart(points) -> str:
    return str(
        handed_over_chart(
            points=points, milestones=MILESTONES, start=START, until=points[-1][0], name=NAME
        )
    )


def pygal_chart(points, *, js_off: bool) -> str:
    import pygal

    options = {"js": []} if js_off else {}
    chart = pygal.DateLine(
        width=640,
        height=300,
        range=(0, 100),
        title=f"Tỷ lệ sổ BHXH đã bàn giao (%) theo thời gian – {NAME}",
        x_value_formatter=day_text,
        value_formatter=lambda v: percent_text(Decimal(str(v))),
        dots_size=2,
        disable_xml_declaration=True,  # to put it in the page, as sobhxh's is
        **options,
    )
    chart.add("Đã bàn giao (%)", [(d, float(p)) for d, p in points])
    corners = [(START, 0.0), *((d, float(t)) for d, t in MILESTONES)]
    chart.add("Chỉ tiêu (%)", corners, stroke_style={"dasharray": "6, 4"}, show_dots=False)
    return chart.render(is_unicode=True)


def refused_by_csp(svg: str) -> dict[str, int]:
    return {
        "<script>": len(re.findall(r"<script\b", svg)),
        "<style>": len(re.findall(r"<style\b", svg)),
        "style=": len(re.findall(r"\sstyle=", svg)),
        "other origin": len(re.findall(r'(?:href|src)="(?:https?:)?//', svg)),
    }


def measure(draw, runs: int) -> tuple[float, str]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        svg = draw()
        times.append(time.perf_counter() - started)
    return statistics.median(times), svg


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    points = year_of_points(args.days)
    drawers = {
        "sobhxh charts.py": lambda: sobhxh_chart(points),
        "pygal (defaults)": lambda: pygal_chart(points, js_off=False),
        "pygal (js=[])": lambda: pygal_chart(points, js_off=True),
    }
    print(f"{args.days} daily points and the milestone line, median of {args.runs} draws")
    print(f"{'drawn by':<18} {'ms':>7} {'bytes':>8} {'gzip':>7}  refused by the CSP")
    with translation.override("vi"):
        for name, draw in drawers.items():
            seconds, svg = measure(draw, args.runs)
            size, packed = len(svg.encode()), len(gzip.compress(svg.encode()))
            refused = ", ".join(f"{k} ×{v}" for k, v in refused_by_csp(svg).items() if v)
            print(f"{name:<18} {seconds * 1000:7.1f} {size:8,} {packed:7,}  {refused or 'nothing'}")


if __name__ == "__main__":
    main()
