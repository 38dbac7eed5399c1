"""The dashboard pages: each role's home, scope, the figures shown (now and as of a date),
sorting, behind marking, drill-down and breadcrumbs."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sobhxh.accounts.models import Role
from sobhxh.progress.selectors import employer_figures, office_figures
from sobhxh.testing.factories import make_user, office_with_code

from .helpers import Page, build_campaign, login

pytestmark = pytest.mark.django_db

END_2017 = date(2017, 12, 31)


@pytest.fixture
def campaign():
    return build_campaign()


def number(text: str) -> int:
    return int(text.replace(".", ""))


def percent(text: str) -> str:
    return text.replace(" %", "").strip()


def shown(figures) -> str:
    return "–" if figures.percent is None else f"{figures.percent:.2f}".replace(".", ",")


def page_of(client, url: str, **query) -> Page:
    response = client.get(url, query)
    assert response.status_code == 200
    return Page(response.content.decode())


# Homes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "place", "home"),
    [
        (Role.CENTRAL, {}, "/dashboard/VN/"),
        (Role.PROVINCE, {"office": "79"}, "/dashboard/79/"),
        (Role.DISTRICT, {"office": "760"}, "/dashboard/760/"),
        (Role.EMPLOYER, {"employer": "E760A"}, "/dashboard/employer/E760A/"),
    ],
)
def test_each_role_starts_at_its_own_dashboard(client, campaign, role, place, home):
    login(client, role, **place)
    assert client.get(reverse("home")).url == home
    assert client.get(reverse("progress:dashboard")).url == home
    assert client.get(home).status_code == 200


def test_the_dashboard_sends_a_user_without_a_role_to_the_home_page_that_explains(client):
    client.force_login(make_user("nobody", role=None))
    response = client.get(reverse("progress:dashboard"))
    assert response.url == reverse("home")
    assert "chưa có vai trò" in client.get(response.url).content.decode()
    assert client.get("/dashboard/VN/").status_code == 404


def test_the_dashboard_asks_an_anonymous_visitor_to_log_in(client):
    response = client.get("/dashboard/VN/")
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


# Scope: in scope 200, out of scope 404, for the page and its export alike -------------

IN_SCOPE = [
    (Role.CENTRAL, {}, ["VN", "01", "79", "001", "760"], ["E760A", "E79P", "E001"]),
    (Role.PROVINCE, {"office": "79"}, ["79", "760", "761"], ["E760A", "E760B", "E79P"]),
    (Role.DISTRICT, {"office": "760"}, ["760"], ["E760A", "E760B"]),
    (Role.EMPLOYER, {"employer": "E760A"}, [], ["E760A"]),
]
OUT_OF_SCOPE = [
    (Role.PROVINCE, {"office": "79"}, ["VN", "01", "001", "XX"], ["E001", "NOPE"]),
    (Role.DISTRICT, {"office": "760"}, ["VN", "79", "761", "001"], ["E79P", "E001"]),
    (Role.EMPLOYER, {"employer": "E760A"}, ["VN", "79", "760"], ["E760B", "E79P"]),
]


def urls_of(offices: list[str], employers: list[str]) -> list[str]:
    urls = []
    for code in offices:
        urls += [
            reverse("progress:office", args=[code]),
            reverse("progress:office_xlsx", args=[code]),
        ]
    for code in employers:
        urls += [
            reverse("progress:employer", args=[code]),
            reverse("progress:employer_xlsx", args=[code]),
        ]
    return urls


@pytest.mark.parametrize(("role", "place", "offices", "employers"), IN_SCOPE)
def test_every_page_and_export_in_scope_answers(client, campaign, role, place, offices, employers):
    login(client, role, **place)
    for url in urls_of(offices, employers):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(("role", "place", "offices", "employers"), OUT_OF_SCOPE)
def test_every_page_and_export_out_of_scope_answers_404(
    client, campaign, role, place, offices, employers
):
    login(client, role, **place)
    for url in urls_of(offices, employers):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.content.decode()


# The figures shown are the selectors' -------------------------------------------------


@pytest.mark.parametrize("as_of", [None, END_2017, date(2017, 6, 30)])
@pytest.mark.parametrize("code", ["VN", "79", "760"])
def test_the_cards_and_every_row_show_the_figures_of_the_selectors(client, campaign, code, as_of):
    login(client)
    query = {"as_of": f"{as_of:%d/%m/%Y}"} if as_of else {}
    page = page_of(client, reverse("progress:office", args=[code]), **query)
    expected = office_figures(office_with_code(code), as_of or timezone.localdate())

    assert number(page.figures["books"]) == expected.books
    assert number(page.figures["excluded"]) == expected.excluded
    assert number(page.figures["due"]) == expected.due
    assert number(page.figures["handed_over"]) == expected.handed_over
    assert percent(page.figures["percent"]) == shown(expected)
    for state in ("not_reviewed", "in_review", "disputed", "confirmed"):
        assert number(page.figures[state]) == expected.by_state[state]
    assert set(page.rows) == {child.code for child in expected.children}
    for child in expected.children:
        cells = page.rows[child.code]
        counts = [number(cell) for cell in cells[2:10]]
        assert counts == [
            child.books,
            child.excluded,
            child.due,
            child.by_state["not_reviewed"],
            child.by_state["in_review"],
            child.by_state["disputed"],
            child.by_state["confirmed"],
            child.handed_over,
        ]
        assert cells[10] == shown(child)


def test_an_employer_page_shows_the_employer_figures(client, campaign):
    login(client, Role.EMPLOYER, employer="E760A")
    page = page_of(client, "/dashboard/employer/E760A/", as_of="30/06/2017")
    expected = employer_figures(campaign["E760A"], date(2017, 6, 30))
    assert (number(page.figures["books"]), number(page.figures["handed_over"])) == (4, 3)
    assert percent(page.figures["percent"]) == shown(expected) == "75,00"


def test_the_as_of_date_changes_the_figures(client, campaign):
    login(client, Role.PROVINCE, office="79")
    url = reverse("progress:office", args=["79"])
    before = page_of(client, url, as_of="01/01/2017")
    mid = page_of(client, url, as_of="30/06/2017")
    today = page_of(client, url)

    assert number(before.figures["handed_over"]) == 0
    assert number(before.figures["not_reviewed"]) == 7
    assert number(mid.figures["handed_over"]) == 3
    assert number(today.figures["handed_over"]) == 5
    assert number(today.figures["excluded"]) == 1


def test_the_date_picker_form_yyyy_mm_dd_is_read_like_dd_mm_yyyy(client, campaign):
    login(client)
    url = reverse("progress:office", args=["VN"])
    assert (
        page_of(client, url, as_of="2017-06-30").figures
        == page_of(client, url, as_of="30/06/2017").figures
    )
    html = client.get(url, {"as_of": "2017-06-30"}).content.decode()
    assert 'value="30/06/2017"' in html and "Tính đến ngày 30/06/2017" in html


@pytest.mark.parametrize("text", ["31/02/2017", "abc", "12/2017", "31/12/17", "2017-13-01"])
def test_an_invalid_date_is_refused_with_a_message_and_today_is_shown(client, campaign, text):
    login(client)
    response = client.get(reverse("progress:office", args=["VN"]), {"as_of": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 31/12/2017." in html
    assert 'aria-invalid="true"' in html
    assert f"Tính đến ngày {timezone.localdate():%d/%m/%Y}" in html
    assert number(Page(html).figures["handed_over"]) == 6


def test_a_date_after_today_is_refused(client, campaign):
    login(client)
    tomorrow = timezone.localdate() + timedelta(days=1)
    html = client.get("/dashboard/VN/", {"as_of": f"{tomorrow:%d/%m/%Y}"}).content.decode()
    assert "Ngày không được sau hôm nay" in html


def test_links_down_the_tree_keep_the_date_asked_for(client, campaign):
    login(client)
    html = client.get("/dashboard/79/", {"as_of": "31/12/2017"}).content.decode()
    assert 'href="/dashboard/760/?as_of=31%2F12%2F2017"' in html
    assert 'href="/dashboard/employer/E79P/?as_of=31%2F12%2F2017"' in html


# Drill-down and breadcrumbs -----------------------------------------------------------


def test_a_province_shows_its_districts_and_the_employers_it_manages_itself(client, campaign):
    login(client)
    html = client.get("/dashboard/79/").content.decode()
    page = Page(html)
    assert "Các BHXH huyện" in html and "Đơn vị do BHXH tỉnh trực tiếp quản lý" in html
    assert {"760", "761", "E79P"} <= set(page.rows)
    assert "E760A" not in page.rows  # a district's employers are one level further down


def test_a_district_shows_its_employers_linked_to_their_pages(client, campaign):
    login(client, Role.DISTRICT, office="760")
    html = client.get("/dashboard/760/").content.decode()
    assert set(Page(html).rows) == {"E760A", "E760B"}
    assert 'href="/dashboard/employer/E760A/"' in html


def crumbs(html: str) -> str:
    return html[html.index('<ol class="breadcrumbs">') : html.index("</ol>")]


def test_the_breadcrumb_links_only_the_levels_in_the_users_scope(client, campaign):
    login(client, Role.DISTRICT, office="760")
    trail = crumbs(client.get("/dashboard/employer/E760A/").content.decode())
    assert "BHXH Việt Nam" in trail and 'href="/dashboard/VN/"' not in trail
    assert "BHXH Thành phố Hồ Chí Minh" in trail and 'href="/dashboard/79/"' not in trail
    assert '<a href="/dashboard/760/">BHXH Quận 1</a>' in trail
    assert '<span aria-current="page">Công ty May Sài Gòn</span>' in trail


def test_the_central_breadcrumb_links_every_level_above(client, campaign):
    login(client)
    trail = crumbs(client.get("/dashboard/760/", {"as_of": "31/12/2017"}).content.decode())
    assert 'href="/dashboard/VN/?as_of=31%2F12%2F2017"' in trail
    assert 'href="/dashboard/79/?as_of=31%2F12%2F2017"' in trail
    assert '<span aria-current="page">BHXH Quận 1</span>' in trail


# Sorting and behind -------------------------------------------------------------------


def test_rows_sort_by_any_column_and_the_header_says_how(client, campaign):
    login(client)
    url = reverse("progress:office", args=["VN"])
    as_of = "31/12/2017"

    ascending = page_of(client, url, as_of=as_of, sort="percent", dir="asc")
    assert ascending.order[:2] == ["01", "79"]  # 50 % then 66,67 %; nothing due comes last
    assert ascending.sorted_by == {"Tỷ lệ đã bàn giao (%)": "ascending"}

    descending = page_of(client, url, as_of=as_of, sort="percent", dir="desc")
    assert descending.order[:2] == ["79", "01"]
    assert descending.sorted_by == {"Tỷ lệ đã bàn giao (%)": "descending"}

    by_books = page_of(client, url, sort="books", dir="desc")
    assert by_books.order[:2] == ["79", "01"]  # 7 books, then 2; the rest have none

    by_code = page_of(client, url)
    assert by_code.order == sorted(by_code.order)
    assert by_code.sorted_by == {"Mã": "ascending"}


def test_the_current_sort_header_links_to_the_other_direction(client, campaign):
    login(client)
    html = client.get("/dashboard/VN/", {"sort": "percent", "dir": "asc"}).content.decode()
    assert 'href="?sort=percent&amp;dir=desc"' in html
    assert 'href="?sort=due&amp;dir=asc"' in html


def test_names_sort_in_vietnamese_order_not_by_code_points(client, campaign):
    login(client, Role.DISTRICT, office="760")
    page = page_of(client, "/dashboard/760/", sort="name")
    assert page.order == ["E760B", "E760A"]  # Ánh Dương before Công ty May Sài Gòn


def test_an_unknown_sort_falls_back_to_the_code(client, campaign):
    login(client)
    page = page_of(client, "/dashboard/VN/", sort="drop table", dir="sideways")
    assert page.order == sorted(page.order)


def test_behind_offices_are_marked_with_a_badge_and_a_row_class(client, campaign):
    login(client)
    html = client.get("/dashboard/VN/", {"as_of": "31/12/2017"}).content.decode()
    page = Page(html)
    assert "is-behind" in page.row_classes["01"]
    assert "Chậm tiến độ" in " ".join(page.rows["01"])
    assert "is-behind" not in page.row_classes["79"]
    assert "Chậm tiến độ" not in " ".join(page.rows["79"])

    district = Page(client.get("/dashboard/760/", {"as_of": "31/12/2017"}).content.decode())
    assert "is-behind" in district.row_classes["E760B"]
    assert "is-behind" not in district.row_classes["E760A"]


def test_nobody_is_behind_before_the_first_milestone(client, campaign):
    login(client)
    page = page_of(client, "/dashboard/VN/", as_of="30/12/2017")
    assert not any("is-behind" in classes for classes in page.row_classes.values())


def test_the_progress_bar_shows_the_percentage_and_the_target_marker(client, campaign):
    login(client)
    html = client.get("/dashboard/VN/", {"as_of": "31/12/2017"}).content.decode()
    row = html[html.index('data-code="79"') :]
    row = row[: row.index("</tr>")]
    assert '<rect class="progress-bar" width="66.67"' in row and 'x1="60.00"' in row
    assert 'aria-valuenow="66.67"' in row
    assert "66,67" in row


def test_the_office_header_and_cards_name_the_target_and_the_date(client, campaign):
    login(client)
    html = client.get("/dashboard/01/", {"as_of": "31/12/2017"}).content.decode()
    assert "<h1>BHXH Thành phố Hà Nội" in html
    assert "Tính đến ngày 31/12/2017" in html
    assert "Chỉ tiêu đang áp dụng" in html and re.search(r'data-figure="target">60 %', html)
    assert '<span class="badge badge-behind">Chậm tiến độ</span>' in html


def test_the_page_has_the_export_link_with_the_same_date_and_order(client, campaign):
    login(client)
    html = client.get(
        "/dashboard/79/", {"as_of": "31/12/2017", "sort": "due", "page": "1"}
    ).content.decode()
    assert 'href="/dashboard/79/xlsx/?as_of=31%2F12%2F2017&amp;sort=due"' in html


def test_the_page_switches_to_english(client, campaign):
    login(client)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get("/dashboard/VN/", {"as_of": "31/12/2017"}).content.decode()
    assert "As of 31/12/2017" in html and "Handed over (%)" in html and "Behind" in html
