"""A book's page (`books:detail`): identity, state, periods, the history in words, the
actions open now; 404 outside the user's scope; queries that do not grow with the book."""

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import Action, State, Via
from sobhxh.books.models import Book, Period
from sobhxh.books.services import NewBook, register_books, set_waiting, transition
from sobhxh.testing.factories import make_book, make_employer, make_user, put_in_state

pytestmark = pytest.mark.django_db

ON = date(2017, 3, 1)


def page_of(client, user, book) -> str:
    client.force_login(user)
    response = client.get(reverse("books:detail", args=[book.number]))
    assert response.status_code == 200
    return response.content.decode()


def text(html: str) -> str:
    """The page as a reader sees it: tags dropped, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def offered(html: str, book) -> list[str]:
    return re.findall(rf'action="/books/{book.number}/(\w+)/"', html)


@pytest.fixture
def office():
    return make_user("hcm", role=Role.PROVINCE, office="79", first_name="Lan", last_name="Trần Thị")


@pytest.fixture
def book():
    employer = make_employer("760", code="E-Q1", name="Công ty May Sài Gòn")
    register_books(
        [
            NewBook(
                number="0123456789",
                full_name="Nguyễn Văn An",
                birth_date=date(1975, 1, 1),
                birth_precision="year",
                sex="male",
                identity_number="079075000123",
                employer_id=employer.pk,
                office_id=employer.office_id,
                issued_on=date(2008, 7, 15),
            )
        ],
        on=date(2016, 12, 31),
        via=Via.COMMAND,
    )
    return Book.objects.get(number="0123456789")


def add_periods(book, count: int) -> None:
    Period.objects.bulk_create(
        Period(
            book=book,
            fund="BHXH",
            from_month=date(1990 + i // 12, i % 12 + 1, 1),
            to_month=date(1990 + i // 12, i % 12 + 1, 1),
            job="Công nhân may, Công ty May Sài Gòn",
            wage=4_500_000,
            rate=Decimal("22.00"),
        )
        for i in range(count)
    )


def test_the_page_shows_the_identity_with_the_birth_date_at_its_precision(client, office, book):
    shown = text(page_of(client, office, book))
    assert "Mã số BHXH 0123456789" in shown
    assert "Họ và tên Nguyễn Văn An" in shown
    assert "Ngày sinh 1975 " in shown and "01/01/1975" not in shown
    assert "Giới tính Nam" in shown
    assert "Số CCCD/CMND 079075000123" in shown
    assert "Đơn vị Công ty May Sài Gòn (E-Q1)" in shown
    assert "Cơ quan BHXH quản lý BHXH Quận 1 (760)" in shown
    assert "Ngày cấp sổ 15/07/2008" in shown
    assert "Trạng thái Chưa rà soát từ ngày 31/12/2016" in shown


def test_a_birth_month_shows_as_month_and_year(client, office, book):
    Book.objects.filter(pk=book.pk).update(birth_date=date(1975, 3, 1), birth_precision="month")
    assert "Ngày sinh 03/1975 " in text(page_of(client, office, book))


def test_the_state_is_a_badge(client, office, book):
    put_in_state(book, State.DISPUTED)
    html = page_of(client, office, book)
    assert '<span class="badge state state-disputed">Có sai lệch</span>' in html


def test_the_period_table_shows_months_wage_in_dong_and_rate(client, office, book):
    Period.objects.create(
        book=book,
        fund="BHXH",
        from_month=date(2015, 1, 1),
        to_month=date(2016, 12, 1),
        job="Công nhân may, Công ty May Sài Gòn",
        wage=4_500_000,
        rate=Decimal("22.00"),
    )
    Period.objects.create(
        book=book,
        fund="BHTN",
        from_month=date(2015, 1, 1),
        to_month=date(2016, 12, 1),
        wage=4_500_000,
        rate=Decimal("1.50"),
    )
    html = page_of(client, office, book)
    assert "4.500.000\u00a0đ" in html  # the amount never breaks from its unit
    shown = text(html)
    assert "BHXH 01/2015 12/2016 Công nhân may, Công ty May Sài Gòn 4.500.000 đ 22%" in shown
    assert "BHTN 01/2015 12/2016 — 4.500.000 đ 1,5%" in shown


def test_the_history_is_newest_first_with_who_when_what_and_through_what(client, office, book):
    recorded = datetime(2017, 3, 1, 2, 5, tzinfo=UTC)  # 09:05 in Hồ Chí Minh City
    with mock.patch("django.utils.timezone.now", return_value=recorded):
        transition(book=book, action=Action.START_REVIEW, on=ON, actor=office, via=Via.WEB)
    shown = text(page_of(client, office, book))
    newest = shown.index("01/03/2017 Bắt đầu rà soát Chưa rà soát → sang Đang rà soát")
    oldest = shown.index("31/12/2016 Đưa vào danh sách Chưa rà soát")
    assert newest < oldest
    assert "Người ghi nhận: Lan Trần Thị, lúc 01/03/2017 09:05, qua Trang web" in shown
    assert "Người ghi nhận: —" in shown  # the registration had no user: a command did it


def test_the_history_says_the_details_in_words(client, office, book):
    supervisor = make_user("sup", role=Role.PROVINCE, office="79", supervisor=True)
    dispute = {"reasons": ["wrong_wage", "identity"], "worker_words": "Sai năm sinh"}
    fix = {"full_name": "Nguyễn Văn Ân", "birth_date": date(1976, 1, 1), "sex": "female"}
    steps = [
        (Action.START_REVIEW, {"printed_by": "Phạm Thị Thu"}, None),
        (Action.DISPUTE, dispute, None),
        (Action.CORRECT, {"note": "Sửa theo CCCD"}, fix),
        (Action.CONFIRM, {}, None),
        (Action.HAND_OVER, {"receiver": "authorised", "receiver_name": "Lê Thị Bé"}, None),
        (Action.UNDO_HANDOVER, {"reason": "Giao nhầm người"}, None),
        (Action.EXCLUDE, {"reason": "deceased"}, None),
        (Action.REINSTATE, {"reason": "Tìm thấy người lao động"}, None),
    ]
    for action, details, changes in steps:
        transition(
            book=book, action=action, on=ON, actor=supervisor, details=details, changes=changes
        )
    shown = text(page_of(client, office, book))
    assert "Người in tờ rời: Phạm Thị Thu" in shown
    assert "Sai lệch: Nhân thân (họ tên, ngày sinh, giới tính, mã số), Sai tiền lương" in shown
    assert "Ý kiến của người lao động: “Sai năm sinh”" in shown
    assert "Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân" in shown
    assert "Ngày sinh: 01/01/1975 → 01/01/1976" in shown
    assert "Giới tính: Nam → Nữ" in shown
    assert "Ghi chú: Sửa theo CCCD" in shown
    assert "Người nhận sổ: Người được ủy quyền: Lê Thị Bé" in shown
    assert "Lý do: Giao nhầm người" in shown
    assert "Lý do: Người lao động đã chết" in shown
    assert "Lý do: Tìm thấy người lao động" in shown


def test_only_the_actions_allowed_now_are_offered(client, office, book):
    assert offered(page_of(client, office, book), book) == [
        "start_review",
        "exclude",
        "set_waiting",
    ]
    put_in_state(book, State.IN_REVIEW)
    assert offered(page_of(client, office, book), book) == [
        "confirm",
        "dispute",
        "exclude",
        "set_waiting",
    ]
    set_waiting(book=book, reason="lost", on=date(2017, 3, 2))
    assert offered(page_of(client, office, book), book)[-2:] == ["set_waiting", "clear_waiting"]


def test_undo_handover_is_offered_to_a_supervisor_only(client, office, book):
    put_in_state(book, State.HANDED_OVER)
    assert offered(page_of(client, office, book), book) == []
    office.user_permissions.add(Permission.objects.get(codename="undo_handover"))
    office = get_user_model().objects.get(pk=office.pk)
    assert offered(page_of(client, office, book), book) == ["undo_handover"]


def test_an_employer_user_is_offered_the_everyday_actions_only(client, book):
    employer_user = make_user("cty", role=Role.EMPLOYER, employer=book.employer)
    put_in_state(book, State.IN_REVIEW)
    assert offered(page_of(client, employer_user, book), book) == ["confirm", "dispute"]
    put_in_state(book, State.EXCLUDED)  # in review -> excluded
    assert offered(page_of(client, employer_user, book), book) == []


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.PROVINCE, {"office": "01"}),
        (Role.DISTRICT, {"office": "761"}),
        (Role.EMPLOYER, {"employer": "OTHER"}),
    ],
)
def test_a_book_out_of_scope_answers_404_for_each_role(client, book, role, place):
    make_employer("760", code="OTHER")
    client.force_login(make_user("outsider", role=role, **place))
    assert client.get(reverse("books:detail", args=[book.number])).status_code == 404
    for action in ("start_review", "exclude"):
        url = reverse("books:act", args=[book.number, action])
        assert client.get(url).status_code == 404
        data = {f"{action}-on": "01/03/2017", f"{action}-reason": "deceased"}
        assert client.post(url, data).status_code == 404
    assert book.events.count() == 1


def test_a_user_without_a_role_and_an_unknown_number_get_404(client, book):
    client.force_login(make_user("nobody", role=None))
    assert client.get(reverse("books:detail", args=[book.number])).status_code == 404
    client.force_login(make_user("tw", role=Role.CENTRAL))
    assert client.get(reverse("books:detail", args=["9999999999"])).status_code == 404
    assert client.get(reverse("books:detail", args=["abc"])).status_code == 404


def test_the_page_needs_a_login(client, book):
    response = client.get(reverse("books:detail", args=[book.number]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_number_of_queries_does_not_grow_with_events_or_periods(
    client, django_assert_max_num_queries
):
    supervisor = make_user("sup", role=Role.CENTRAL, supervisor=True)
    counts = []
    for size in (5, 50):
        book = make_book()
        add_periods(book, size)
        for _ in range(size // 2):
            transition(
                book=book,
                action=Action.EXCLUDE,
                on=ON,
                actor=supervisor,
                details={"reason": "deceased"},
            )
            transition(
                book=book,
                action=Action.REINSTATE,
                on=ON,
                actor=supervisor,
                details={"reason": "Tìm thấy"},
            )
        put_in_state(book, State.HANDED_OVER, on=ON)  # the supervisor's action is offered
        client.force_login(supervisor)
        with django_assert_max_num_queries(12) as captured:
            html = client.get(reverse("books:detail", args=[book.number])).content.decode()
        assert html.count('class="event"') >= size and html.count("4.500.000") == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
