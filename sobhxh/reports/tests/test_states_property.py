"""The set-based reads (the board, the centre's district counts, the reports waiting for a
decision) against their plain twins (each office's month read alone, `month_state`), on
random stories of submissions, returns and acceptances."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sobhxh.reports import selectors, services
from sobhxh.reports.models import Report
from sobhxh.testing.factories import make_books, make_user

from .conftest import IN_JULY

pytestmark = pytest.mark.django_db

MAY, JUNE = date(2017, 5, 1), date(2017, 6, 1)
OFFICES = ["q1", "q12", "hcm"]
steps = st.lists(
    st.tuples(
        st.sampled_from(OFFICES),
        st.sampled_from([MAY, JUNE]),
        st.sampled_from(["submit", "accept", "return"]),
    ),
    max_size=14,
)


def play(world, q12_user, office_name, month, action):
    office = getattr(world.offices, office_name)
    sender = world.users.province if office_name == "hcm" else world.users.district
    if office_name == "q12":
        sender = q12_user
    decider = world.users.central if office_name == "hcm" else world.users.province
    try:
        if action == "submit":
            services.submit(office=office, month=month, actor=sender, now=IN_JULY)
            return
        latest = selectors.month_state(office, month).latest
        if latest is None:
            return
        if action == "accept":
            services.accept(report=latest, actor=decider)
        else:
            services.send_back(report=latest, actor=decider, comment="Sửa lại")
    except ValidationError:
        pass


def slow_district_counts(world, month):
    counts = {}
    for office in (world.offices.q1, world.offices.q12):
        state = selectors.month_state(office, month)
        has_books = office == world.offices.q1  # Quận 12 has none
        if not has_books and not state.versions:
            continue
        expected, sent, accepted = counts.get("79", (0, 0, 0))
        counts["79"] = (
            expected + 1,
            sent + (state.state != "missing"),
            accepted + (state.state == "accepted"),
        )
    return counts


@pytest.fixture
def story_world(world):
    """The world, a book at Quận 1 (Quận 12 has none) and a user of Quận 12."""
    make_books(world.employers.q1, 1)
    return world, make_user(role="district", office="761")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(story=steps)
def test_set_based_reads_match_each_office_read_alone(story_world, story):
    world, q12_user = story_world
    with transaction.atomic():
        for step in story:
            play(world, q12_user, *step)
        for month in (MAY, JUNE):
            fast = {
                code: (c.expected, c.sent, c.accepted)
                for code, c in selectors.district_counts(month).items()
            }
            assert fast == slow_district_counts(world, month)
            board = {
                row.office.code: row.state for row in selectors.board(world.offices.hcm, month)
            }
            slow_board = {
                o.code: selectors.month_state(o, month).state
                for o in (world.offices.q1, world.offices.q12)
                if o == world.offices.q1 or selectors.month_state(o, month).versions
            }
            assert board == slow_board
        waiting = selectors.reminders(world.users.province, today=date(2017, 8, 3)).to_decide
        slow_waiting = [
            selectors.month_state(o, m).latest
            for m in (MAY, JUNE)
            for o in (world.offices.q1, world.offices.q12)
            if selectors.month_state(o, m).state == "submitted"
        ]
        assert sorted(r.pk for r in waiting) == sorted(r.pk for r in slow_waiting)
        transaction.set_rollback(True)
    assert not Report.objects.exists()
