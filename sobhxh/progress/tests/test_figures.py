import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.services import transition
from sobhxh.progress.models import Campaign, Milestone
from sobhxh.progress.selectors import employer_figures, office_figures
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import make_books, make_employer, make_user, office_with_code

pytestmark = pytest.mark.django_db

HANDOVER = {"receiver": "worker"}


@pytest.fixture
def campaign():
    """Two employers, one in Hà Nội (district 001), one in Hồ Chí Minh (district 760),
    and a campaign whose every step is dated; the expected figures below are counted by
    hand from these steps."""
    supervisor = make_user("sup", supervisor=True)
    hanoi = make_employer("001", code="HN001")
    saigon = make_employer("760", code="HCM01")
    a1, a2, a3 = make_books(hanoi, 3)
    b1, _b2 = make_books(saigon, 2)

    def move(book, action, on, details=None):
        transition(book=book, action=action, on=on, actor=supervisor, details=details)

    for book in (a1, a2, b1):
        move(book, Action.START_REVIEW, date(2017, 3, 1))
    move(a1, Action.CONFIRM, date(2017, 6, 1))
    move(b1, Action.CONFIRM, date(2017, 6, 1))
    move(a1, Action.HAND_OVER, date(2017, 7, 1), HANDOVER)
    move(b1, Action.HAND_OVER, date(2017, 7, 1), HANDOVER)
    move(a3, Action.EXCLUDE, date(2017, 9, 1), {"reason": "deceased"})
    move(a2, Action.CONFIRM, date(2018, 2, 1))
    move(a2, Action.HAND_OVER, date(2018, 2, 1), HANDOVER)
    move(b1, Action.UNDO_HANDOVER, date(2018, 2, 1), {"reason": "Giao nhầm người"})
    return {"hanoi": hanoi, "saigon": saigon}


def states(**counts) -> dict[str, int]:
    return {state: counts.get(state, 0) for state in State.values}


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2016, 12, 30), states()),
        (date(2016, 12, 31), states(not_reviewed=5)),
        (date(2017, 6, 30), states(not_reviewed=2, in_review=1, confirmed=2)),
        (date(2017, 12, 31), states(not_reviewed=1, in_review=1, handed_over=2, excluded=1)),
        (date(2018, 3, 1), states(not_reviewed=1, confirmed=1, handed_over=2, excluded=1)),
    ],
)
def test_national_figures_as_of_a_past_date_match_the_hand_count(campaign, as_of, expected):
    assert office_figures(office_with_code("VN"), as_of).by_state == expected


def test_figures_of_today_come_from_the_counters_and_match_the_last_date(campaign):
    today = office_figures(office_with_code("VN"), date.today())
    assert today.by_state == states(not_reviewed=1, confirmed=1, handed_over=2, excluded=1)


def test_percent_target_and_behind_at_the_2017_milestone(campaign):
    national = office_figures(office_with_code("VN"), date(2017, 12, 31))
    assert (national.books, national.excluded, national.due, national.handed_over) == (5, 1, 4, 2)
    assert national.percent == Decimal("50.00")
    assert national.target_percent == Decimal("60.00")
    assert national.behind is True

    before = office_figures(office_with_code("VN"), date(2017, 12, 30))
    assert before.behind is False  # no milestone has passed yet


def test_a_province_override_replaces_the_national_milestones(campaign):
    plan = Campaign.objects.get(is_default=True)
    Milestone.objects.create(
        campaign=plan, province=office_with_code("79"), due_on=date(2017, 12, 31), target_percent=40
    )
    figures = {
        child.code: child
        for child in office_figures(office_with_code("VN"), date(2017, 12, 31)).children
    }
    assert figures["79"].percent == Decimal("50.00")
    assert (figures["79"].target_percent, figures["79"].behind) == (Decimal("40.00"), False)
    assert (figures["01"].target_percent, figures["01"].behind) == (Decimal("60.00"), True)


def test_an_employer_figures_as_of_a_date(campaign):
    figures = employer_figures(campaign["saigon"], date(2018, 3, 1))
    assert figures.by_state == states(not_reviewed=1, confirmed=1)
    assert figures.percent == Decimal("0.00")


@pytest.mark.parametrize("as_of", [date(2017, 6, 30), date(2018, 3, 1), date.today()])
@pytest.mark.parametrize("code", ["VN", "01", "001", "79", "760"])
def test_children_add_up_to_their_office(campaign, code, as_of):
    figures = office_figures(office_with_code(code), as_of)
    summed = states()
    for child in figures.children:
        for state, count in child.by_state.items():
            summed[state] += count
    assert summed == figures.by_state


def test_children_are_provinces_then_districts_then_employers(campaign):
    assert {c.code for c in office_figures(office_with_code("VN"), date.today()).children} >= {
        "01",
        "79",
    }
    assert len(office_figures(office_with_code("VN"), date.today()).children) == 63
    assert "001" in {c.code for c in office_figures(office_with_code("01"), date.today()).children}
    district = office_figures(office_with_code("001"), date.today())
    assert [c.code for c in district.children] == ["HN001"]


def test_progress_json_prints_one_object_with_the_documented_keys(campaign):
    out = StringIO()
    call_command("progress", "--office", "01", "--as-of", "2017-12-31", "--json", stdout=out)
    data = json.loads(out.getvalue())
    keys = {
        "unit", "name", "as_of", "books", "excluded", "due", "handed_over", "percent",
        "target_percent", "behind", "by_state",
    }  # fmt: skip
    assert set(data) == keys | {"children"}
    assert all(set(child) == keys for child in data["children"])
    assert data["unit"] == "01" and data["name"] == "BHXH Thành phố Hà Nội"
    assert (data["as_of"], data["books"], data["due"], data["handed_over"]) == (
        "2017-12-31",
        3,
        2,
        1,
    )
    assert (data["percent"], data["target_percent"], data["behind"]) == (50.0, 60.0, True)


def test_progress_defaults_to_the_centre_and_accepts_an_employer_code(campaign):
    out = StringIO()
    call_command("progress", "--json", stdout=out)
    assert json.loads(out.getvalue())["unit"] == "VN"
    out = StringIO()
    call_command("progress", "--office", "HCM01", "--json", stdout=out)
    assert json.loads(out.getvalue())["books"] == 2


def test_progress_table_is_in_vietnamese(campaign):
    out = StringIO()
    call_command("progress", "--as-of", "2017-12-31", stdout=out)
    assert "Tính đến ngày 31/12/2017" in out.getvalue()
    assert "Đã bàn giao" in out.getvalue()


def test_progress_refuses_an_unknown_office_with_a_clear_message(campaign):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="XX"):
        call_command("progress", "--office", "XX")


def test_the_campaign_leaves_verify_clean(campaign):
    assert verify() == []


def test_progress_still_takes_the_old_unit_flag_for_an_office(campaign):
    by_office, by_unit = StringIO(), StringIO()
    call_command("progress", "--office", "79", "--json", stdout=by_office)
    call_command("progress", "--unit", "79", "--json", stdout=by_unit)
    assert by_unit.getvalue() == by_office.getvalue()
    assert json.loads(by_unit.getvalue())["unit"] == "79"
