"""Counting the portal's page views, visits and visitors online, without knowing who visits.

A public page (a portal page, the questions, the poll, the self-service pages) answered
200 with HTML to a GET counts one page view. The browser then keeps a cookie holding two
numbers that are the same for every visitor of that day and minute: the day it was last
counted as a visit, and the minute it was last counted as online. Its first page of a day
counts a visit; a page more than ONLINE_MINUTES after it was last counted online counts it
online again. So each visitor is counted at most once in any ONLINE_MINUTES, and "online
now" sums the last minutes' counts. No identifier is made, sent or stored, and the server
keeps nothing per visitor.

Cost per page view: one cache increment; one more at a visitor's first page of the day,
and one more when it is counted online (at most every ONLINE_MINUTES). No database query.
Staff pages, the admin, the CMS, static files, errors, redirects and robots are not counted.
"""

import time

from django.utils import timezone

from . import counters

COOKIE = "luot_truy_cap"
COUNTED_NAMESPACES = frozenset({"questions", "poll", "selfservice"})
COUNTED_VIEWS = frozenset({"wagtail_serve"})
ROBOTS = ("bot", "crawl", "spider", "slurp", "curl", "wget", "python-requests", "headless")


def counts(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    match = getattr(request, "resolver_match", None)
    if match is None or not (
        match.namespace in COUNTED_NAMESPACES or match.url_name in COUNTED_VIEWS
    ):
        return False
    agent = request.META.get("HTTP_USER_AGENT", "").lower()
    return bool(agent) and not any(robot in agent for robot in ROBOTS)


def _read(cookie: str) -> tuple[str, int]:
    day, _dot, minute = cookie.partition(".")
    try:
        return day, int(minute)
    except ValueError:
        return "", 0


class VisitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if counts(request, response):
            count(request, response)
        return response


def count(request, response) -> None:
    today = timezone.localdate()
    day = f"{today:%Y%m%d}"
    minute = int(time.time() // 60)
    seen_day, seen_minute = _read(request.COOKIES.get(COOKIE, ""))
    counters.incr(counters.views_key(today), counters.DAY_KEY_SECONDS)
    changed = False
    if seen_day != day:
        counters.incr(counters.visits_key(today), counters.DAY_KEY_SECONDS)
        changed = True
    if not seen_minute or minute - seen_minute >= counters.ONLINE_MINUTES:
        counters.incr(counters.online_key(minute), counters.MINUTE_KEY_SECONDS)
        seen_minute = minute
        changed = True
    if changed:
        response.set_cookie(
            COOKIE,
            f"{day}.{seen_minute}",
            max_age=24 * 3600,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
