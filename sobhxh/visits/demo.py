"""Demo visit counts for the past days (a few hundred rows, one insert)."""

import random
from datetime import date, timedelta

from django.utils import timezone

from .models import DailyVisits


def write(rng: random.Random, *, days: int = 365, today: date | None = None) -> int:
    today = today or timezone.localdate()
    rows = []
    for back in range(1, days + 1):
        day = today - timedelta(days=back)
        weekday = day.weekday() < 5
        visits = int(rng.uniform(900, 1600) if weekday else rng.uniform(300, 700))
        rows.append(
            DailyVisits(day=day, visits=visits, page_views=int(visits * rng.uniform(2.8, 4.2)))
        )
    DailyVisits.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
