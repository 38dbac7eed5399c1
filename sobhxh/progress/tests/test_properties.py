"""Property: whatever sequence of actions offices take over many books, through the one
door or its bulk path, the counters stay exact, `verify` finds nothing, replaying each
book's events gives its state, and the figures as of any past date (books by state, by
waiting reason, and the actions of each day) equal a hand count from the events."""

from collections import Counter
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import MOVES, WaitingReason, allowed_actions, allowed_triples
from sobhxh.books.models import Book, BookEvent
from sobhxh.books.services import (
    clear_employer_arrears,
    clear_waiting,
    edit_book,
    mark_employer_in_arrears,
    set_waiting,
    set_waiting_many,
    transition,
    transition_many,
)
from sobhxh.progress.buckets import COUNTED_ACTIONS
from sobhxh.progress.selectors import (
    employer_figures,
    employer_waiting_totals,
    office_action_totals,
    office_figures,
    office_waiting_totals,
)
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import DETAILS, make_books, make_employer, make_user, office_with_code

START = date(2017, 1, 2)
ACTIONS = sorted(MOVES)
# (how, which books, which action, whether to try a forbidden one, days since the last step)
REASONS = WaitingReason.values
step = st.tuples(
    st.sampled_from(
        ["one", "one", "many", "edit", "wait", "wait", "wait_many", "clear", "arrears", "paid"]
    ),
    st.lists(st.integers(0, 5), min_size=1, max_size=4),
    st.integers(0, 20),
    st.booleans(),
    st.integers(-3, 20),
)


def pick_action(book: Book, pick: int, forbidden: bool) -> str:
    """Mostly an action the book's state allows, so that sequences get somewhere."""
    book.refresh_from_db()
    allowed = allowed_actions(book.state)
    if forbidden or not allowed:
        return ACTIONS[pick % len(ACTIONS)]
    return allowed[pick % len(allowed)]


def details_for(action: str) -> dict | None:
    return {"receiver": "worker"} if action == "hand_over" else DETAILS.get(action)


def hand_count(as_of: date, employer_id: int | None = None) -> Counter:
    """Each book's state on `as_of`, read off its events alone."""
    states: dict[int, str] = {}
    events = BookEvent.objects.filter(happened_on__lte=as_of).order_by("book_id", "id")
    for book_id, to_state, event_employer in events.values_list(
        "book_id", "to_state", "employer_id"
    ):
        states[book_id] = (to_state, event_employer)
    return Counter(
        state for state, emp in states.values() if employer_id is None or emp == employer_id
    )


def hand_count_waiting(as_of: date, employer_id: int | None = None) -> Counter:
    """Each book's waiting reason on `as_of`, read off its events alone."""
    reasons: dict[int, tuple[str, int]] = {}
    events = BookEvent.objects.filter(happened_on__lte=as_of).order_by("book_id", "id")
    for book_id, reason, event_employer in events.values_list(
        "book_id", "waiting_reason", "employer_id"
    ):
        reasons[book_id] = (reason, event_employer)
    return Counter(
        reason
        for reason, emp in reasons.values()
        if reason and (employer_id is None or emp == employer_id)
    )


def hand_count_actions(first: date, last: date) -> Counter:
    """The events of each counted action on each day from `first` to `last`."""
    events = BookEvent.objects.filter(
        happened_on__gte=first, happened_on__lte=last, action__in=COUNTED_ACTIONS
    )
    return Counter(events.values_list("happened_on", "action"))


def nonzero(by_state: dict[str, int]) -> Counter:
    return Counter({state: n for state, n in by_state.items() if n})


class LifecycleProperties(TestCase):
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(steps=st.lists(step, min_size=1, max_size=30))
    def test_any_sequence_of_actions_keeps_counters_history_and_replay_exact(self, steps):
        supervisor = make_user("sup", supervisor=True)
        employers = [make_employer("001"), make_employer("760")]
        books = make_books(employers[0], 3) + make_books(employers[1], 3)
        day = START
        for kind, indexes, pick, forbidden, delta in steps:
            on = day + timedelta(days=delta)
            day = max(day, on)
            chosen = [books[i] for i in indexes]
            action = pick_action(chosen[0], pick, forbidden and pick % 4 == 0)
            reason = REASONS[pick % len(REASONS)]
            if kind in ("arrears", "paid"):
                service = mark_employer_in_arrears if kind == "arrears" else clear_employer_arrears
                service(employer=employers[pick % 2], on=on, actor=supervisor)
                continue
            if kind == "wait_many":
                set_waiting_many(
                    book_ids=[b.pk for b in chosen],
                    reason=reason,
                    on=on,
                    actor=supervisor,
                    words="lý do khác",
                )
                continue
            if kind == "many":
                transition_many(
                    book_ids=[b.pk for b in chosen],
                    action=action,
                    on=on,
                    actor=supervisor,
                    details=details_for(action),
                )
                continue
            for book in chosen:
                try:
                    if kind == "wait":
                        set_waiting(
                            book=book, reason=reason, on=on, actor=supervisor, words="lý do"
                        )
                    elif kind == "clear":
                        clear_waiting(book=book, on=on, actor=supervisor)
                    elif kind == "one":
                        transition(
                            book=book,
                            action=action,
                            on=on,
                            actor=supervisor,
                            details=details_for(action),
                        )
                    else:
                        other = (
                            employers[1] if book.employer_id == employers[0].pk else employers[0]
                        )
                        edit_book(book=book, changes={"employer": other}, on=on)
                except LifecycleError:
                    book.refresh_from_db()

        assert verify() == []

        legal = set(allowed_triples())
        for book in Book.objects.all():
            state = ""
            for action, source, target in book.events.order_by("id").values_list(
                "action", "from_state", "to_state"
            ):
                assert source == state
                assert (action, source, target) in legal
                state = target
            assert state == book.state

        last = day + timedelta(days=1)
        for as_of in (START - timedelta(days=1), START, START + timedelta(days=7), day, last):
            national = office_figures(office_with_code("VN"), as_of, with_children=False)
            assert nonzero(national.by_state) == hand_count(as_of)
            for employer in employers:
                figures = employer_figures(employer, as_of)
                assert nonzero(figures.by_state) == hand_count(as_of, employer.pk)
            vn = office_with_code("VN").pk
            waiting = office_waiting_totals([vn], as_of)[vn]
            assert nonzero(waiting) == hand_count_waiting(as_of)
            assert set(waiting) == set(REASONS)
            for employer in employers:
                waiting = employer_waiting_totals([employer.pk], as_of)[employer.pk]
                assert nonzero(waiting) == hand_count_waiting(as_of, employer.pk)
            first = as_of - timedelta(days=9)
            actions = office_action_totals([vn], first, as_of).get(vn, {})
            assert nonzero(actions) == hand_count_actions(first, as_of)
        assert sum(hand_count(last).values()) == 6
