"""The counters in the cache, moved to the database by `flush`, against a plain count: each
page view counts once, and a visitor's first page view of a day counts one visit, whatever
the order of visitors and days and wherever the flushes fall."""

from datetime import date, timedelta
from types import SimpleNamespace

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sobhxh.visits import middleware, selectors, services
from sobhxh.visits.models import DailyVisits

FIRST_DAY = date(2026, 3, 2)
# Days within the flush's look-back of the last one, so that no day is left behind.
DAYS = services.LOOK_BACK_DAYS

steps = st.lists(
    st.one_of(
        st.tuples(st.just("view"), st.integers(0, 4), st.integers(0, 1439)),
        st.just(("flush", 0, 0)),
    ),
    max_size=60,
)
schedules = st.lists(steps, min_size=1, max_size=DAYS + 1)


def reference(schedule) -> tuple[int, int, int]:
    """(visits in all, page views in all, visits on the last day), counted plainly."""
    views = [(day, who) for day, todays in enumerate(schedule) for kind, who, _m in todays
             if kind == "view"]  # fmt: skip
    visits = {(day, who) for day, who in views}
    last = len(schedule) - 1
    return len(visits), len(views), sum(1 for day, _who in visits if day == last)


class CountersAgainstAPlainCount(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(schedules)
    def test_the_counters_equal_a_plain_count(self, schedule):
        cache.clear()
        DailyVisits.objects.all().delete()
        cookies: dict[int, str] = {}
        factory = RequestFactory()
        for offset, todays in enumerate(schedule):
            today = FIRST_DAY + timedelta(days=offset)
            for kind, who, minute in todays:
                if kind == "flush":
                    services.flush(today)
                    continue
                request = factory.get("/")
                if who in cookies:
                    request.COOKIES[middleware.COOKIE] = cookies[who]
                response = HttpResponse()
                with (
                    self.settings(USE_TZ=True),
                    _at(today, minute),
                ):
                    middleware.count(request, response)
                if middleware.COOKIE in response.cookies:
                    cookies[who] = response.cookies[middleware.COOKIE].value

        last_day = FIRST_DAY + timedelta(days=len(schedule) - 1)
        found = selectors.stats(last_day)

        visits, views, visits_today = reference(schedule)
        assert (found.visits_total, found.page_views_total) == (visits, views)
        assert found.visits_today == visits_today
        cache.clear()


class _at:
    """The middleware's clock: `today` at `minute` past midnight."""

    def __init__(self, today: date, minute: int):
        self.today, self.minute = today, minute

    def __enter__(self):
        from unittest import mock

        epoch_minute = (self.today - date(1970, 1, 1)).days * 1440 + self.minute
        self.patches = [
            mock.patch.object(middleware.timezone, "localdate", return_value=self.today),
            # The middleware's own name only: the cache's expiry reads the real clock.
            mock.patch.object(
                middleware, "time", SimpleNamespace(time=lambda: epoch_minute * 60.0)
            ),
        ]
        for patch in self.patches:
            patch.start()

    def __exit__(self, *exc):
        for patch in self.patches:
            patch.stop()
