"""Limits on attempts at the public forms: so many per number, per address, per window.

Each limit counts attempts in fixed windows of time (a window's count starts at zero
when the next window begins), in Django's cache: Redis when REDIS_URL is set, shared by
every server process; otherwise diskcache's SQLite files in the state folder, shared by
the processes of one machine. Both increment atomically. What is counted (a social
insurance number, an address) is never stored: the key holds an HMAC of it, with the
site's secret.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Limit:
    name: str
    attempts: int
    seconds: int

    def _key(self, value: str, now: float) -> str:
        digest = salted_hmac("sobhxh.limits", f"{self.name}:{value}", algorithm="sha256")
        window = int(now // self.seconds)
        return f"limit:{self.name}:{window}:{digest.hexdigest()[:32]}"

    def hit(self, value: str) -> bool:
        """Count one attempt for `value`; whether it is still within the limit."""
        key = self._key(value, time.time())
        cache.add(key, 0, timeout=self.seconds + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=self.seconds + 1)
            count = 1
        return count <= self.attempts

    def exceeded(self, value: str) -> bool:
        """Whether `value` has used up this window's attempts, without counting one."""
        return (cache.get(self._key(value, time.time())) or 0) >= self.attempts
