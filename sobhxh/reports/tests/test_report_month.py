"""`report_month` prints the same figures as the report, as a table or as JSON."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from sobhxh.books.lifecycle import Action
from sobhxh.books.services import set_waiting, transition
from sobhxh.reports.figures import month_figures
from sobhxh.testing.factories import make_books, make_employer, make_user, office_with_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign():
    supervisor = make_user("sup", supervisor=True)
    b1, b2, _b3 = make_books(make_employer("760"), 3)
    make_books(make_employer("79"), 1)
    transition(book=b1, action=Action.START_REVIEW, on=date(2017, 6, 2), actor=supervisor)
    transition(book=b1, action=Action.CONFIRM, on=date(2017, 6, 9), actor=supervisor)
    set_waiting(book=b2, reason="lost", on=date(2017, 6, 12), actor=supervisor)


def run(*args) -> str:
    out = StringIO()
    call_command("report_month", *args, stdout=out)
    return out.getvalue()


def test_json_is_the_figures_a_report_freezes(campaign):
    printed = json.loads(run("--unit", "79", "--month", "2017-06", "--json"))
    assert printed == month_figures(office_with_code("79"), date(2017, 6, 1)).as_dict()
    assert printed["flows"]["confirmed"] == {"month": 1, "cumulated": 1}
    assert printed["outstanding_by_reason"]["lost"] == 1


def test_the_table_reads_in_vietnamese(campaign):
    text = run("--unit", "79", "--month", "2017-06")
    assert "BHXH Thành phố Hồ Chí Minh (79), tháng 06/2017" in text
    assert "30/06/2017" in text
    assert "Đã rà soát" in text and "Sổ bị mất" in text
    district = next(line for line in text.splitlines() if line.startswith("760 "))
    assert "1 / 1" in district  # reviewed and confirmed in June
    own = [line for line in text.splitlines() if line.startswith("79 ")]
    assert len(own) == 4  # province, its own employers, in both tables


def test_the_table_reads_in_english_too(campaign):
    with translation.override("en"):
        text = run("--unit", "760", "--month", "2017-06")
    assert "figures as of 30/06/2017" in text
    assert "Book lost" in text


@pytest.mark.parametrize("month", ["2017-6", "06/2017", "2017-13", "june"])
def test_a_bad_month_is_refused_with_its_value(month):
    with pytest.raises(CommandError, match=month) as refused:
        run("--unit", "79", "--month", month)
    assert refused.value.returncode == 1


def test_an_unknown_office_is_refused_with_its_code():
    with pytest.raises(CommandError, match="XX9"):
        run("--unit", "XX9", "--month", "2017-06")
