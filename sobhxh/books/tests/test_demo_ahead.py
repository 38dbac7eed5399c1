"""The demo's chunks planned in a child process (`demo.ahead`) are the chunks the plain
in-process `Planner.chunks()` plans: the fast path and its slow twin, on every shape."""

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.books.demo import ahead, generator
from sobhxh.books.demo.generator import Ids, Planner
from sobhxh.books.demo.writer import offices

pytestmark = pytest.mark.django_db


def rows(chunk: generator.Chunk) -> tuple:
    return tuple(getattr(chunk, f.name) for f in dataclasses.fields(chunk))


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    books=st.integers(1, 120),
    seed=st.integers(0, 2**16),
    chunk_books=st.sampled_from([1, 2, 7, 50, 119, 120, 121, 20_000]),
    queued=st.integers(1, 3),
)
def test_chunks_planned_ahead_are_the_chunks_planned_here(
    monkeypatch, books, seed, chunk_books, queued
):
    monkeypatch.setattr(generator, "CHUNK_BOOKS", chunk_books)
    monkeypatch.setattr(ahead, "AHEAD", queued)
    known = offices()
    first = Ids(employer=5, book=11, period=17, event=23)

    here = Planner(known, books=books, seed=seed, ids=dataclasses.replace(first))
    expected = [rows(chunk) for chunk in here.chunks()]
    there = Planner(known, books=books, seed=seed, ids=dataclasses.replace(first))
    got = [rows(chunk) for chunk in ahead.chunks_planned_ahead(there)]

    assert got == expected
    assert there.ids == here.ids  # the counts the command prints, and the next free ids


def test_a_failure_in_the_planning_process_is_raised_here(monkeypatch):
    def broken(self, chunk, size):
        raise ValueError("no such district")

    monkeypatch.setattr(Planner, "_plan_employer", broken)
    planner = Planner(offices(), books=10, seed=1, ids=Ids())
    with pytest.raises(RuntimeError, match="no such district"):
        list(ahead.chunks_planned_ahead(planner))


def test_no_demo_employer_holds_more_books_than_the_largest_real_ones():
    assert Planner(offices(), books=15_000_000, seed=1, ids=Ids()).size_cap == 100_000
    assert Planner(offices(), books=200_000, seed=1, ids=Ids()).size_cap == 5_000
