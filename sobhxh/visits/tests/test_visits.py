from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone

from sobhxh.visits import counters, middleware, selectors, services
from sobhxh.visits.models import DailyVisits

pytestmark = pytest.mark.django_db

BROWSER = "Mozilla/5.0 (Linux; Android 14) Chrome/126 Mobile"
PAGE = "/hoi-dap/"


@pytest.fixture
def visitor(client):
    client.defaults["HTTP_USER_AGENT"] = BROWSER
    return client


def test_page_views_and_visits_are_counted(visitor, client):
    for _ in range(3):
        visitor.get(PAGE)
    other = type(client)(HTTP_USER_AGENT=BROWSER)
    other.get("/binh-chon/ket-qua/")

    stats = selectors.stats()

    assert stats.page_views_total == 4
    assert stats.visits_today == 2 and stats.visits_total == 2
    assert stats.online == 2


def test_only_public_html_pages_of_people_count(visitor, django_user_model):
    visitor.get("/challenge/")  # JSON
    visitor.get("/staff/questions/")  # a redirect to the login
    visitor.get("/hoi-dap/khong-co/")  # 404
    visitor.post("/hoi-dap/tra-cuu/", {"reference": "X"})  # not a GET
    visitor.get(PAGE, HTTP_USER_AGENT="Googlebot/2.1")
    visitor.get(PAGE, HTTP_USER_AGENT="")
    user = django_user_model.objects.create_user("x", password="x")
    visitor.force_login(user)
    visitor.get("/admin/")

    assert selectors.stats().page_views_total == 0


def test_a_visit_is_the_first_page_of_the_day(visitor, monkeypatch):
    visitor.get(PAGE)
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(middleware.timezone, "localdate", lambda: tomorrow)

    visitor.get(PAGE)
    visitor.get(PAGE)

    assert cache.get(counters.visits_key(tomorrow)) == 1
    assert cache.get(counters.views_key(tomorrow)) == 2


def test_online_counts_a_visitor_once_in_five_minutes(visitor, monkeypatch):
    now = 1_700_000_000.0
    monkeypatch.setattr(middleware.time, "time", lambda: now)
    monkeypatch.setattr("sobhxh.visits.selectors.time.time", lambda: now)
    visitor.get(PAGE)
    visitor.get(PAGE)
    assert selectors.stats().online == 1

    now += 6 * 60  # gone quiet for six minutes: no longer online
    assert selectors.stats().online == 0
    visitor.get(PAGE)
    assert selectors.stats().online == 1


def test_nothing_that_identifies_a_visitor_is_kept(visitor):
    visitor.get(PAGE, REMOTE_ADDR="203.0.113.77")

    cookie = visitor.cookies[middleware.COOKIE].value
    day, minute = cookie.split(".")
    assert day == f"{timezone.localdate():%Y%m%d}" and minute.isdigit()
    stored = {key: cache.get(key) for key in _visit_keys()}
    assert stored and all(isinstance(value, int) for value in stored.values())
    assert not any("203.0.113.77" in key or cookie in key for key in stored)
    services.flush(timezone.localdate() + timedelta(days=1))
    row = DailyVisits.objects.values().get()
    assert set(row) == {"id", "day", "visits", "page_views"}


def _visit_keys():
    today, minute = timezone.localdate(), int(middleware.time.time() // 60)
    keys = [counters.views_key(today), counters.visits_key(today)]
    keys += [counters.online_key(minute - n) for n in range(5)]
    return [key for key in keys if cache.get(key) is not None]


class _Counting:
    def __init__(self, real):
        self.real, self.calls = real, []

    def __getattr__(self, name):
        attribute = getattr(self.real, name)
        if callable(attribute):

            def called(*args, **kwargs):
                self.calls.append(name)
                return attribute(*args, **kwargs)

            return called
        return attribute


def test_a_page_view_costs_one_cache_operation_and_no_query(
    visitor, monkeypatch, django_assert_num_queries
):
    from django.core.cache import cache as real

    counting = _Counting(real)
    monkeypatch.setattr(counters, "cache", counting)
    visitor.get(PAGE)  # the first: a visit and online, new keys
    assert len(counting.calls) <= 6
    counting.calls.clear()

    request = visitor.get(PAGE)
    assert counting.calls == ["incr"]
    assert request.status_code == 200

    counting.calls.clear()
    from django.http import HttpResponse
    from django.test import RequestFactory

    factory = RequestFactory(HTTP_USER_AGENT=BROWSER)
    plain = factory.get(PAGE)
    plain.resolver_match = type("M", (), {"namespace": "poll", "url_name": "results"})()
    with django_assert_num_queries(0):
        middleware.VisitsMiddleware(lambda r: HttpResponse("<p>x</p>"))(plain)
    assert counting.calls.count("incr") <= 3


def test_past_days_move_to_the_database_once(visitor, monkeypatch):
    yesterday = timezone.localdate() - timedelta(days=1)
    monkeypatch.setattr(middleware.timezone, "localdate", lambda: yesterday)
    visitor.get(PAGE)
    visitor.get(PAGE)
    monkeypatch.undo()
    DailyVisits.objects.create(day=date(2017, 1, 10), visits=10, page_views=30)

    first = selectors.stats()
    second = selectors.stats()

    assert first == second
    assert first.visits_total == 11 and first.page_views_total == 32
    assert DailyVisits.objects.get(day=yesterday).page_views == 2
    assert not cache.get(counters.views_key(yesterday))


def test_the_tag_shows_the_figures(visitor):
    DailyVisits.objects.create(day=date(2017, 1, 10), visits=1234, page_views=56789)

    html = Template("{% load visits %}{% visit_stats %}").render(Context({}))

    assert "Đang trực tuyến" in html
    assert "1.234" in html and "56.789" in html
