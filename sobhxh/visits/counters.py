"""The visit counters in Django's cache (Redis in production: shared and atomic).

Per day (the local date): `visits:views:<yyyymmdd>` and `visits:visits:<yyyymmdd>`; per
minute: `visits:online:<minute since the epoch>`, the visitors counted as online that
minute. Keys hold numbers only, nothing about a visitor. Day keys live long enough for a
later read (or `flush_visits`) to move them into `DailyVisits`.
"""

from datetime import date

from django.core.cache import cache

DAY_KEY_SECONDS = 40 * 24 * 3600
MINUTE_KEY_SECONDS = 10 * 60
ONLINE_MINUTES = 5


def views_key(day: date) -> str:
    return f"visits:views:{day:%Y%m%d}"


def visits_key(day: date) -> str:
    return f"visits:visits:{day:%Y%m%d}"


def online_key(minute: int) -> str:
    return f"visits:online:{minute}"


def incr(key: str, timeout: int) -> None:
    """One more in `key`: a single cache operation, but when the key is new."""
    try:
        cache.incr(key)
    except ValueError:  # not there yet: the first count of its day or minute
        if not cache.add(key, 1, timeout=timeout):
            cache.incr(key)
