"""The campaign page's figures are the counters', read through progress and reports, and
kept in the cache."""

from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sobhxh.books.lifecycle import State
from sobhxh.portal import selectors
from sobhxh.progress.selectors import office_figures
from sobhxh.testing.factories import make_books, make_employer, put_in_state
from sobhxh.units import selectors as units

TODAY = date(2017, 6, 30)


def world():
    hanoi = make_employer("001")
    hcm = make_employer("760")
    books_hanoi = make_books(hanoi, 4)
    books_hcm = make_books(hcm, 6)
    put_in_state(books_hanoi[0], State.HANDED_OVER)
    put_in_state(books_hanoi[1], State.HANDED_OVER)
    put_in_state(books_hanoi[2], State.IN_REVIEW)
    put_in_state(books_hcm[0], State.HANDED_OVER)
    put_in_state(books_hcm[1], State.DISPUTED)
    put_in_state(books_hcm[2], State.EXCLUDED)


def test_the_figures_are_the_counters(db, django_assert_max_num_queries):
    world()
    with django_assert_max_num_queries(8):
        figures = selectors.campaign_figures()
    nation = figures.nation
    assert (nation.books, nation.due, nation.handed_over, nation.reviewed) == (10, 9, 3, 5)
    assert nation.percent == Decimal("33.33")
    assert [(m.target_percent, m.reached) for m in figures.milestones] == [
        (Decimal("60.00"), False),
        (Decimal("100.00"), False),
    ]
    assert len(figures.provinces) == 63
    rows = {row.code: row for row in figures.provinces}
    assert (rows["01"].books, rows["01"].handed_over, rows["01"].reviewed) == (4, 2, 3)
    assert (rows["79"].due, rows["79"].handed_over, rows["79"].percent) == (5, 1, Decimal("20.00"))
    counters = office_figures(units.centre(), figures.as_of)
    assert (nation.books, nation.handed_over) == (counters.books, counters.handed_over)


def test_the_figures_are_kept_in_the_cache_for_the_day(db, django_assert_num_queries):
    world()
    first = selectors.campaign_figures(TODAY)
    with django_assert_num_queries(0):
        assert selectors.campaign_figures(TODAY) == first
    assert cache.get(selectors.cache_key(TODAY)) == first
    cache.delete(selectors.cache_key(TODAY))
    with CaptureQueriesContext(connection) as queries:
        selectors.campaign_figures(TODAY)
    # Counters only: no query reads the books or their events.
    assert not any(
        "books_book" in q["sql"] or "books_event" in q["sql"] for q in queries.captured_queries
    )


def test_the_campaign_page_shows_the_provinces_against_the_targets(client, portal):
    world()
    page = client.get(portal.campaign.url).content.decode()
    assert "BHXH Thành phố Hà Nội" in page and "BHXH Thành phố Hồ Chí Minh" in page
    assert "33,33%" in page and "20%" in page
    assert "31/12/2017" in page and "31/12/2018" in page
    assert page.count("<tr") == 1 + 63 + 1


def test_the_campaign_page_reads_a_bounded_number_of_queries(
    client, portal, django_assert_max_num_queries
):
    world()
    client.get(portal.campaign.url)  # fills the cache, the site's caches
    with django_assert_max_num_queries(12):
        assert client.get(portal.campaign.url).status_code == 200
