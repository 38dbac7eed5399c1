"""The handed-over history and its chart: monthly points from the daily deltas, drawn as
inline SVG against the milestone line, with a table of the same numbers."""

import re
from datetime import date

import pytest
from django.utils import timezone

from sobhxh.progress.charts import handed_over_chart
from sobhxh.progress.models import Campaign, Milestone
from sobhxh.progress.selectors import (
    employer_figures,
    handed_over_history,
    office_figures,
)
from sobhxh.testing.factories import make_employer, office_with_code

from .helpers import build_campaign, login

pytestmark = pytest.mark.django_db

START = date(2017, 1, 10)  # Plan 112/KH-BHXH
END_2018 = date(2018, 12, 31)


@pytest.fixture
def campaign():
    return build_campaign()


def test_history_has_a_point_at_each_month_end_from_the_start_to_the_date(campaign):
    points = handed_over_history(office_with_code("VN"), until=date(2017, 4, 15))
    assert [day for day, _ in points] == [
        date(2017, 1, 31),
        date(2017, 2, 28),
        date(2017, 3, 31),
        date(2017, 4, 15),
    ]


@pytest.mark.parametrize("code", ["VN", "79", "760", "001"])
def test_each_point_of_an_office_equals_its_figures_on_that_date(campaign, code):
    office = office_with_code(code)
    points = handed_over_history(office, until=END_2018)
    assert len(points) == 24
    for day, percent in points:
        assert percent == office_figures(office, day, with_children=False).percent, day


@pytest.mark.parametrize("code", ["E760A", "E760B", "E79P", "E001"])
def test_each_point_of_an_employer_equals_its_figures_on_that_date(campaign, code):
    employer = campaign[code]
    for day, percent in handed_over_history(employer, until=timezone.localdate()):
        assert percent == employer_figures(employer, day).percent, day


def test_history_is_two_queries_whatever_the_number_of_months(campaign, django_assert_num_queries):
    # An office's: its monthly deltas, then the days of the last month.
    centre = office_with_code("VN")
    with django_assert_num_queries(2):
        handed_over_history(centre, until=timezone.localdate(), start=START)


def test_history_before_the_campaign_start_is_empty(campaign):
    assert handed_over_history(office_with_code("VN"), until=date(2016, 12, 31)) == []


def test_a_point_with_nothing_due_has_no_percentage():
    empty = make_employer("760", code="EMPTY")
    assert handed_over_history(empty, until=date(2017, 3, 1)) == [
        (date(2017, 1, 31), None),
        (date(2017, 2, 28), None),
        (date(2017, 3, 1), None),
    ]


def chart_of(client, url: str, **query) -> str:
    html = client.get(url, query).content.decode()
    return html[html.index('<section class="card chart-card"') :][:40000]


def test_the_page_draws_the_history_and_the_milestone_line_as_inline_svg(client, campaign):
    login(client)
    chart = chart_of(client, "/dashboard/79/", as_of="31/12/2018")
    svg = chart[chart.index("<svg") : chart.index("</svg>")]

    assert 'role="img"' in svg
    assert 'aria-labelledby="progress-chart-title progress-chart-desc"' in svg
    assert re.search(r"<title id=\"progress-chart-title\">Tỷ lệ sổ BHXH đã bàn giao", svg)
    assert "BHXH Thành phố Hồ Chí Minh" in svg
    assert "Đã bàn giao đến ngày 31/12/2018: 83,33 %." in svg  # 5 of 6 due
    target = re.search(r'<polyline class="chart-target" points="([^"]+)"', svg)
    assert target and len(target.group(1).split()) == 3  # start, 31/12/2017, 31/12/2018
    assert "60 % · 31/12/2017" in svg and "100 % · 31/12/2018" in svg
    assert svg.count('class="chart-point"') == 24
    assert "<script" not in chart and "http://" not in chart.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_the_chart_has_a_table_of_its_figures_under_details(client, campaign):
    login(client)
    chart = chart_of(client, "/dashboard/79/", as_of="31/12/2018")
    table = chart[chart.index("<details") : chart.index("</details>")]
    assert "<summary>Số liệu của biểu đồ</summary>" in table
    rows = re.findall(r"<tr><td>(\d\d/\d\d/\d{4})</td>\s*<td class=\"num\">([^<]+)</td>", table)
    assert len(rows) == 24
    assert ("30/06/2017", "42,86") in rows  # 3 of 7
    assert ("31/12/2017", "66,67") in rows  # 4 of 6
    assert ("31/12/2018", "83,33") in rows


def test_a_province_override_moves_its_milestone_line(client, campaign):
    plan = Campaign.objects.get(is_default=True)
    Milestone.objects.create(
        campaign=plan, province=office_with_code("79"), due_on=date(2017, 12, 31), target_percent=40
    )
    Milestone.objects.create(
        campaign=plan,
        province=office_with_code("79"),
        due_on=date(2018, 12, 31),
        target_percent=100,
    )
    login(client)
    assert "40 % · 31/12/2017" in chart_of(client, "/dashboard/760/")
    assert "40 % · 31/12/2017" in chart_of(client, "/dashboard/employer/E79P/")
    assert "60 % · 31/12/2017" in chart_of(client, "/dashboard/VN/")
    assert "60 % · 31/12/2017" in chart_of(client, "/dashboard/001/")


def test_a_date_before_the_campaign_draws_the_targets_and_says_there_is_no_history(
    client, campaign
):
    login(client)
    chart = chart_of(client, "/dashboard/VN/", as_of="01/01/2017")
    assert 'class="chart-target"' in chart and 'class="chart-point"' not in chart
    assert "Chưa có số liệu trước ngày bắt đầu đợt rà soát." in chart


def test_the_chart_escapes_the_names_it_shows():
    svg = handed_over_chart(
        points=[(date(2017, 1, 31), None)],
        milestones=((date(2017, 12, 31), 60),),
        start=START,
        until=date(2017, 1, 31),
        name="<Công ty & Con>",
    )
    assert "&lt;Công ty &amp; Con&gt;" in svg and "<Công ty" not in svg
