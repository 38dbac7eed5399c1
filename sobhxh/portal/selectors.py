"""The campaign's figures for the public pages: the nation and every province against the
targets of Plan 112 (60 % of the books due handed over by 31/12/2017, all by 31/12/2018).

Read only through the progress and reports public functions, which read the maintained
counters (never the books), and kept in Django's cache for a few minutes: a public page
may be opened by many people at once. The figures hold numbers and names only (no words of
the interface), so one entry a day serves every language.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from sobhxh.progress.selectors import office_figures
from sobhxh.progress.targets import load_schedule
from sobhxh.reports.figures import FLOWS
from sobhxh.units import selectors as units
from sobhxh.units.models import CENTRE_CODE

CACHE_SECONDS = 5 * 60
CACHE_VERSION = 1


@dataclass(frozen=True)
class Milestone:
    due_on: date
    target_percent: Decimal
    reached: bool  # the nation's handed-over percentage is at or over the target


@dataclass(frozen=True)
class Row:
    code: str
    name: str
    books: int
    due: int
    reviewed: int
    handed_over: int
    percent: Decimal | None
    target_percent: Decimal | None
    behind: bool


@dataclass(frozen=True)
class CampaignFigures:
    as_of: date
    nation: Row
    milestones: tuple[Milestone, ...]
    provinces: tuple[Row, ...]

    @property
    def behind_count(self) -> int:
        return sum(1 for row in self.provinces if row.behind)


def cache_key(as_of: date) -> str:
    return f"portal:campaign:v{CACHE_VERSION}:{as_of.isoformat()}"


def campaign_figures(as_of: date | None = None) -> CampaignFigures | None:
    """The campaign's figures on `as_of` (today), from the cache or the counters; None
    when the office tree is not loaded."""
    as_of = as_of or timezone.localdate()
    key = cache_key(as_of)
    figures = cache.get(key)
    if figures is None:
        figures = _read(as_of)
        if figures is None:
            return None
        cache.set(key, figures, CACHE_SECONDS)
    return figures


def _read(as_of: date) -> CampaignFigures | None:
    centre = units.office_by_code(CENTRE_CODE)
    if centre is None:
        return None
    figures = office_figures(centre, as_of)
    nation = _row(figures)
    schedule = load_schedule()
    milestones = tuple(
        Milestone(
            due_on,
            target,
            reached=nation.percent is not None and nation.percent >= target,
        )
        for due_on, target in schedule.national
    )
    provinces = tuple(_row(child) for child in figures.children)
    return CampaignFigures(as_of, nation, milestones, provinces)


def _row(figures) -> Row:
    return Row(
        code=figures.code,
        name=figures.name,
        books=figures.books,
        due=figures.due,
        reviewed=sum(figures.by_state.get(state, 0) for state in FLOWS["reviewed"]),
        handed_over=figures.handed_over,
        percent=figures.percent,
        target_percent=figures.target_percent,
        behind=figures.behind,
    )
