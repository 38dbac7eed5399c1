"""A month's figures on a small campaign whose every step is dated, counted by hand."""

import json
from datetime import date
from decimal import Decimal

import pytest

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import transition
from sobhxh.reports.figures import (
    OWN,
    MonthFigures,
    changes_since,
    first_of_month,
    month_figures,
    national_summary,
)
from sobhxh.testing.factories import DETAILS, make_books, make_employer, make_user, office_with_code

pytestmark = pytest.mark.django_db

HANDOVER = {"receiver": "worker"}


@pytest.fixture
def campaign():
    """Hà Nội: three books at district 001, one at an employer the province manages itself;
    Hồ Chí Minh: two books at district 760."""
    supervisor = make_user("sup", supervisor=True)
    a1, a2, a3 = make_books(make_employer("001", code="HN001"), 3)
    (p1,) = make_books(make_employer("01", code="HN-OWN"), 1)
    b1, _b2 = make_books(make_employer("760", code="HCM01"), 2)

    def move(book, action, on, details=None):
        transition(book=book, action=action, on=on, actor=supervisor, details=details)

    for book in (a1, a2, b1, p1):
        move(book, Action.START_REVIEW, date(2017, 3, 1))
    move(a1, Action.CONFIRM, date(2017, 6, 1))
    move(b1, Action.CONFIRM, date(2017, 6, 1))
    move(p1, Action.DISPUTE, date(2017, 6, 2), DETAILS[Action.DISPUTE])
    move(a1, Action.HAND_OVER, date(2017, 7, 1), HANDOVER)
    move(b1, Action.HAND_OVER, date(2017, 7, 1), HANDOVER)
    move(a3, Action.EXCLUDE, date(2017, 9, 1), {"reason": "deceased"})
    move(a2, Action.CONFIRM, date(2018, 2, 1))
    move(a2, Action.HAND_OVER, date(2018, 2, 1), HANDOVER)
    move(b1, Action.UNDO_HANDOVER, date(2018, 2, 28), {"reason": "Giao nhầm người"})


def flows(figures: MonthFigures) -> dict[str, tuple[int, int]]:
    return {name: (flow.month, flow.cumulated) for name, flow in figures.flows.items()}


def test_a_district_in_june_counts_the_month_and_the_cumulated_flows(campaign):
    june = month_figures(office_with_code("001"), date(2017, 6, 1))
    assert (june.as_of, june.books, june.due) == (date(2017, 6, 30), 3, 3)
    assert flows(june) == {
        "reviewed": (0, 2),
        "confirmed": (1, 1),
        "disputed": (0, 0),
        "handed_over": (0, 0),
        "excluded": (0, 0),
    }
    assert june.outstanding_by_state == {
        "not_reviewed": 1, "in_review": 1, "disputed": 0, "confirmed": 1,
    }  # fmt: skip
    assert june.percent == Decimal("0.00")
    assert june.children == []


def test_an_undone_handover_makes_the_month_negative(campaign):
    february = month_figures(office_with_code("760"), date(2018, 2, 1))
    assert flows(february)["handed_over"] == (-1, 0)
    assert flows(february)["confirmed"] == (0, 1)
    assert february.percent == Decimal("0.00")


def test_a_province_has_a_row_per_district_and_one_for_its_own_employers(campaign):
    hanoi = month_figures(office_with_code("01"), date(2017, 9, 1))
    rows = {(row.code, row.level): row for row in hanoi.children}
    assert len(rows) == len(hanoi.children)
    own = rows[("01", OWN)]
    assert (own.books, flows(own)["disputed"]) == (1, (0, 1))
    assert flows(rows[("001", "district")])["excluded"] == (1, 1)
    assert sum(row.books for row in hanoi.children) == hanoi.books == 4
    for flow in hanoi.flows:
        assert sum(row.flows[flow].month for row in hanoi.children) == hanoi.flows[flow].month
    # 1 handed over of 3 due
    assert (hanoi.due, hanoi.percent) == (3, Decimal("33.33"))


def test_a_province_without_employers_of_its_own_has_only_district_rows(campaign):
    saigon = month_figures(office_with_code("79"), date(2017, 7, 1))
    assert {row.level for row in saigon.children} == {"district"}
    assert saigon.percent == Decimal("50.00")


def test_the_national_summary_has_a_row_per_province_and_the_target(campaign):
    december = national_summary(date(2017, 12, 1))
    assert december.level == "centre"
    assert len(december.children) == 63
    assert {row.level for row in december.children} == {"province"}
    assert (december.books, december.due) == (6, 5)
    assert december.percent == Decimal("40.00")  # 2 of 5
    assert december.target_percent == Decimal("60.00")
    assert december.behind is True


def test_as_dict_is_json_and_comes_back_whole(campaign):
    figures = month_figures(office_with_code("01"), date(2018, 2, 1))
    data = json.loads(json.dumps(figures.as_dict()))
    assert data["month"] == "2018-02"
    assert data["as_of"] == "2018-02-28"
    assert data["percent"] == "66.67"
    assert data["flows"]["handed_over"] == {"month": 1, "cumulated": 2}
    assert set(data["outstanding_by_reason"]) >= {"arrears", "other"}
    assert "children" not in data["children"][0]
    assert MonthFigures.from_dict(data) == figures


def test_changes_since_names_each_figure_that_moved(campaign):
    frozen = month_figures(office_with_code("79"), date(2017, 7, 1)).as_dict()
    assert changes_since(frozen, frozen) == []
    # A late correction of the past: a new book excluded on 31/07.
    supervisor = make_user("sup2", supervisor=True)
    b2 = make_books(make_employer("760"), 1)[0]
    transition(book=b2, action=Action.EXCLUDE, on=date(2017, 7, 31), actor=supervisor,
               details={"reason": "deceased"})  # fmt: skip
    now = month_figures(office_with_code("79"), date(2017, 7, 1)).as_dict()
    changed = {change.path: (change.frozen, change.now) for change in changes_since(frozen, now)}
    assert changed[("books",)] == (2, 3)
    assert changed[("flows", "excluded", "month")] == (0, 1)
    assert changed[("children", "760", "flows", "excluded", "cumulated")] == (0, 1)
    assert ("due",) not in changed
    labels = [change.label for change in changes_since(frozen, now)]
    assert "760 › Không phải giao › trong tháng" in labels


def test_a_month_is_its_first_day():
    assert first_of_month("2017-06") == date(2017, 6, 1)
    for bad in ("2017-6", "June", "2017-13", "17-06", ""):
        with pytest.raises(ValueError):
            first_of_month(bad)
