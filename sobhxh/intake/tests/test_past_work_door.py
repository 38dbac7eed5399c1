"""The books' door for the work done before the file, set-based
(`register_books_with_steps`, `take_steps`), against its plain twin: `register_books` on
the first step's day and one `transition` a step, a book at a time. On generated books and
steps (every mix of dates, steps the lifecycle or a later event refuses, statement chunks
forced small so that inputs cross their boundaries), both must leave the same books,
events and counters, and refuse the same books."""

import json
import os
from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.books import services
from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import WAITING_STATES, Action, State, Via, WaitingReason
from sobhxh.books.models import Book, BookEvent
from sobhxh.books.services import (
    PAST_STEPS,
    NewBook,
    Step,
    register_books,
    register_books_with_steps,
    set_waiting,
    take_steps,
    transition,
)
from sobhxh.progress.models import EmployerCount, EmployerDelta, OfficeCount, OfficeDelta
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_employer, put_in_state

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("DOOR_EXAMPLES", "25"))
FIRST_DAY = date(2017, 1, 2)
STORED_STATES = (State.NOT_REVIEWED, State.IN_REVIEW, State.CONFIRMED, State.HANDED_OVER,
                 State.EXCLUDED, State.DISPUTED)  # fmt: skip
RECEIVERS = ({"receiver": "worker"}, {"receiver": "authorised", "receiver_name": "Lê Thị Mẹ"})


@st.composite
def step_lists(draw, *, from_any_action=False):
    """Steps in date order, from the first past step on (or any, to be refused); days
    often repeat, so that several steps fall on one day."""
    actions = list(PAST_STEPS)
    start = draw(st.integers(0, 2)) if from_any_action else 0
    length = draw(st.integers(0, 3 - start))
    offsets = sorted(draw(st.lists(st.sampled_from([0, 0, 1, 30, 400]), min_size=length,
                                   max_size=length)))  # fmt: skip
    day, steps = FIRST_DAY + timedelta(days=draw(st.sampled_from([0, 10, 60]))), []
    for action, offset in zip(actions[start : start + length], offsets, strict=True):
        day += timedelta(days=offset)
        details = draw(st.sampled_from(RECEIVERS)) if action == Action.HAND_OVER else None
        steps.append(Step(action, day, details))
    return steps


worlds = st.fixed_dictionaries(
    {
        "new": st.lists(step_lists(), max_size=9),
        # (state the stored book is put in, on which day, the steps it is then given)
        "stored": st.lists(
            st.tuples(
                st.sampled_from(STORED_STATES),
                st.sampled_from([FIRST_DAY, date(2017, 2, 1), date(2018, 1, 1)]),
                step_lists(from_any_action=True),
                st.booleans(),  # waiting for its employer's arrears, where it can
            ),
            max_size=9,
        ),
        "chunk": st.integers(1, 4),
    }
)


def _new_book(index: int, employer) -> NewBook:
    return NewBook(
        number=f"77{index:08d}",
        full_name=f"Nguyễn Văn Số {index}",
        birth_date=date(1990, 1, 1),
        sex="male",
        employer_id=employer.pk,
        office_id=employer.office_id,
    )


def _store(world, employers) -> list[tuple[int, list[Step]]]:
    """The stored books, each registered and put in its state through the door."""
    items = []
    for index, (state, day, steps, waits) in enumerate(world["stored"]):
        book = _new_book(500 + index, employers[index % 2])
        register_books([book], on=day, via=Via.COMMAND)
        stored = Book.objects.get(number=book.number)
        put_in_state(stored, state, on=day)
        if waits and state in WAITING_STATES:
            set_waiting(book=stored, reason=WaitingReason.ARREARS, on=day)
        items.append((stored.pk, steps))
    return items


def _fast(world, employers, monkeypatch) -> set[str]:
    monkeypatch.setattr(services, "BOOKS_PER_STATEMENT", world["chunk"])
    items = _store(world, employers)
    new = [(_new_book(i, employers[i % 2]), steps) for i, steps in enumerate(world["new"])]
    register_books_with_steps(new, via=Via.IMPORT)
    return {number for number, _why in take_steps(items, via=Via.IMPORT).refused}


def _plain(world, employers) -> set[str]:
    items = _store(world, employers)
    for index, steps in enumerate(world["new"]):
        book = _new_book(index, employers[index % 2])
        register_books([book], on=steps[0].on if steps else services.today(), via=Via.IMPORT)
        _steps_one_by_one(Book.objects.get(number=book.number), steps)
    refused = set()
    for pk, steps in items:
        book = Book.objects.get(pk=pk)
        try:
            with transaction.atomic():  # a book takes all its steps or none
                _steps_one_by_one(book, steps)
        except LifecycleError:
            refused.add(book.number)
    return refused


def _steps_one_by_one(book: Book, steps: list[Step]) -> None:
    for action, on, details in steps:
        transition(book=book, action=action, on=on, details=details, via=Via.IMPORT)


def _registry() -> tuple:
    books = sorted(
        Book.objects.values_list(
            "number", "state", "state_on", "waiting_reason", "office_id", "employer__code"
        )
    )
    events = sorted(
        (number, action, before, after, on, via, json.dumps(details, sort_keys=True), waiting)
        for number, action, before, after, on, via, details, waiting in (
            BookEvent.objects.values_list(
                "book__number",
                "action",
                "from_state",
                "to_state",
                "happened_on",
                "via",
                "details",
                "waiting_reason",
            )
        )
    )
    counters = (
        sorted(OfficeCount.objects.exclude(total=0).values_list("office_id", "state", "total")),
        sorted(
            EmployerCount.objects.exclude(total=0).values_list("employer__code", "state", "total")
        ),
        sorted(
            OfficeDelta.objects.exclude(change=0).values_list("office_id", "day", "state", "change")
        ),
        sorted(
            EmployerDelta.objects.exclude(change=0).values_list(
                "employer__code", "day", "state", "change"
            )
        ),
    )
    return books, events, counters


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(world=worlds)
def test_the_set_based_door_leaves_what_one_transition_a_step_leaves(world, monkeypatch):
    with transaction.atomic():
        employers = [make_employer("001"), make_employer("760")]
        outcomes = []
        for run in (lambda: _fast(world, employers, monkeypatch), lambda: _plain(world, employers)):
            with transaction.atomic():
                refused = run()
                outcomes.append((refused, _registry()))
                assert verify() == []
                transaction.set_rollback(True)
        monkeypatch.undo()
        assert outcomes[0] == outcomes[1]
        transaction.set_rollback(True)


def test_a_book_whose_steps_are_out_of_order_is_not_registered(monkeypatch):
    employer = make_employer("001")
    steps = [Step(Action.START_REVIEW, date(2017, 3, 2)), Step(Action.CONFIRM, date(2017, 3, 1))]
    with pytest.raises(LifecycleError):
        register_books_with_steps([(_new_book(1, employer), steps)])
    assert not Book.objects.exists() and not BookEvent.objects.exists()
