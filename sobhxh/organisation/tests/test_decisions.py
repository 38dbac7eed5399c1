from datetime import date
from itertools import product

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from sobhxh.organisation.models import DECISION_MOVES, DecisionChange, DecisionState
from sobhxh.organisation.services import change_decision_state
from sobhxh.testing.factories import make_decision, make_meeting, make_user

pytestmark = pytest.mark.django_db

ALLOWED = {("open", "done"), ("open", "cancelled"), ("done", "open")}
NOTE = "Đã họp với các phòng."


def decision_in(state: str):
    """A decision taken to `state` through the door."""
    decision = make_decision(make_meeting("79"))
    if state != "open":
        change_decision_state(decision=decision, to=state, note=NOTE)
    return decision


def test_the_table_is_the_one_the_tests_know():
    table = {(start, end) for start, ends in DECISION_MOVES.items() for end in ends}
    assert table == ALLOWED


@pytest.mark.parametrize(("start", "end"), sorted(ALLOWED))
def test_an_allowed_move_changes_the_state_and_writes_the_history(start, end):
    decision = decision_in(start)
    actor = make_user()
    change_decision_state(decision=decision, to=end, note=NOTE, actor=actor)
    decision.refresh_from_db()
    assert decision.state == end
    last = decision.history.order_by("pk").last()
    assert (last.from_state, last.to_state, last.note, last.actor) == (start, end, NOTE, actor)


@pytest.mark.parametrize(
    ("start", "end"), sorted(set(product(DecisionState.values, repeat=2)) - ALLOWED)
)
def test_a_refused_move_says_why_in_vietnamese_and_changes_nothing(start, end):
    decision = decision_in(start)
    before = DecisionChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        change_decision_state(decision=decision, to=end, note=NOTE)
    labels = {"open": "Đang thực hiện", "done": "Đã hoàn thành", "cancelled": "Đã hủy"}
    assert refused.value.message_dict == {
        "to": [
            f"Kết luận đang ở trạng thái “{labels[start]}” không thể chuyển sang “{labels[end]}”."
        ]
    }
    decision.refresh_from_db()
    assert decision.state == start and DecisionChange.objects.count() == before


@pytest.mark.parametrize("end", ["done", "cancelled"])
def test_done_and_cancelled_need_a_note(end):
    decision = decision_in("open")
    with pytest.raises(ValidationError) as refused:
        change_decision_state(decision=decision, to=end, note="  ")
    assert refused.value.message_dict == {
        "note": ["Hãy ghi lý do: kết luận đánh dấu đã hoàn thành hoặc đã hủy cần có ghi chú."]
    }
    decision.refresh_from_db()
    assert decision.state == "open"


def test_reopening_needs_no_note_and_an_unknown_state_is_refused():
    decision = decision_in("done")
    change_decision_state(decision=decision, to="open")
    assert decision.state == "open"
    with pytest.raises(ValidationError) as refused:
        change_decision_state(decision=decision, to="postponed", note=NOTE)
    assert refused.value.message_dict == {"to": ["Hãy chọn trạng thái mới của kết luận."]}


def test_the_history_cannot_be_changed_nor_deleted_in_the_database():
    decision = decision_in("done")
    assert [(c.from_state, c.to_state) for c in decision.history.all()] == [
        ("", "open"),
        ("open", "done"),
    ]
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionChange.objects.filter(decision=decision).update(note="sửa")
    with pytest.raises(DatabaseError), transaction.atomic():
        DecisionChange.objects.filter(decision=decision).delete()
    assert decision.history.count() == 2


def test_is_overdue_only_while_open_and_past_its_due_date():
    decision = decision_in("open")  # due 30/04/2017
    assert not decision.is_overdue(date(2017, 4, 30))
    assert decision.is_overdue(date(2017, 5, 1))
    change_decision_state(decision=decision, to="done", note=NOTE)
    assert not decision.is_overdue(date(2017, 5, 1))
