"""The lifecycle actions from a book's page (`books:act`): each form writes its event
through the service; a refused move shows why and changes nothing; employer users keep to
the everyday actions; CSRF is enforced."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Action, State, Via
from sobhxh.books.models import Book
from sobhxh.progress.models import EmployerCount
from sobhxh.testing.factories import make_book, make_user, put_in_state

pytestmark = pytest.mark.django_db

ON = date(2017, 3, 1)

# action -> (state it starts from, what the form posts, what the event's details hold)
CASES = {
    Action.START_REVIEW: (
        State.NOT_REVIEWED,
        {"printed_by": "Phạm Thị Thu"},
        {"printed_by": "Phạm Thị Thu"},
    ),
    Action.CONFIRM: (State.IN_REVIEW, {}, {}),
    Action.DISPUTE: (
        State.IN_REVIEW,
        {"reasons": ["wrong_wage", "missing_period"], "worker_words": "Thiếu năm 2012"},
        {"reasons": ["missing_period", "wrong_wage"], "worker_words": "Thiếu năm 2012"},
    ),
    Action.CORRECT: (
        State.DISPUTED,
        {"note": "Sửa theo CCCD", "birth": "1990"},
        {"note": "Sửa theo CCCD", "changes": {"birth_precision": ["day", "year"]}},
    ),
    Action.HAND_OVER: (
        State.CONFIRMED,
        {"receiver": "authorised", "receiver_name": "Lê Thị Bé"},
        {"receiver": "authorised", "receiver_name": "Lê Thị Bé"},
    ),
    Action.EXCLUDE: (State.CONFIRMED, {"reason": "duplicate"}, {"reason": "duplicate"}),
    Action.REINSTATE: (State.EXCLUDED, {"reason": "Tìm thấy"}, {"reason": "Tìm thấy"}),
    Action.UNDO_HANDOVER: (
        State.HANDED_OVER,
        {"reason": "Giao nhầm người"},
        {"reason": "Giao nhầm người"},
    ),
}


def form_data(action: str, fields: dict, on: str = "01/03/2017") -> dict:
    return {f"{action}-{name}": value for name, value in {"on": on, **fields}.items()}


def post(client, book, action: str, fields: dict | None = None, **kwargs):
    fields = dict(fields or {})
    if action == Action.CORRECT:
        # As the browser sends it: the book's data pre-filled, changed where typed over.
        current = {
            "full_name": book.full_name,
            "birth": "01/01/1990",
            "sex": book.sex,
            "identity_number": book.identity_number,
        }
        fields = {**current, **fields}
    url = reverse("books:act", args=[book.number, action])
    return client.post(url, form_data(action, fields, **kwargs))


def state_and_events(book) -> tuple[str, int]:
    fresh = Book.objects.get(pk=book.pk)
    return fresh.state, fresh.events.count()


@pytest.fixture
def supervisor():
    return make_user(
        "sup", role=Role.PROVINCE, office="79", first_name="Lan", last_name="Trần", supervisor=True
    )


@pytest.fixture
def book(world):
    """A book of the world's employer in Quận 1 (E-Q1)."""
    return make_book(world.employers.q1)


@pytest.mark.parametrize("action", list(CASES))
def test_every_action_form_writes_its_event_through_the_service(client, supervisor, book, action):
    source, fields, details = CASES[action]
    put_in_state(book, source, on=ON)
    client.force_login(supervisor)

    response = post(client, book, action, fields)

    assert response.status_code == 302
    assert response.url == reverse("books:detail", args=[book.number])
    event = book.events.order_by("-id").first()
    assert (event.action, event.from_state, event.happened_on) == (action, source, ON)
    assert (event.actor, event.via, event.details) == (supervisor, Via.WEB, details)
    assert Book.objects.get(pk=book.pk).state == event.to_state
    shown = client.get(response.url).content.decode()
    assert f"Sổ {book.number}: đã ghi nhận “{Action(action).label}”." in shown


def test_a_correction_changes_the_book_and_keeps_old_and_new(client, supervisor, book):
    put_in_state(book, State.DISPUTED, on=ON)
    client.force_login(supervisor)
    fields = {
        "full_name": "  Nguyễn  Văn Ân ",
        "birth": "03/1975",
        "sex": "female",
        "identity_number": "079175000123",
        "note": "",
    }

    old_name = book.full_name

    post(client, book, Action.CORRECT, fields)

    book.refresh_from_db()
    assert (book.full_name, book.search_name) == ("Nguyễn Văn Ân", "nguyen van an")
    assert (book.birth_date, book.birth_precision) == (date(1975, 3, 1), "month")
    assert book.sex == "female"
    assert book.state == State.IN_REVIEW
    assert book.events.order_by("-id").first().details["changes"] == {
        "full_name": [old_name, "Nguyễn Văn Ân"],
        "birth_date": ["1990-01-01", "1975-03-01"],
        "birth_precision": ["day", "month"],
        "sex": ["male", "female"],
        "identity_number": ["", "079175000123"],
    }


def test_a_correction_that_changes_nothing_and_says_nothing_is_refused(client, supervisor, book):
    put_in_state(book, State.DISPUTED, on=ON)
    client.force_login(supervisor)
    response = post(client, book, Action.CORRECT, {"note": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hãy sửa thông tin của sổ, hoặc ghi rõ nội dung đã điều chỉnh." in page
    assert state_and_events(book) == (State.DISPUTED, 3)


def test_a_move_the_lifecycle_refuses_shows_why_and_changes_nothing(client, supervisor, book):
    client.force_login(supervisor)
    counts = list(EmployerCount.objects.order_by("pk").values_list("state", "total"))

    response = post(client, book, Action.CONFIRM)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page
    assert f"Sổ {book.number} đang ở trạng thái “Chưa rà soát”: không được phép “Xác nhận”" in page
    assert state_and_events(book) == (State.NOT_REVIEWED, 1)
    assert list(EmployerCount.objects.order_by("pk").values_list("state", "total")) == counts


def test_a_date_before_the_latest_event_is_refused_with_the_services_message(
    client, supervisor, book
):
    put_in_state(book, State.IN_REVIEW, on=ON)
    client.force_login(supervisor)
    response = post(client, book, Action.CONFIRM, on="28/02/2017")
    assert "trước ngày của sự kiện gần nhất (01/03/2017)" in response.content.decode()
    assert state_and_events(book) == (State.IN_REVIEW, 2)


def test_a_date_in_the_future_is_refused_by_the_form(client, supervisor, book):
    client.force_login(supervisor)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = post(client, book, Action.START_REVIEW, on=f"{tomorrow:%d/%m/%Y}")
    assert "Ngày ở tương lai." in response.content.decode()
    assert state_and_events(book) == (State.NOT_REVIEWED, 1)


def test_a_date_written_the_wrong_way_is_refused(client, supervisor, book):
    client.force_login(supervisor)
    response = post(client, book, Action.START_REVIEW, on="2017/13/45")
    assert response.status_code == 200 and "has-error" in response.content.decode()
    assert state_and_events(book) == (State.NOT_REVIEWED, 1)


def test_handing_over_to_an_authorised_person_needs_their_name(client, supervisor, book):
    put_in_state(book, State.CONFIRMED, on=ON)
    client.force_login(supervisor)
    response = post(client, book, Action.HAND_OVER, {"receiver": "authorised"})
    assert "Cần ghi họ tên người được ủy quyền nhận sổ." in response.content.decode()
    assert state_and_events(book) == (State.CONFIRMED, 3)


def test_a_dispute_needs_at_least_one_reason(client, supervisor, book):
    put_in_state(book, State.IN_REVIEW, on=ON)
    client.force_login(supervisor)
    response = post(client, book, Action.DISPUTE, {"worker_words": "Sai"})
    assert "Hãy đánh dấu ít nhất một nội dung sai lệch." in response.content.decode()
    assert state_and_events(book) == (State.IN_REVIEW, 2)


def test_the_form_page_offers_today_as_the_date(client, supervisor, book):
    client.force_login(supervisor)
    response = client.get(reverse("books:act", args=[book.number, Action.START_REVIEW]))
    page = response.content.decode()
    assert f'value="{timezone.localdate():%d/%m/%Y}"' in page
    assert '<label for="id_start_review-on">' in page


def test_an_action_not_open_now_sends_a_get_back_to_the_book(client, supervisor, book):
    client.force_login(supervisor)
    response = client.get(reverse("books:act", args=[book.number, Action.CONFIRM]))
    assert response.url == reverse("books:detail", args=[book.number])


def test_an_unknown_action_answers_404(client, supervisor, book):
    client.force_login(supervisor)
    for action in ("register", "edit", "delete"):
        assert post(client, book, action).status_code == 404


@pytest.mark.parametrize(
    ("action", "source"),
    [
        (Action.START_REVIEW, State.NOT_REVIEWED),
        (Action.CONFIRM, State.IN_REVIEW),
        (Action.DISPUTE, State.IN_REVIEW),
        (Action.HAND_OVER, State.CONFIRMED),
    ],
)
def test_an_employer_user_records_the_everyday_work_on_its_own_workers(
    client, world, book, action, source
):
    put_in_state(book, source, on=ON)
    client.force_login(world.users.employer)
    _source, fields, _details = CASES[action]
    response = post(client, book, action, fields)
    assert response.status_code == 302
    assert book.events.order_by("-id").first().action == action


@pytest.mark.parametrize(
    ("action", "source"),
    [
        (Action.EXCLUDE, State.NOT_REVIEWED),
        (Action.CORRECT, State.DISPUTED),
        (Action.REINSTATE, State.EXCLUDED),
        (Action.UNDO_HANDOVER, State.HANDED_OVER),
    ],
)
def test_an_employer_user_cannot_exclude_correct_reinstate_or_undo(
    client, world, book, action, source
):
    put_in_state(book, source, on=ON)
    before = state_and_events(book)
    client.force_login(world.users.employer)
    _source, fields, _details = CASES[action]

    page = client.get(reverse("books:detail", args=[book.number])).content.decode()
    assert f"/{action}/" not in page
    assert post(client, book, action, fields).status_code == 403
    assert client.get(reverse("books:act", args=[book.number, action])).status_code == 403
    assert state_and_events(book) == before


def test_an_office_user_without_the_supervisor_permission_is_told_it_cannot_undo(
    client, world, book
):
    put_in_state(book, State.HANDED_OVER, on=ON)
    client.force_login(world.users.district)
    response = post(client, book, Action.UNDO_HANDOVER, {"reason": "Nhầm"})
    assert "chỉ cấp phụ trách mới được hủy bàn giao" in response.content.decode()
    assert state_and_events(book) == (State.HANDED_OVER, 4)


def test_a_post_without_the_csrf_token_is_refused(supervisor, book):
    client = Client(enforce_csrf_checks=True)
    client.force_login(supervisor)
    response = post(client, book, Action.START_REVIEW)
    assert response.status_code == 403
    assert state_and_events(book) == (State.NOT_REVIEWED, 1)

    page = client.get(reverse("books:detail", args=[book.number])).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    url = reverse("books:act", args=[book.number, Action.START_REVIEW])
    data = {**form_data(Action.START_REVIEW, {}), "csrfmiddlewaretoken": token}
    assert client.post(url, data).status_code == 302
    assert state_and_events(book) == (State.IN_REVIEW, 2)


def test_the_refusal_is_in_english_when_the_user_chose_english(client, supervisor, book):
    client.force_login(supervisor)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = post(client, book, Action.CONFIRM)
    assert "is “Not reviewed”: the action “Confirm” is not allowed" in response.content.decode()
