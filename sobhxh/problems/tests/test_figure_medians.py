"""Property: the median days to resolution that PostgreSQL computes per group
(`median_days_in_sql`) equal the plain Python median over every resolved problem
(`median_days_plain`), whatever the groups, sizes (none, one, even, odd) and durations."""

import math
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.problems.models import Problem
from sobhxh.problems.selectors import median_days_in_sql, median_days_plain
from sobhxh.problems.states import State
from sobhxh.testing.factories import department

from .conftest import problem_in

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="percentile_cont is PostgreSQL's"),
]

POOL = 14
EPOCH = datetime(2017, 1, 1, tzinfo=UTC)
# (department index, resolved?, raised seconds after EPOCH, seconds to resolution)
one = st.tuples(
    st.integers(0, 2),
    st.booleans(),
    st.integers(0, 400 * 86400),
    st.one_of(st.integers(0, 90 * 86400), st.sampled_from([0, 1, 43200, 86400])),
)
GROUPINGS = [["department_id"], ["office_id", "category_id"], ["category_id"]]


@pytest.fixture
def pool(people):
    # Resolved through the services (a resolution is required); an example closes those it
    # leaves unresolved.
    return [problem_in(State.RESOLVED, people).pk for _ in range(POOL)]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(one, max_size=POOL), microseconds=st.integers(0, 999_999))
def test_the_database_median_is_the_plain_median(pool, rows, microseconds):
    departments = [department("79", code).pk for code in ("book_card", "it", "revenue")]
    Problem.objects.filter(pk__in=pool).update(state=State.CLOSED, resolved_at=None)
    for pk, (which, resolved, raised, took) in zip(pool, rows, strict=False):
        created = EPOCH + timedelta(seconds=raised, microseconds=microseconds)
        Problem.objects.filter(pk=pk).update(
            department_id=departments[which],
            created_at=created,
            state=State.RESOLVED if resolved else State.CLOSED,
            resolved_at=created + timedelta(seconds=took) if resolved else None,
        )
    problems = Problem.objects.filter(pk__in=pool)
    for columns in GROUPINGS:
        fast = median_days_in_sql(problems, columns)
        plain = median_days_plain(problems, columns)
        assert fast.keys() == plain.keys()
        for key, median in plain.items():
            assert math.isclose(fast[key], median, rel_tol=1e-12, abs_tol=1e-9), key
