"""An office's employers a page at a time (`managed_employers`, read in code order by the
database) against the plain way: every employer's figures, sorted by `exports.sort_rows`,
then sliced. Codes of every shape, so that the database's collation cannot differ from
Python's order unseen; sizes around the page size; both directions; today and the past."""

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.progress import exports
from sobhxh.progress.selectors import (
    managed_employer_figures,
    managed_employers,
    office_figures,
)
from sobhxh.testing.factories import make_books, make_employer, office_with_code

pytestmark = pytest.mark.django_db

CODES = st.text(alphabet="AaBbZz019-._ ĐđÂâ", min_size=1, max_size=6)


def as_rows(figures) -> list[tuple]:
    return [(f.code, f.name, tuple(sorted(f.by_state.items())), f.behind) for f in figures]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    codes=st.lists(CODES, max_size=23, unique=True),
    with_books=st.lists(st.integers(0, 22), max_size=3, unique=True),
    per_page=st.sampled_from([1, 2, 5, 22, 23, 24]),
    descending=st.booleans(),
    past=st.booleans(),
)
def test_a_page_of_employers_is_the_slice_of_all_of_them_sorted(
    codes, with_books, per_page, descending, past
):
    # Each example in a savepoint rolled back: they share the test's transaction.
    with transaction.atomic():
        office = office_with_code("760")
        made = [make_employer("760", code=code, name=f"Đơn vị {code}") for code in codes]
        for index in with_books:
            if index < len(made):
                make_books(made[index], 1 + index % 3, on=date(2017, 3, 1))
        as_of = date(2017, 6, 30) if past else date.today()

        everything = office_figures(office, as_of).children
        plain = exports.sort_rows(
            [f for f in everything if f.kind == "employer"], key="code", descending=descending
        )
        paginator = Paginator(managed_employers(office, descending=descending), per_page)
        assert paginator.count == len(plain)
        for number in paginator.page_range:
            page = paginator.page(number)
            got = managed_employer_figures(office, page.object_list, as_of)
            assert as_rows(got) == as_rows(plain[page.start_index() - 1 : page.end_index()])
        transaction.set_rollback(True)


def test_the_office_figures_without_employers_keep_the_offices_under_it():
    office = office_with_code("79")
    make_employer("79", code="PROV-1")
    children = office_figures(office, date.today(), with_employers=False).children
    assert children and all(child.kind != "employer" for child in children)
    assert "PROV-1" in {c.code for c in office_figures(office, date.today()).children}
