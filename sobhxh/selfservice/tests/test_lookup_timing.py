"""A wrong number and a wrong second proof are not told apart by time either: the two
paths run the same statements (checked exactly), and over 200 tries each, interleaved,
their times do not differ measurably (the median paired difference under 5 % and 1 ms,
Mann-Whitney's test finds no difference).

Each try asks about a number of its own on both sides, so that the limits' counters (one
per number) do the same work on both paths; the limits are raised for the test."""

import math
import re
import statistics
import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sobhxh.limits import Limit
from sobhxh.selfservice import services
from sobhxh.testing.challenge import solved
from sobhxh.testing.factories import make_books, make_employer

from .helpers import LOOKUP

pytestmark = pytest.mark.django_db

TRIES = 200
WARM_UP = 20


@pytest.fixture
def unlimited(monkeypatch):
    monkeypatch.setattr(services, "PER_NUMBER", Limit("t-number", 10**9, 900))
    monkeypatch.setattr(services, "PER_ADDRESS", Limit("t-address", 10**9, 900))


def post(client, number: str, payload: str):
    return client.post(LOOKUP, {"number": number, "birth_date": "02/02/1990", "altcha": payload})


def shape(sql: str) -> str:
    """A statement without its values: what the database is asked to do."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def test_both_failures_run_the_same_statements(client, unlimited):
    book = make_books(make_employer("001"), 1)[0]  # born 01/01/1990
    client.get("/tra-cuu/")  # the public pages' menu, read once and then from the cache
    runs = []
    for number in ("9999999999", book.number):
        payload = solved(client)
        with CaptureQueriesContext(connection) as queries:
            response = post(client, number, payload)
        assert response.status_code == 200
        runs.append([shape(q["sql"]) for q in queries.captured_queries])

    assert runs[0] == runs[1]


def mann_whitney_p(a: list[float], b: list[float]) -> float:
    """Two-sided p-value of the Mann-Whitney U test (normal approximation, ties averaged)."""
    ranked = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    ranks = [0.0] * len(ranked)
    i = 0
    while i < len(ranked):
        j = i
        while j + 1 < len(ranked) and ranked[j + 1][0] == ranked[i][0]:
            j += 1
        for k in range(i, j + 1):
            ranks[k] = (i + j) / 2 + 1
        i = j + 1
    n1, n2 = len(a), len(b)
    r1 = sum(r for r, (_v, side) in zip(ranks, ranked, strict=True) if side == 0)
    u = r1 - n1 * (n1 + 1) / 2
    z = (u - n1 * n2 / 2) / math.sqrt(n1 * n2 * (n1 + n2 + 1) / 12)
    return math.erfc(abs(z) / math.sqrt(2))


def interleaved(books, unknown, run) -> dict[str, list[float]]:
    """Time `run(number)` for each unknown number and each book's number, interleaved, the
    order alternating, so that drift in the machine's load falls on both sides alike."""
    times: dict[str, list[float]] = {"unknown": [], "wrong": []}
    for n in range(len(books)):
        order = [("unknown", unknown[n]), ("wrong", books[n].number)]
        for side, number in order if n % 2 else reversed(order):
            start = time.perf_counter()
            run(number, n)
            elapsed = time.perf_counter() - start
            if n >= WARM_UP:
                times[side].append(elapsed)
    return times


def summary(times) -> tuple[float, float, float, str]:
    """The median time, the median of the paired differences (each unknown try against the
    wrong try beside it: the machine's drift cancels out), and Mann-Whitney's p."""
    unknown, wrong = times["unknown"], times["wrong"]
    typical = statistics.median(unknown + wrong)
    paired = statistics.median(u - w for u, w in zip(unknown, wrong, strict=True))
    p = mann_whitney_p(unknown, wrong)
    report = (
        f"medians {statistics.median(unknown) * 1000:.3f} ms (unknown) vs "
        f"{statistics.median(wrong) * 1000:.3f} ms (wrong); paired difference "
        f"{paired * 1000:+.3f} ms ({paired / typical:+.1%}); Mann-Whitney p={p:.3g}"
    )
    return typical, paired, p, report


class _Open:
    """A limit that always lets through: the limits hash whatever number they are given
    and write the cache the same way on both paths (the statements test above, and the
    whole request below, include them), but the cache's disk writes would drown the
    microseconds this test looks at."""

    def hit(self, value: str) -> bool:
        return True


def test_the_lookup_takes_the_same_time_for_a_wrong_number_and_a_wrong_proof(monkeypatch):
    """The service (the indexed query, the comparison, the log row): the only code whose
    path could depend on whether the number exists."""
    monkeypatch.setattr(services, "PER_NUMBER", _Open())
    monkeypatch.setattr(services, "PER_ADDRESS", _Open())
    books = make_books(make_employer("001"), TRIES + WARM_UP)  # all born 01/01/1990
    unknown = [f"99{n:08d}" for n in range(TRIES + WARM_UP)]
    wrong_birth = date(1990, 2, 2)

    def run(number, n):
        found = services.look_up(number=number, birth_date=wrong_birth,
                                 address=f"203.0.{n % 200}.1", path=LOOKUP)  # fmt: skip
        assert found.book_id is None

    typical, paired, _p, report = summary(interleaved(books, unknown, run))
    print(report)
    assert abs(paired) < 0.001, report
    assert abs(paired) < 0.05 * typical, report


def test_the_whole_request_takes_the_same_time_for_both(client, unlimited):
    """The whole POST, challenge included: on a shared machine a page's time wanders by
    milliseconds, so the test asks whether the two samples differ at all (Mann-Whitney,
    p > 0.001: a false alarm one run in a thousand), and bounds the paired difference at
    10 % (the page's own noise is a few per cent; the service's bound above is the tight one)."""
    books = make_books(make_employer("001"), TRIES + WARM_UP)
    unknown = [f"99{n:08d}" for n in range(TRIES + WARM_UP)]
    payloads = [solved(client) for _ in range(2 * (TRIES + WARM_UP))]

    def run(number, n):
        payload = payloads.pop()
        assert post(client, number, payload).status_code == 200

    typical, paired, p, report = summary(interleaved(books, unknown, run))
    print(report)
    assert p > 0.001, report
    assert abs(paired) < 0.10 * typical, report
