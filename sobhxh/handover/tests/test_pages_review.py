"""The employer's work page and starting a review round from the browser: the checklist of
books not yet reviewed, the round's page and its statements as PDF; every page and download
within the user's scope only, in a number of queries that does not grow with the rows."""

from datetime import date

import pytest

from sobhxh.accounts.models import Role
from sobhxh.books.lifecycle import State
from sobhxh.handover import views, views_review
from sobhxh.handover.models import ReviewRound
from sobhxh.handover.services import create_handover_batch, start_review_round
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import (
    HANDOVER_DAY,
    ROUND_DAY,
    confirmed,
    ids,
    make_books,
    make_employer,
    make_user,
    make_worker,
)

from .documents import pdf_pages
from .helpers import (
    login,
    make_returned_list,
    page_messages,
    queries,
    states,
    text_of,
    url,
)

pytestmark = pytest.mark.django_db

ROUND_DATE = "02/05/2017"


# -- the work page ----------------------------------------------------------------------------


def test_the_work_page_shows_the_counters_by_state_and_the_three_tasks(client):
    employer = make_employer("760", name="Công ty TNHH Hưng Thịnh")
    books = make_books(employer, 5)
    start_review_round(employer=employer, book_ids=ids(books[:2]), on=ROUND_DAY)
    login(client)

    response = client.get(url("employer", employer.code))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-state="not_reviewed">3<' in html
    assert 'data-state="in_review">2<' in html
    for task in ("start_review", "answers", "answers_upload", "scan", "batch_new"):
        assert url(task, employer.code) in html, task
    assert "Công ty TNHH Hưng Thịnh" in text_of(response)


def test_the_work_page_lists_rounds_and_batches_newest_first(client):
    employer = make_employer("760")
    books = make_books(employer, 4)
    older, _ = start_review_round(employer=employer, book_ids=[books[0].pk], on=date(2017, 3, 1))
    newer, _ = start_review_round(employer=employer, book_ids=[books[1].pk], on=date(2017, 4, 1))
    batch, _ = create_handover_batch(
        employer=employer, book_ids=confirmed(books[2:]), on=HANDOVER_DAY
    )
    login(client)

    response = client.get(url("employer", employer.code))

    html = response.content.decode()
    assert html.index(url("round", newer.pk)) < html.index(url("round", older.pk))
    assert url("batch", batch.pk) in html
    assert f">{batch.number}<" in html


# -- starting a round ---------------------------------------------------------------------------


def test_the_checklist_shows_only_books_not_yet_reviewed_with_name_number_and_birth(client):
    employer = make_employer("760")
    waiting = make_worker(
        employer, "Nguyễn Thị Ánh Tuyết", birth_date=date(1975, 3, 1), precision="month"
    )
    in_review = make_worker(employer, "Đặng Quốc Hưng")
    start_review_round(employer=employer, book_ids=[in_review.pk], on=ROUND_DAY)
    login(client)

    response = client.get(url("start_review", employer.code))

    page = text_of(response)
    assert "Nguyễn Thị Ánh Tuyết" in page and waiting.number in page and "03/1975" in page
    assert "Đặng Quốc Hưng" not in page
    assert f'name="book" value="{waiting.pk}"' in response.content.decode()
    assert 'value="' + date.today().strftime("%d/%m/%Y") + '"' in response.content.decode()


def test_the_checklist_filters_by_the_start_of_the_name_with_or_without_accents(client):
    employer = make_employer("760")
    make_worker(employer, "Nguyễn Thị Ánh Tuyết")
    make_worker(employer, "Đặng Quốc Hưng")
    login(client)

    page = text_of(client.get(url("start_review", employer.code), {"q": "dang quoc"}))

    assert "Đặng Quốc Hưng" in page and "Nguyễn Thị Ánh Tuyết" not in page


def test_starting_a_round_puts_the_ticked_books_in_review_and_opens_the_round(client):
    employer = make_employer("760")
    books = make_books(employer, 4)
    user = login(client)

    response = client.post(
        url("start_review", employer.code),
        {"on": ROUND_DATE, "book": [str(books[0].pk), str(books[2].pk)]},
    )

    round_ = ReviewRound.objects.get()
    assert response.status_code == 302 and response.url == url("round", round_.pk)
    assert states(books) == [
        State.IN_REVIEW,
        State.NOT_REVIEWED,
        State.IN_REVIEW,
        State.NOT_REVIEWED,
    ]
    assert (round_.started_on, round_.created_by) == (date(2017, 5, 2), user)
    assert set(round_.lines.values_list("book_id", flat=True)) == {books[0].pk, books[2].pk}
    shown = page_messages(client.get(response.url))
    assert "Đã lập đợt rà soát 1/2017: 2 sổ đang rà soát" in shown[0]
    assert verify() == []


def test_the_round_page_lists_its_books_and_offers_the_statements(client):
    employer = make_employer("760")
    book = make_worker(employer, "Trương Ngọc Ẩn")
    round_, _ = start_review_round(employer=employer, book_ids=[book.pk], on=ROUND_DAY)
    login(client)

    response = client.get(url("round", round_.pk))

    assert response.status_code == 200
    assert "Trương Ngọc Ẩn" in text_of(response) and "Đang rà soát" in text_of(response)
    assert url("round_statements", round_.pk) in response.content.decode()


def test_the_statements_download_as_one_pdf_one_worker_per_page_with_their_names(client):
    employer = make_employer("760")
    first = make_worker(employer, "Nguyễn Thị Ánh Tuyết", periods=3)
    second = make_worker(employer, "Đặng Quốc Hưng", periods=2)
    round_, _ = start_review_round(employer=employer, book_ids=[first.pk, second.pk], on=ROUND_DAY)
    login(client)

    response = client.get(url("round_statements", round_.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="to-roi-1-2017.pdf"'
    pages = pdf_pages(response.content)
    assert len(pages) == 2
    assert "Nguyễn Thị Ánh Tuyết" in pages[0] and first.number in pages[0]
    assert "Đặng Quốc Hưng" in pages[1]
    assert "In ngày 02/05/2017" in pages[0]


def test_a_large_round_is_printed_in_parts_each_made_on_request(client, monkeypatch):
    monkeypatch.setattr(views_review, "PART_SIZE", 2)
    employer = make_employer("760")
    books = [make_worker(employer, name) for name in ("An Văn Một", "Bùi Thị Hai", "Cao Ba")]
    round_, _ = start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)
    login(client)

    page = client.get(url("round", round_.pk)).content.decode()
    whole = client.get(url("round_statements", round_.pk))
    second = client.get(url("round_statements", round_.pk), {"part": "2"})
    beyond = client.get(url("round_statements", round_.pk), {"part": "3"})

    assert "?part=1" in page and "?part=2" in page and "?part=3" not in page
    assert whole.status_code == 302 and whole.url == url("round", round_.pk)
    assert second["Content-Disposition"] == 'attachment; filename="to-roi-1-2017-phan-2.pdf"'
    assert [("Cao Ba" in text) for text in pdf_pages(second.content)] == [True]
    assert beyond.status_code == 404


def test_a_book_put_in_review_meanwhile_is_listed_in_a_message_and_the_others_start(client):
    employer = make_employer("760")
    taken, free = make_books(employer, 2)
    login(client)
    start_review_round(employer=employer, book_ids=[taken.pk], on=ROUND_DAY)

    response = client.post(
        url("start_review", employer.code),
        {"on": ROUND_DATE, "book": [taken.pk, free.pk]},
        follow=True,
    )

    assert response.status_code == 200
    shown = page_messages(response)
    assert any(taken.number in message and "Đang rà soát" in message for message in shown)
    assert states([free]) == [State.IN_REVIEW]
    assert ReviewRound.objects.count() == 2


def test_nothing_to_start_is_a_clear_message_on_the_form_and_nothing_changes(client):
    employer = make_employer("760")
    book = make_books(employer, 1)[0]
    start_review_round(employer=employer, book_ids=[book.pk], on=ROUND_DAY)
    login(client)

    response = client.post(url("start_review", employer.code), {"on": ROUND_DATE, "book": book.pk})

    assert response.status_code == 200
    page = text_of(response)
    assert "Không sổ nào trong các sổ đã chọn chuyển sang rà soát được." in page
    assert book.number in page
    assert ReviewRound.objects.count() == 1


def test_a_post_without_any_ticked_book_asks_for_one(client):
    employer = make_employer("760")
    make_books(employer, 1)
    login(client)

    response = client.post(url("start_review", employer.code), {"on": ROUND_DATE})

    assert "Hãy đánh dấu các sổ cần phát tờ rời." in text_of(response)
    assert ReviewRound.objects.count() == 0


def test_a_date_in_the_future_is_refused_on_the_form(client):
    employer = make_employer("760")
    book = make_books(employer, 1)[0]
    login(client)

    response = client.post(
        url("start_review", employer.code), {"on": "01/01/2999", "book": book.pk}
    )

    assert response.status_code == 200
    assert "tương lai" in text_of(response)
    assert states([book]) == [State.NOT_REVIEWED]


def test_all_books_of_the_list_on_every_page_can_be_started_at_once(client, monkeypatch):
    monkeypatch.setattr(views, "PER_PAGE", 2)
    employer = make_employer("760")
    books = make_books(employer, 5)
    login(client)

    page = client.get(url("start_review", employer.code)).content.decode()
    client.post(url("start_review", employer.code), {"on": ROUND_DATE, "all_matching": "1"})

    assert 'name="all_matching"' in page
    assert states(books) == [State.IN_REVIEW] * 5


def test_posted_books_of_another_employer_are_left_out_and_do_not_move(client):
    employer, other = make_employer("760"), make_employer("760")
    foreign = make_books(other, 1)[0]
    login(client, Role.EMPLOYER, employer=employer)

    response = client.post(
        url("start_review", employer.code), {"on": ROUND_DATE, "book": foreign.pk}
    )

    assert response.status_code == 200
    assert states([foreign]) == [State.NOT_REVIEWED]
    assert ReviewRound.objects.count() == 0


# -- scope: every page and download ---------------------------------------------------------


@pytest.fixture
def work():
    """An employer of district 760 with a round, a batch and a returned list, and every
    address of its work."""
    employer = make_employer("760")
    books = make_books(employer, 3)
    round_, _ = start_review_round(employer=employer, book_ids=[books[0].pk], on=ROUND_DAY)
    batch, _ = create_handover_batch(
        employer=employer, book_ids=confirmed(books[1:]), on=HANDOVER_DAY
    )
    sent = make_returned_list(employer, make_user("sender", role=Role.DISTRICT, office="760"))
    code = employer.code
    addresses = [
        url(name, code)
        for name in ("employer", "start_review", "answers", "answers_upload", "scan",
                     "batch_new")
    ] + [url("answers_upload_detail", code, sent.pk)] + [
        url("round", round_.pk), url("round_statements", round_.pk)
    ] + [
        url(name, batch.pk)
        for name in ("batch", "batch_list_pdf", "batch_list_xlsx", "batch_minutes_pdf",
                     "batch_minutes_xlsx")
    ]  # fmt: skip
    return employer, addresses


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.CENTRAL, {}),
        (Role.PROVINCE, {"office": "79"}),
        (Role.DISTRICT, {"office": "760"}),
        (Role.EMPLOYER, {"employer": "own"}),
    ],
)
def test_users_whose_scope_holds_the_employer_open_every_page_and_download(
    client, work, role, place
):
    employer, addresses = work
    if place.get("employer") == "own":
        place = {"employer": employer}
    login(client, role, **place)

    for address in addresses:
        assert client.get(address).status_code == 200, address


@pytest.mark.parametrize(
    ("role", "place"),
    [
        (Role.PROVINCE, {"office": "01"}),
        (Role.DISTRICT, {"office": "761"}),
        (Role.EMPLOYER, {"employer": "another"}),
    ],
)
def test_users_of_another_place_get_404_on_every_page_download_and_post(client, work, role, place):
    employer, addresses = work
    if place.get("employer") == "another":
        place = {"employer": make_employer("760")}
    login(client, role, **place)

    for address in addresses:
        assert client.get(address).status_code == 404, address
        if not address.endswith((".pdf", ".xlsx")):
            assert client.post(address, {"on": ROUND_DATE}).status_code in (404, 405), address
    assert client.post(url("scan_confirm", employer.code), {"number": "0"}).status_code == 404


def test_a_round_of_another_employer_is_404_for_an_employer_user(client):
    mine, theirs = make_employer("760"), make_employer("760")
    book = make_books(theirs, 1)[0]
    round_, _ = start_review_round(employer=theirs, book_ids=[book.pk], on=ROUND_DAY)
    login(client, Role.EMPLOYER, employer=mine)

    assert client.get(url("round", round_.pk)).status_code == 404
    assert client.get(url("round_statements", round_.pk)).status_code == 404


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client, work):
    _employer, addresses = work

    for address in addresses:
        response = client.get(address)
        assert response.status_code == 302 and "login" in response.url, address


# -- queries do not grow with the rows ----------------------------------------------------------


@pytest.mark.parametrize("name", ["start_review", "answers", "batch_new"])
def test_a_checklist_runs_as_many_queries_for_50_books_as_for_5(client, name):
    state = {"start_review": None, "answers": "review", "batch_new": "confirm"}[name]
    counts = []
    login(client)
    for size in (5, 50):
        employer = make_employer("760")
        books = make_books(employer, size)
        if state == "review":
            start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)
        elif state == "confirm":
            confirmed(books)
        page = client.get(url(name, employer.code))
        assert len(page.context["page"].object_list) == size
        counts.append(queries(client, url(name, employer.code)))

    assert counts[0] == counts[1]


def test_the_round_page_runs_as_many_queries_for_50_books_as_for_5(client):
    counts = []
    login(client)
    for size in (5, 50):
        employer = make_employer("760")
        books = make_books(employer, size)
        round_, _ = start_review_round(employer=employer, book_ids=ids(books), on=ROUND_DAY)
        counts.append(queries(client, url("round", round_.pk)))

    assert counts[0] == counts[1]


def test_the_work_page_runs_as_many_queries_for_many_rounds_as_for_one(client):
    counts = []
    login(client)
    for size in (1, 12):
        employer = make_employer("760")
        for book in make_books(employer, size):
            start_review_round(employer=employer, book_ids=[book.pk], on=ROUND_DAY)
        counts.append(queries(client, url("employer", employer.code)))

    assert counts[0] == counts[1]


def test_statements_without_their_font_give_a_clear_page_with_status_503(client, monkeypatch):
    from sobhxh.handover.documents import fonts

    monkeypatch.setitem(fonts.FONT_FILES, "B", fonts.Path("/nowhere/DejaVuSans-Bold.ttf"))
    employer = make_employer("760")
    book = make_books(employer, 1)[0]
    round_, _ = start_review_round(employer=employer, book_ids=[book.pk], on=ROUND_DAY)
    login(client)

    response = client.get(url("round_statements", round_.pk))

    assert response.status_code == 503
    assert "/nowhere/DejaVuSans-Bold.ttf" in text_of(response)
    assert states([book]) == [State.IN_REVIEW]
