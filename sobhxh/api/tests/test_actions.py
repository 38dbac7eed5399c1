"""Writes through the API go through the same doors as the web: the event records the
token's user and `via=api`, and a refused move says what the web says, in vi or en."""

import pytest

from sobhxh.books.lifecycle import State
from sobhxh.books.models import BookEvent
from sobhxh.testing.factories import confirmed, make_books, put_in_state

pytestmark = pytest.mark.django_db


def test_an_action_records_the_token_user_and_via_api(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    api = caller(world.users.district)
    status, body = api.post(
        f"/books/{book.number}/actions", {"action": "start_review", "on": "2017-03-01"}
    )
    assert status == 201
    assert body["book"]["state"] == State.IN_REVIEW and body["event"]["via"] == "api"
    event = BookEvent.objects.filter(book=book).latest("id")
    assert (event.actor, event.via, event.to_state) == (world.users.district, "api", "in_review")
    assert body["event"]["actor"] == "q1"
    history = api.get(f"/books/{book.number}/events")[1]["items"]
    assert [item["action"] for item in history] == ["start_review", "register"]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "vi",
            "Sổ {number} đang ở trạng thái “Chưa rà soát”: không được “Bàn giao”, chỉ bàn giao "
            "được sổ đã xác nhận.",
        ),
        (
            "en",
            "Book {number} is “Not reviewed”: “Hand over” is not allowed; only confirmed books "
            "can be handed over.",
        ),
    ],
)
def test_a_refused_move_gives_the_web_s_message(world, caller, language, expected):
    book = make_books(world.employers.q1, 1)[0]
    status, body = caller(world.users.district, language).post(
        f"/books/{book.number}/actions", {"action": "hand_over"}
    )
    assert (status, body) == (409, {"detail": expected.format(number=book.number)})
    assert not BookEvent.objects.filter(book=book, action="hand_over").exists()


def test_an_employer_may_not_exclude_and_is_told_so(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    status, body = caller(world.users.employer).post(
        f"/books/{book.number}/actions", {"action": "exclude", "details": {"reason": "deceased"}}
    )
    assert status == 403
    assert body["detail"] == (
        f"Sổ {book.number}: đơn vị sử dụng lao động không được “Loại khỏi danh sách phải "
        "giao”; việc này do cơ quan BHXH thực hiện."
    )


def test_missing_details_are_refused_with_422(world, caller):
    book = put_in_state(make_books(world.employers.q1, 1)[0], State.IN_REVIEW)
    status, body = caller(world.users.district, "en").post(
        f"/books/{book.number}/actions", {"action": "dispute"}
    )
    assert status == 422 and body["detail"].startswith(f"Book {book.number}: say what is wrong")


def test_many_books_move_together_and_the_refused_are_listed(world, caller):
    books = make_books(world.employers.q1, 3)
    confirmed(books[:2])
    numbers = [book.number for book in books]
    status, body = caller(world.users.district).post(
        "/books/actions", {"action": "hand_over", "numbers": numbers, "on": "2017-06-05"}
    )
    assert status == 200 and body["moved"] == 2
    assert [item["number"] for item in body["refused"]] == [books[2].number]
    moved = BookEvent.objects.filter(action="hand_over")
    assert moved.count() == 2 and {e.via for e in moved} == {"api"}
    assert {e.actor_id for e in moved} == {world.users.district.pk}


def test_many_books_with_one_out_of_scope_writes_nothing(world, caller):
    mine = make_books(world.employers.q1, 1)[0]
    other = make_books(world.employers.q12, 1)[0]
    status, body = caller(world.users.district).post(
        "/books/actions", {"action": "start_review", "numbers": [mine.number, other.number]}
    )
    assert status == 404 and body == {"detail": f"Không tìm thấy: {other.number}."}
    assert not BookEvent.objects.filter(action="start_review").exists()


def test_an_action_the_web_does_not_offer_is_refused_by_validation(world, caller):
    book = make_books(world.employers.q1, 1)[0]
    status, body = caller(world.users.central).post(
        f"/books/{book.number}/actions", {"action": "register"}
    )
    assert status == 422
    assert body["detail"].startswith("Yêu cầu không hợp lệ: action: Hãy chọn một trong")
    assert body["errors"][0]["field"] == "action"


def test_an_office_raises_a_problem_and_its_department_answers(world, caller):
    from sobhxh.testing.factories import department_member

    book = make_books(world.employers.q1, 1)[0]
    status, raised = caller(world.users.district).post(
        "/problems",
        {"category": "procedure-review", "title": "Thiếu Mẫu 03", "description": "Chưa nộp.",
         "books": [book.number]},
    )  # fmt: skip
    assert status == 201 and raised["office_code"] == "760"
    member = department_member("79", raised_department_function(raised["id"]))
    status, answer = caller(member).post(f"/problems/{raised['id']}/answer", {"text": "Đã rõ."})
    assert status == 201 and answer["author"] == member.username
    read = caller(world.users.district).get(f"/problems/{raised['id']}")[1]
    assert read["state"] == "answered" and read["messages"][0]["text"] == "Đã rõ."


def raised_department_function(pk: int) -> str:
    from sobhxh.problems.models import Problem

    return Problem.objects.select_related("department").get(pk=pk).department.function


def test_a_province_reads_progress_as_of_a_past_date(world, caller):
    books = make_books(world.employers.q12, 2)
    confirmed(books)
    api = caller(world.users.province)
    status, now = api.get("/progress/offices/79")
    assert status == 200 and now["books"] == 2 and now["by_state"]["confirmed"] == 2
    assert {child["unit"] for child in now["children"]} >= {"760", "761"}
    past = api.get("/progress/offices/79", as_of="2017-01-15")[1]
    assert past["by_state"]["not_reviewed"] == 2 and past["by_state"]["confirmed"] == 0
    status, future = api.get("/progress/employers/E-Q12", as_of="2999-01-01")
    assert status == 422 and future["detail"].startswith("Ngày không được sau hôm nay")


def test_an_office_s_own_employers_are_read_a_page_at_a_time(world, caller):
    confirmed(make_books(world.employers.q1, 2))
    api = caller(world.users.district)
    status, office = api.get("/progress/offices/760")
    assert status == 200 and all(child["kind"] != "employer" for child in office["children"])
    codes, cursor, pages = [], None, 0
    while True:
        after = {"cursor": cursor} if cursor else {}
        status, page = api.get("/progress/offices/760/employers", limit=1, **after)
        assert status == 200 and len(page["items"]) <= 1
        codes += [item["unit"] for item in page["items"]]
        pages += 1
        if page["items"] and page["items"][0]["unit"] == world.employers.q1.code:
            assert page["items"][0]["by_state"]["confirmed"] == 2
        cursor = page["next"]
        if cursor is None:
            break
    managed = sorted(world.employers.q1.office.employers.values_list("code", flat=True))
    assert codes == managed and pages >= len(managed)
    past = api.get("/progress/offices/760/employers", as_of="2017-01-15")[1]["items"]
    assert sum(item["by_state"]["confirmed"] for item in past) == 0


@pytest.mark.parametrize("as_of", ["0", "1700000000", "31/12/2017", "2017-13-01"])
def test_a_date_is_only_yyyy_mm_dd(world, caller, as_of):
    status, body = caller(world.users.central).get("/progress/offices/79", as_of=as_of)
    assert status == 422
    assert body["errors"] == [
        {"field": "as_of", "message": "Hãy nhập ngày theo dạng yyyy-mm-dd, ví dụ 2017-12-31."}
    ]
