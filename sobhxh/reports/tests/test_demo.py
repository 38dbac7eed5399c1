"""The demo's reports: every month of 2017–2018 for the offices with books, frozen with the
figures `month_figures` gives, in every state the board shows."""

from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from sobhxh.reports import selectors
from sobhxh.reports.figures import month_figures
from sobhxh.reports.models import Decision, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    """`generate_demo` writes the reports itself (`reports.demo.generate`)."""
    call_command("generate_demo", books=600, seed=5, problems=0, quiet=True, stdout=StringIO())


def test_the_demo_sends_most_reports_on_time_and_some_late_returned_or_missing(generated):
    reports = list(Report.objects.select_related("office"))
    assert reports
    months = {r.month for r in reports}
    assert min(months) == date(2017, 1, 1) and max(months) == date(2018, 12, 1)
    late = sum(r.late for r in reports if r.version == 1)
    assert 0 < late < len(reports) / 3
    assert Report.objects.filter(version=2).exists()
    assert (
        Decision.objects.filter(outcome="returned").count()
        == Report.objects.filter(version=2).count()
    )
    states = Counter()
    for office in {r.office for r in reports}:
        for month in (date(2017, 6, 1), date(2018, 12, 1)):
            states[selectors.month_state(office, month).state] += 1
    assert states["accepted"] > states["missing"] + states["submitted"]


def test_the_demo_freezes_the_figures_month_figures_gives(generated):
    for report in Report.objects.select_related("office").order_by("?")[:25]:
        assert report.figures == month_figures(report.office, report.month).as_dict(), report
