"""Writes of the visit statistics: moving past days' counts from the cache to the database."""

from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import counters
from .models import DailyVisits

# How far back a read looks for a past day still in the cache.
LOOK_BACK_DAYS = 7


def past_days(today: date, days: int = LOOK_BACK_DAYS) -> list[date]:
    return [today - timedelta(days=n) for n in range(1, days + 1)]


def flush(today: date | None = None, *, days: int = LOOK_BACK_DAYS) -> int:
    """Move the counts of the days before `today` still in the cache into `DailyVisits`;
    return how many days moved. Safe to run from several processes: a day is moved by one
    at a time, and what is moved is taken off the cache's counts (so a late count stays)."""
    today = today or timezone.localdate()
    days_keys = {day: (counters.views_key(day), counters.visits_key(day))
                 for day in past_days(today, days)}  # fmt: skip
    # One read for every day: the statistics call this on each page that shows them.
    found = cache.get_many([key for keys in days_keys.values() for key in keys])
    moved = 0
    for day, keys in days_keys.items():
        views, visits = found.get(keys[0], 0), found.get(keys[1], 0)
        if not (views or visits):
            continue
        lock = f"visits:flushing:{day:%Y%m%d}"
        if not cache.add(lock, 1, timeout=60):
            continue
        try:
            with transaction.atomic():
                row, created = DailyVisits.objects.get_or_create(
                    day=day, defaults={"visits": visits, "page_views": views}
                )
                if not created:
                    DailyVisits.objects.filter(pk=row.pk).update(
                        visits=F("visits") + visits, page_views=F("page_views") + views
                    )
            for key, value in zip(keys, (views, visits), strict=True):
                if value:
                    cache.decr(key, value)
            moved += 1
        finally:
            cache.delete(lock)
    return moved
