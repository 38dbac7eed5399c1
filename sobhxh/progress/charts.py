"""The dashboard's chart: handed-over % over time against the milestone line, as inline SVG.

Drawn here rather than by a charting library: it is a few lines and a polyline, it needs
no JavaScript and no asset from outside, and every label goes through the translation and
the date and number formats like the rest of the page. The chart names itself (<title>,
<desc>) and the page puts its numbers in a table beside it for those who cannot see it.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .targets import judge

Milestones = tuple[tuple[date, Decimal], ...]

# Drawn at about its displayed size, so that 13-unit text reads as 13 px or so.
WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 40, 34
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
BRAND, TARGET, GRID, INK, MUTED = "#0b5394", "#b42318", "#d0d7de", "#1b1f24", "#57606a"


@dataclass(frozen=True)
class ChartRow:
    """One line of the chart's text alternative, ready to show."""

    day: str
    percent: str
    target_percent: str


def percent_text(value: Decimal | None, *, suffix: str = " %") -> str:
    if value is None:
        return "–"
    # Formatted here rather than by Django's number_format: a chart has a hundred of them.
    return f"{value:.2f}".replace(".", formats.get_format("DECIMAL_SEPARATOR")) + suffix


def target_text(value: Decimal) -> str:
    """A milestone's target as people say it: "60 %", "62,5 %"."""
    return f"{floatformat(value, -2)} %"


def day_text(day: date) -> str:
    # dd/mm/yyyy in every language (docs/decisions.md), so no need for date_format.
    return f"{day:%d/%m/%Y}"


def chart_rows(points: list[tuple[date, Decimal | None]], milestones: Milestones) -> list[ChartRow]:
    """Each point with the target in force on its date."""
    rows = []
    for day, percent in points:
        target = judge(milestones, day, percent)[0]
        rows.append(
            ChartRow(
                day_text(day),
                percent_text(percent, suffix=""),
                "–" if target is None else target_text(target).removesuffix(" %"),
            )
        )
    return rows


def handed_over_chart(
    *,
    points: list[tuple[date, Decimal | None]],
    milestones: Milestones,
    start: date,
    until: date,
    name: str,
    element_id: str = "progress-chart",
) -> SafeString:
    """An SVG of `points` (from `selectors.handed_over_history`) and the milestone line:
    from 0 % at the campaign's start through each milestone, then level."""
    end = max([until, *(due_on for due_on, _target in milestones)])
    if end <= start:
        end = date(start.year + 1, start.month, 1)
    scale = _Scale(start, end)
    title = _("Books handed over (%%) over time – %(name)s") % {"name": name}
    parts = [
        _grid(scale),
        _milestone_line(scale, milestones, start, end),
        _data_line(scale, points),
        _legend(),
    ]
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="progress-chart" viewBox="0 0 {} {}" '
        'role="img" aria-labelledby="{}-title {}-desc" font-family="inherit" font-size="13">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        element_id,
        element_id,
        element_id,
        title,
        element_id,
        _description(points, milestones, until),
        # Every part was built by format_html, which escaped what it put in.
        mark_safe("".join(parts)),
    )


class _Scale:
    def __init__(self, start: date, end: date):
        self.start, self.end = start, end
        self.days = max((end - start).days, 1)

    def x(self, day: date) -> float:
        return round(LEFT + PLOT_W * (day - self.start).days / self.days, 1)

    @staticmethod
    def y(percent: Decimal | float) -> float:
        return round(TOP + PLOT_H * (1 - float(percent) / 100), 1)


def _description(points, milestones: Milestones, until: date) -> str:
    latest = next((p for _d, p in reversed(points) if p is not None), None)
    text = _("Handed over on %(day)s: %(percent)s.") % {
        "day": day_text(until),
        "percent": percent_text(latest),
    }
    if milestones:
        targets = "; ".join(
            _("%(percent)s by %(day)s") % {"percent": target_text(t), "day": day_text(d)}
            for d, t in milestones
        )
        text += " " + _("Targets: %(targets)s.") % {"targets": targets}
    return text


def _grid(scale: _Scale) -> str:
    lines = []
    for percent in range(0, 101, 20):
        y = scale.y(percent)
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                GRID,
                LEFT - 6,
                y + 4,
                MUTED,
                f"{percent} %",
            )
        )
    for tick, label in _x_ticks(scale.start, scale.end):
        x = scale.x(tick)
        lines.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                x,
                x,
                TOP,
                TOP + PLOT_H + 4,
                GRID,
                x,
                TOP + PLOT_H + 18,
                MUTED,
                label,
            )
        )
    return "".join(lines)


def _x_ticks(start: date, end: date) -> list[tuple[date, str]]:
    """1 January of each year (every other year on a long span), and 1 July on a short one."""
    years = end.year - start.year + 1
    every = 1 if years <= 8 else 2
    months = (1, 7) if years <= 3 else (1,)
    first_year = start.year if start == date(start.year, 1, 1) else start.year + 1
    ticks = []
    for year in range(start.year, end.year + 1):
        for month in months:
            tick = date(year, month, 1)
            if not start <= tick <= end:
                continue
            if month == 1 and (year - first_year) % every:
                continue
            ticks.append((tick, str(year) if month == 1 else f"{month:02d}/{year}"))
    return ticks


def _milestone_line(scale: _Scale, milestones: Milestones, start: date, end: date) -> str:
    if not milestones:
        return ""
    corners = [(start, Decimal(0)), *((d, t) for d, t in milestones if d >= start)]
    if end > corners[-1][0]:
        corners.append((end, corners[-1][1]))
    path = " ".join(f"{scale.x(d)},{scale.y(t)}" for d, t in corners)
    marks = format_html_join(
        "",
        '<g class="chart-milestone"><circle cx="{}" cy="{}" r="4" fill="{}"/>'
        '<text x="{}" y="{}" text-anchor="{}" fill="{}" stroke="#fff" stroke-width="3" '
        'paint-order="stroke">{}</text><title>{}</title></g>',
        (_milestone_mark(scale, d, t) for d, t in milestones if d >= start),
    )
    return format_html(
        '<polyline class="chart-target" points="{}" fill="none" stroke="{}" stroke-width="2" '
        'stroke-dasharray="6 4"/>{}',
        path,
        TARGET,
        marks,
    )


def _milestone_mark(scale: _Scale, day: date, target: Decimal) -> tuple:
    x, y = scale.x(day), scale.y(target)
    # The label sits on the side with room, under the point near the top of the plot.
    on_right = x < LEFT + PLOT_W * 0.6
    return (
        x,
        y,
        TARGET,
        x + 8 if on_right else x - 8,
        y + 18 if target >= 90 else y - 8,
        "start" if on_right else "end",
        TARGET,
        f"{target_text(target)} · {day_text(day)}",
        _("Target: %(percent)s by %(day)s")
        % {"percent": target_text(target), "day": day_text(day)},
    )


def _data_line(scale: _Scale, points: list[tuple[date, Decimal | None]]) -> str:
    # A point with nothing due has no percentage: the line breaks there.
    runs: list[list[tuple[date, Decimal]]] = [[]]
    for day, percent in points:
        if percent is None:
            runs.append([])
        else:
            runs[-1].append((day, percent))
    parts = []
    for run in runs:
        if len(run) > 1:
            parts.append(
                format_html(
                    '<polyline class="chart-data" points="{}" fill="none" stroke="{}" '
                    'stroke-width="2.5" stroke-linejoin="round"/>',
                    " ".join(f"{scale.x(d)},{scale.y(p)}" for d, p in run),
                    BRAND,
                )
            )
    radius = 3 if len(points) <= 36 else 2
    # Plain f-strings: a hundred points through format_html cost more than the rest of the
    # page, and everything here is a number or a date.
    dots = "".join(
        f'<circle class="chart-point" cx="{scale.x(d)}" cy="{scale.y(p)}" r="{radius}" '
        f'fill="{BRAND}"><title>{day_text(d)}: {percent_text(p)}</title></circle>'
        for run in runs
        for d, p in run
    )
    return "".join(parts) + dots


def _legend() -> str:
    return format_html(
        '<g class="chart-legend">'
        '<line x1="{}" x2="{}" y1="14" y2="14" stroke="{}" stroke-width="2.5"/>'
        '<text x="{}" y="18" fill="{}">{}</text>'
        '<line x1="{}" x2="{}" y1="14" y2="14" stroke="{}" stroke-width="2" '
        'stroke-dasharray="6 4"/>'
        '<text x="{}" y="18" fill="{}">{}</text></g>',
        LEFT,
        LEFT + 24,
        BRAND,
        LEFT + 30,
        INK,
        pgettext("chart", "Handed over (%)"),
        LEFT + 230,
        LEFT + 254,
        TARGET,
        LEFT + 260,
        INK,
        pgettext("chart", "Milestone target (%)"),
    )
