"""Reads of the visit statistics: the database's past days plus what the cache still holds."""

import time
from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from . import counters, services
from .models import DailyVisits


@dataclass(frozen=True)
class Stats:
    online: int
    visits_today: int
    visits_total: int
    page_views_total: int


def stats(today: date | None = None) -> Stats:
    today = today or timezone.localdate()
    services.flush(today)  # a no-op (one cache read) once past days are in the database
    minute = int(time.time() // 60)
    online_keys = [counters.online_key(minute - n) for n in range(counters.ONLINE_MINUTES)]
    day_keys = [counters.views_key(today), counters.visits_key(today)]
    found = cache.get_many([*online_keys, *day_keys])
    stored = DailyVisits.objects.aggregate(visits=Sum("visits"), views=Sum("page_views"))
    visits_today = found.get(day_keys[1], 0)
    return Stats(
        online=sum(found.get(key, 0) for key in online_keys),
        visits_today=visits_today,
        visits_total=(stored["visits"] or 0) + visits_today,
        page_views_total=(stored["views"] or 0) + found.get(day_keys[0], 0),
    )
