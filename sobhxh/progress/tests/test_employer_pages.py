"""An office's employers a page at a time (`managed_employers`, read in code order by the
database; `employer_order.employers_in_order`, by any column: on PostgreSQL sorted and
sliced by one query) against the plain way: every employer's figures, sorted by
`exports.sort_rows`, then sliced. Codes of every shape, so that the database's collation
cannot differ from Python's order unseen; books in every state, so that counts and
percentages tie and differ; sizes around the page size; both directions; today and the
past."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.paginator import Paginator
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.books.lifecycle import State
from sobhxh.progress import exports
from sobhxh.progress.employer_order import (
    _STATE_COLUMNS,
    _VALUES,
    employers_in_order,
    plainly_sorted,
)
from sobhxh.progress.selectors import (
    Figures,
    managed_employer_figures,
    managed_employers,
    office_figures,
)
from sobhxh.testing.factories import make_books, make_employer, office_with_code, put_in_state

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


# (employer index, state, moved after the past date?)
BOOKS = st.lists(
    st.tuples(st.integers(0, 12), st.sampled_from(State.values), st.booleans()), max_size=14
)


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    codes=st.lists(CODES, max_size=13, unique=True),
    names=st.lists(st.sampled_from(["Đông Á", "dong a", "Bình Minh", "An", "Ấn", "an"])),
    books=BOOKS,
    key=st.sampled_from([column.key for column in exports.COLUMNS]),
    per_page=st.sampled_from([1, 2, 5, 12, 13, 14]),
    descending=st.booleans(),
    past=st.booleans(),
)
def test_employers_in_any_column_s_order_are_the_slice_of_all_of_them_sorted(
    codes, names, books, key, per_page, descending, past
):
    with transaction.atomic():
        office = office_with_code("760")
        made = [
            make_employer("760", code=code, name=names[i % len(names)] if names else code)
            for i, code in enumerate(codes)
        ]
        for index, state, late in books if made else []:
            (book,) = make_books(made[index % len(made)], 1, on=date(2017, 3, 1))
            put_in_state(book, state, on=date(2017, 9, 1) if late else date(2017, 4, 1))
        as_of = date(2017, 6, 30) if past else date.today()

        plain = plainly_sorted(office, key, descending=descending, as_of=as_of)
        ordered = employers_in_order(office, key, descending=descending, as_of=as_of)
        paginator = Paginator(ordered, per_page)
        assert paginator.count == len(plain)
        for number in paginator.page_range:
            page = paginator.page(number)
            got = [tuple(row) for row in page.object_list]
            assert got == plain[page.start_index() - 1 : page.end_index()], (key, number)
        transaction.set_rollback(True)


def test_the_office_figures_without_employers_keep_the_offices_under_it():
    office = office_with_code("79")
    make_employer("79", code="PROV-1")
    children = office_figures(office, date.today(), with_employers=False).children
    assert children and all(child.kind != "employer" for child in children)
    assert "PROV-1" in {c.code for c in office_figures(office, date.today()).children}


@pytest.mark.parametrize("past", [False, True])
def test_the_employers_with_most_books_handed_over_come_first_when_asked(past):
    office = office_with_code("760")
    few, many, none = (make_employer("760", code=code) for code in ("B-1", "A-2", "C-3"))
    for employer, handed_over in ((few, 1), (many, 2), (none, 0)):
        for book in make_books(employer, 2, on=date(2017, 3, 1)):
            if handed_over:
                put_in_state(book, State.HANDED_OVER, on=date(2017, 4, 1))
                handed_over -= 1
    as_of = date(2017, 6, 30) if past else date.today()
    for key, descending, codes in [
        ("handed_over", True, ["A-2", "B-1", "C-3"]),
        ("handed_over", False, ["C-3", "B-1", "A-2"]),
        ("percent", True, ["A-2", "B-1", "C-3"]),
    ]:
        ordered = employers_in_order(office, key, descending=descending, as_of=as_of)
        got = [code for _pk, code, _name in ordered[0:10] if code in codes]
        assert got == codes, (key, descending)


@st.composite
def counts_by_state(draw) -> dict[str, int]:
    """Books in each state, from none to a national district's, with the books handed over
    often a round share of those due: where rounding to a hundredth ties and halves."""
    due = draw(st.one_of(st.integers(0, 20), st.integers(0, 10**7)))
    handed_over = draw(
        st.one_of(
            st.integers(0, due),
            st.sampled_from([due * n // d for n, d in ((1, 3), (1, 8), (2, 3), (5, 7), (1, 1))]),
        )
    )
    rest = due - handed_over
    split = [draw(st.integers(0, rest)) for _ in range(3)]
    cuts = sorted([0, *split, rest])
    by_state = dict.fromkeys(State.values, 0)
    by_state[State.HANDED_OVER] = handed_over
    by_state[State.EXCLUDED] = draw(st.integers(0, 10**6))
    for state, (low, high) in zip(
        (State.NOT_REVIEWED, State.IN_REVIEW, State.DISPUTED, State.CONFIRMED),
        itertools.pairwise(cuts),
        strict=True,
    ):
        by_state[state] = high - low
    return by_state


@settings(max_examples=400, deadline=None)
@given(by_state=counts_by_state())
def test_the_percent_the_database_sorts_by_is_the_figures_percent_in_hundredths(by_state):
    """`employer_order` sorts by the percentage in integer hundredths (NUMERIC division was
    its slowest part); `Figures.percent`, in Decimal, is the plain twin."""
    # Typed as the query's sums of integers are: bigint.
    columns = ", ".join(f"CAST(%s AS bigint) AS {column}" for column in _STATE_COLUMNS.values())
    sql = f"SELECT {_VALUES['percent']} FROM (SELECT CAST(%s AS bigint) AS books, {columns}) t"
    with connection.cursor() as cursor:
        cursor.execute(sql, [sum(by_state.values()), *by_state.values()])
        (hundredths,) = cursor.fetchone()
    plain = Figures("E", "E", "employer", date.today(), by_state).percent
    assert (None if hundredths is None else Decimal(hundredths) / 100) == plain
