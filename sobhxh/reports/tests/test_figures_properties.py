"""Property: whatever offices do to their books, in whatever order the events are recorded
(back-dated ones included), every figure of a month's report equals a hand count that
replays the events of the books.

`month_figures` reads the counters only; the slow twin here reads nothing but `BookEvent`
rows: each book's state (and waiting reason) as of a day is the last event on or before that
day, and the figures are counted from those states by the definitions of `figures`.
"""

from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from sobhxh.books.errors import LifecycleError
from sobhxh.books.lifecycle import MOVES, Action, State, WaitingReason, allowed_actions
from sobhxh.books.models import BookEvent
from sobhxh.books.services import clear_waiting, mark_employer_in_arrears, set_waiting, transition
from sobhxh.progress.targets import judge, load_schedule
from sobhxh.reports.figures import OWN, month_figures
from sobhxh.testing.factories import DETAILS, make_books, make_employer, make_user, office_with_code

START = date(2017, 1, 1)
ACTIONS = sorted(MOVES)
# Where the books are: two districts of Hồ Chí Minh and an employer the province manages.
PLACES = ("760", "761", "79")
# The definitions of `figures`, written out again: a flow counts the books in these states.
FLOWS = {
    "reviewed": ("in_review", "disputed", "confirmed", "handed_over"),
    "confirmed": ("confirmed", "handed_over"),
    "disputed": ("disputed",),
    "handed_over": ("handed_over",),
    "excluded": ("excluded",),
}
OUTSTANDING_STATES = ("not_reviewed", "in_review", "disputed", "confirmed")

REASONS = WaitingReason.values
# (what: a move, a waiting reason set or cleared, or a whole employer in arrears; which
# book; which action or reason; a forbidden one?; days after the book's last event — or
# before it, to be refused)
step = st.tuples(
    st.sampled_from(["move", "move", "move", "wait", "clear", "arrears"]),
    st.integers(0, 7),
    st.integers(0, 20),
    st.booleans(),
    st.integers(-5, 45),
)
book_plan = st.tuples(st.sampled_from(PLACES), st.integers(0, 40))  # place, registered on


def pick_action(state: str, pick: int, forbidden: bool) -> str:
    """Mostly an action the book's state allows, so that sequences get somewhere."""
    allowed = allowed_actions(state)
    if forbidden or not allowed:
        return ACTIONS[pick % len(ACTIONS)]
    return allowed[pick % len(allowed)]


def details_for(action: str) -> dict | None:
    return {"receiver": "worker"} if action == "hand_over" else DETAILS.get(action)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def states_on(day: date) -> dict[int, tuple[str, str, int]]:
    """(state, waiting reason, office) of each book on `day`, from its events alone: a
    reason is set and cleared by its own events, and cleared by the book's next move."""
    found: dict[int, tuple[str, str, int]] = {}
    events = BookEvent.objects.filter(happened_on__lte=day).order_by("happened_on", "id")
    rows = events.values_list("book_id", "action", "to_state", "details", "office_id")
    for book_id, action, to_state, details, office_id in rows:
        reason = found.get(book_id, ("", "", 0))[1]
        if action == Action.SET_WAITING:
            reason = details["reason"]
        elif action == Action.CLEAR_WAITING or action in MOVES:
            reason = ""
        found[book_id] = (to_state, reason, office_id)
    return found


def hand_count(offices: set[int], month: date, milestones) -> dict:
    """Every figure of the month for the books managed by one of `offices`."""
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    on_end = [book for book in states_on(end).values() if book[2] in offices]
    now = Counter(state for state, _reason, _office in on_end)
    waiting = Counter(reason for _state, reason, _office in on_end if reason)
    before = Counter(
        state
        for state, _reason, office in states_on(month - timedelta(days=1)).values()
        if office in offices
    )
    books = sum(now.values())
    due = books - now[State.EXCLUDED]
    percent = None
    if due:
        percent = (Decimal(100 * now[State.HANDED_OVER]) / due).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    target, behind = judge(milestones, end, percent)
    flows = {}
    for flow, flow_states in FLOWS.items():
        cumulated = sum(now[s] for s in flow_states)
        flows[flow] = {"month": cumulated - sum(before[s] for s in flow_states),
                       "cumulated": cumulated}  # fmt: skip
    return {
        "as_of": end.isoformat(),
        "books": books,
        "due": due,
        "percent": None if percent is None else str(percent),
        "target_percent": None if target is None else str(target),
        "behind": behind,
        "flows": flows,
        "outstanding_by_state": {s: now[s] for s in OUTSTANDING_STATES},
        "outstanding_by_reason": {reason: waiting[reason] for reason in REASONS},
    }


def compared(row: dict) -> dict:
    return {key: value for key, value in row.items() if key not in ("office", "month", "children")}


class MonthFiguresProperties(TestCase):
    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        plans=st.lists(book_plan, min_size=1, max_size=8),
        steps=st.lists(step, min_size=1, max_size=30),
    )
    def test_every_figure_of_every_month_equals_a_hand_count_from_the_events(self, plans, steps):
        supervisor = make_user("sup", supervisor=True)
        employers = {place: make_employer(place) for place in PLACES}
        books = [
            make_books(employers[place], 1, on=START + timedelta(days=offset))[0]
            for place, offset in plans
        ]
        last = START
        for kind, index, pick, forbidden, days in steps:
            book = books[index % len(books)]
            book.refresh_from_db()
            on = book.state_on + timedelta(days=days)
            try:
                if kind == "move":
                    action = pick_action(book.state, pick, forbidden)
                    transition(book=book, action=action, on=on, actor=supervisor,
                               details=details_for(action))  # fmt: skip
                elif kind == "wait":
                    reason = REASONS[pick % len(REASONS)]
                    set_waiting(book=book, reason=reason, on=on, actor=supervisor,
                                words="Chờ xác minh")  # fmt: skip
                elif kind == "clear":
                    clear_waiting(book=book, on=on, actor=supervisor)
                else:
                    mark_employer_in_arrears(employer=book.employer, on=on, actor=supervisor)
            except LifecycleError:
                continue  # refused (wrong state, or before the book's last event)
            last = max(last, on)

        schedule = load_schedule()
        province = office_with_code("79")
        districts = {code: office_with_code(code) for code in ("760", "761")}
        # office -> the offices whose books it counts
        under = {
            "VN": {province.pk, *(d.pk for d in districts.values())},
            "79": {province.pk, *(d.pk for d in districts.values())},
            **{code: {d.pk} for code, d in districts.items()},
            f"79 {OWN}": {province.pk},
        }
        for month in months_between(START - timedelta(days=1), last + timedelta(days=40)):
            national = month_figures(office_with_code("VN"), month).as_dict()
            milestones = schedule.milestones_for(None)
            assert compared(national) == hand_count(under["VN"], month, milestones)
            figures = month_figures(province, month).as_dict()
            milestones = schedule.milestones_for(province.pk)
            assert compared(figures) == hand_count(under["79"], month, milestones)
            rows = {
                f"{row['office']['code']} {OWN}" if row["office"]["level"] == OWN
                else row["office"]["code"]: row
                for row in figures["children"]
            }  # fmt: skip
            for key in ("760", "761", f"79 {OWN}"):
                assert compared(rows[key]) == hand_count(under[key], month, milestones), key
            district = month_figures(districts["760"], month).as_dict()
            assert compared(district) == compared(rows["760"])
            assert district["children"] == []
