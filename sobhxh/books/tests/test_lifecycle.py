from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from sobhxh.books.errors import InvalidDate, MissingDetails, NotPermitted, TransitionNotAllowed
from sobhxh.books.lifecycle import MOVES, Action, State
from sobhxh.books.models import BookEvent
from sobhxh.books.services import transition
from sobhxh.progress.models import EmployerCount, OfficeCount
from sobhxh.testing.factories import DETAILS, make_book, make_user, put_in_state

pytestmark = pytest.mark.django_db

ON = date(2017, 6, 1)
ALLOWED = [
    (action, source) for action, (sources, _t) in MOVES.items() for source in sorted(sources)
]
FORBIDDEN = [
    (action, state)
    for action, (sources, _t) in MOVES.items()
    for state in State.values
    if state not in sources
]


def counts(book):
    return (
        dict(
            OfficeCount.objects.filter(office=book.office, state__in=State.values).values_list(
                "state", "total"
            )
        ),
        dict(
            EmployerCount.objects.filter(
                employer=book.employer, state__in=State.values
            ).values_list("state", "total")
        ),
    )


@pytest.mark.parametrize(("action", "source"), ALLOWED)
def test_every_allowed_move_changes_state_writes_one_event_and_moves_the_counters(action, source):
    supervisor = make_user("sup", supervisor=True)
    book = put_in_state(make_book(), source, actor=supervisor)
    events_before = book.events.count()

    event = transition(
        book=book, action=action, on=ON, actor=supervisor, details=DETAILS.get(action)
    )

    target = MOVES[action][1]
    assert book.state == target
    assert book.state_on == ON
    assert book.events.count() == events_before + 1
    assert (event.action, event.from_state, event.to_state) == (action, source, target)
    assert event.happened_on == ON and event.actor == supervisor
    office_counts, employer_counts = counts(book)
    assert office_counts[target] == 1 and employer_counts[target] == 1
    if source != target:
        assert office_counts[source] == 0 and employer_counts[source] == 0


@pytest.mark.parametrize(("action", "state"), FORBIDDEN)
def test_every_forbidden_move_is_refused_naming_the_book_state_and_action(action, state):
    supervisor = make_user("sup", supervisor=True)
    book = put_in_state(make_book(), state, actor=supervisor)
    before = (book.events.count(), counts(book))

    with pytest.raises(TransitionNotAllowed) as refused:
        transition(book=book, action=action, on=ON, actor=supervisor, details=DETAILS.get(action))

    book.refresh_from_db()
    assert book.state == state
    assert (book.events.count(), counts(book)) == before
    error = refused.value
    assert book.number in error.message_vi and book.number in error.message_en
    for language, message in (("vi", error.message_vi), ("en", error.message_en)):
        with translation.override(language):
            assert str(State(state).label) in message
            assert str(Action(action).label) in message


def test_refusal_message_is_in_vietnamese_with_its_diacritics():
    book = put_in_state(make_book(), State.HANDED_OVER)
    with pytest.raises(TransitionNotAllowed) as refused:
        transition(book=book, action=Action.CONFIRM, on=ON)
    assert refused.value.message_vi == (
        f"Sổ {book.number} đang ở trạng thái “Đã bàn giao”: không được phép "
        "“Xác nhận” từ trạng thái này."
    )


def test_undoing_a_handover_needs_a_supervisor():
    book = put_in_state(make_book(), State.HANDED_OVER)
    with pytest.raises(NotPermitted):
        transition(
            book=book,
            action=Action.UNDO_HANDOVER,
            on=ON,
            actor=make_user(),
            details={"reason": "nhầm"},
        )
    book.refresh_from_db()
    assert book.state == State.HANDED_OVER


@pytest.mark.parametrize(
    ("state", "action", "details"),
    [
        (State.IN_REVIEW, Action.DISPUTE, {"worker_words": "sai"}),
        (State.IN_REVIEW, Action.DISPUTE, {"reasons": ["wrong_wage"]}),
        (State.IN_REVIEW, Action.DISPUTE, {"reasons": ["wrong_wage"], "worker_words": " "}),
        (State.IN_REVIEW, Action.DISPUTE, {"reasons": ["not-a-reason"]}),
        (State.NOT_REVIEWED, Action.EXCLUDE, {}),
        (State.EXCLUDED, Action.REINSTATE, {"reason": "  "}),
        (State.CONFIRMED, Action.HAND_OVER, {"receiver": "authorised"}),
    ],
)
def test_an_action_without_what_it_must_record_is_refused(state, action, details):
    book = put_in_state(make_book(), state)
    with pytest.raises(MissingDetails) as refused:
        transition(book=book, action=action, on=ON, details=details)
    assert book.number in refused.value.message_en
    book.refresh_from_db()
    assert book.state == state


def test_hand_over_to_an_authorised_person_records_their_name():
    book = put_in_state(make_book(), State.CONFIRMED)
    event = transition(
        book=book,
        action=Action.HAND_OVER,
        on=ON,
        details={"receiver": "authorised", "receiver_name": "Trần Thị Bình"},
    )
    assert event.details == {"receiver": "authorised", "receiver_name": "Trần Thị Bình"}


def test_a_date_in_the_future_is_refused():
    book = make_book()
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(InvalidDate):
        transition(book=book, action=Action.START_REVIEW, on=tomorrow)


def test_a_date_before_the_books_latest_event_is_refused():
    book = put_in_state(make_book(), State.IN_REVIEW, on=date(2017, 5, 1))
    with pytest.raises(InvalidDate) as refused:
        transition(book=book, action=Action.CONFIRM, on=date(2017, 4, 30))
    assert "01/05/2017" in refused.value.message_en


def test_correct_changes_the_book_and_keeps_old_and_new_values():
    book = put_in_state(make_book(), State.DISPUTED)
    old_name = book.full_name
    event = transition(
        book=book,
        action=Action.CORRECT,
        on=ON,
        changes={"full_name": "  Nguyễn   Văn Đúng ", "birth_date": date(1991, 2, 3)},
        details={"note": "Sai họ tên và ngày sinh"},
    )
    assert book.full_name == "Nguyễn Văn Đúng"
    assert book.search_name == "nguyen van dung"
    assert book.state == State.IN_REVIEW
    assert event.details["changes"] == {
        "full_name": [old_name, "Nguyễn Văn Đúng"],
        "birth_date": ["1990-01-01", "1991-02-03"],
    }


def test_every_move_is_an_event_in_order():
    book = put_in_state(make_book(), State.HANDED_OVER)
    actions = list(BookEvent.objects.filter(book=book).values_list("action", flat=True))
    assert actions == ["register", "start_review", "confirm", "hand_over"]
