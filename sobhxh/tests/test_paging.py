"""`sobhxh.db.paging.CappedPaginator` against Django's plain `Paginator` over the first `cap`
rows: the same pages, in the same order, for list sizes around the page and cap boundaries
(the offices, about 700 rows, in several orders and filters)."""

import pytest
from django.core.paginator import Paginator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.db.paging import CappedPaginator
from sobhxh.units.models import Office

pytestmark = pytest.mark.django_db

LISTS = {
    "newest first": lambda: Office.objects.order_by("-pk"),
    "by code": lambda: Office.objects.order_by("code"),
    "by level, then name": lambda: Office.objects.order_by("level", "name", "pk"),
    "districts of 79": lambda: Office.objects.filter(province__code="79").order_by("-pk"),
    "a handful": lambda: Office.objects.filter(code__in=["VN", "01", "79"]).order_by("code"),
    "nothing": lambda: Office.objects.filter(code="none").order_by("pk"),
}
EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def pages(paginator) -> list[list[int]]:
    return [[row.pk for row in paginator.page(n)] for n in paginator.page_range]


@EXAMPLES
@given(
    which=st.sampled_from(sorted(LISTS)),
    per_page=st.integers(1, 120),
    orphans=st.integers(0, 5),
    cap=st.one_of(st.integers(0, 30), st.integers(680, 760), st.integers(0, 800)),
)
def test_capped_gives_the_pages_of_the_first_cap_rows_and_says_when_more_match(
    which, per_page, orphans, cap
):
    every = list(LISTS[which]())
    plain = Paginator(every[:cap], per_page, orphans=orphans)
    fast = CappedPaginator(LISTS[which](), per_page, orphans=orphans, cap=cap)
    assert fast.count == plain.count == min(len(every), cap)
    assert fast.capped == (len(every) > cap)
    assert pages(fast) == pages(plain)


def test_a_page_past_the_end_is_the_last_page_as_with_the_plain_paginator():
    fast = CappedPaginator(Office.objects.order_by("pk"), 50, cap=120)
    assert fast.num_pages == 3 and fast.capped
    assert [o.pk for o in fast.get_page(10_000)] == [o.pk for o in fast.page(3)]
    assert [o.pk for o in fast.get_page("x")] == [o.pk for o in fast.page(1)]
