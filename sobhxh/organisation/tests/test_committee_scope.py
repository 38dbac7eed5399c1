"""Who sees which committee (through `accounts.scope`), who may change it, and the lists of
open, overdue and owned decisions."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sobhxh.accounts.models import Role
from sobhxh.organisation.selectors import (
    committee_for,
    committee_list,
    committee_or_404,
    committees_visible,
    current_members,
    decisions_owned_by,
    may_manage,
    open_decisions,
    overdue_decisions,
)
from sobhxh.organisation.services import change_decision_state, deactivate_member
from sobhxh.testing.factories import (
    committee,
    make_decision,
    make_meeting,
    make_member,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = date(2017, 5, 10)


def test_the_centre_sees_every_committee_and_a_province_its_own(world):
    assert committees_visible(world.users.central).count() == 64
    assert [c.office.code for c in committees_visible(world.users.province)] == ["79"]
    assert committee_for(world.users.central) == committee("VN")
    assert committee_for(world.users.province) == committee("79")


@pytest.mark.parametrize("role", ["district", "employer"])
def test_district_and_employer_users_see_no_committee(world, role):
    user = world.users[role]
    assert not committees_visible(user).exists()
    assert committee_for(user) is None
    for code in ["79", "VN", "01"]:
        with pytest.raises(Http404):
            committee_or_404(user, code)


@pytest.mark.parametrize(
    ("role", "code", "seen"),
    [
        ("central", "VN", True),
        ("central", "79", True),
        ("central", "01", True),
        ("province", "79", True),
        ("province", "01", False),  # another province
        ("province", "VN", False),  # the centre's
        ("province", "760", False),  # a district has none
    ],
)
def test_committee_or_404_by_office_code(world, role, code, seen):
    user = world.users[role]
    if seen:
        assert committee_or_404(user, code).office.code == code
    else:
        with pytest.raises(Http404):
            committee_or_404(user, code)


def test_committee_or_404_by_primary_key_and_for_nobody(world):
    hanoi = committee("01")
    assert committee_or_404(world.users.central, hanoi.pk) == hanoi
    with pytest.raises(Http404):
        committee_or_404(world.users.province, hanoi.pk)
    for nobody in [AnonymousUser(), make_user(role=None)]:
        assert committee_for(nobody) is None
        with pytest.raises(Http404):
            committee_or_404(nobody, "79")


def test_the_head_the_secretary_and_central_users_manage_the_others_read(world):
    hcm = committee("79")
    head = make_user(role=Role.PROVINCE, office="79")
    make_member(hcm, head, role="head")
    secretary = make_user(role=Role.PROVINCE, office="79")
    place = make_member(hcm, secretary, role="secretary")
    deputy = make_user(role=Role.PROVINCE, office="79")
    make_member(hcm, deputy, role="deputy")
    assert may_manage(world.users.central, hcm) and may_manage(world.users.central, committee("01"))
    assert may_manage(head, hcm, TODAY) and may_manage(secretary, hcm, TODAY)
    assert not may_manage(deputy, hcm, TODAY)
    assert not may_manage(world.users.province, hcm, TODAY)  # not a member
    assert not may_manage(head, committee("01"), TODAY)
    for user in [world.users.district, world.users.employer, AnonymousUser()]:
        assert not may_manage(user, hcm, TODAY)
    deactivate_member(member=place, on=date(2017, 5, 9))
    assert not may_manage(secretary, hcm, TODAY)  # no longer in place


def test_members_in_place_are_listed_head_first(world):
    hcm = committee("79")
    member = make_member(hcm, full_name="An", title="Trưởng phòng")
    secretary = make_member(hcm, role="secretary", full_name="Bình", title="Chuyên viên")
    head = make_member(hcm, role="head", full_name="Cường", title="Giám đốc")
    gone = make_member(hcm, full_name="Dũng", title="Phó phòng")
    deactivate_member(member=gone, on=date(2017, 3, 1))
    assert list(current_members(hcm, TODAY)) == [head, secretary, member]


def test_open_and_overdue_decisions_of_a_committee(world):
    meeting = make_meeting("79")
    late = make_decision(meeting, due_on=date(2017, 5, 9))
    due_today = make_decision(meeting, due_on=TODAY)
    later = make_decision(meeting, due_on=date(2017, 6, 30))
    done = make_decision(meeting, due_on=date(2017, 4, 1))
    change_decision_state(decision=done, to="done", note="Xong")
    make_decision(make_meeting("01"), due_on=date(2017, 4, 1))  # another committee's
    assert list(open_decisions(committee("79"))) == [late, due_today, later]
    assert list(overdue_decisions(committee("79"), TODAY)) == [late]


def test_the_decisions_a_user_owns_overdue_first(world):
    owner = make_user(role=Role.PROVINCE, office="79")
    place = make_member("79", owner)
    meeting = make_meeting("79", [place])
    soon = make_decision(meeting, place, due_on=date(2017, 5, 20))
    late = make_decision(meeting, place, due_on=date(2017, 5, 1))
    cancelled = make_decision(meeting, place, due_on=date(2017, 4, 1))
    change_decision_state(decision=cancelled, to="cancelled", note="Không cần nữa")
    other = make_member("79", full_name="Người khác", title="Phó phòng")
    make_decision(make_meeting("79", [other]), other)
    owned = list(decisions_owned_by(owner, TODAY))
    assert owned == [late, soon]
    assert [d.overdue for d in owned] == [True, False]
    assert not decisions_owned_by(world.users.district, TODAY).exists()


def test_the_list_of_committees_counts_members_and_decisions(world):
    meeting = make_meeting("79", [make_member("79"), make_member("79")])
    make_decision(meeting, due_on=date(2017, 5, 1))
    make_decision(meeting, due_on=date(2017, 6, 1))
    rows = {c.office.code: c for c in committee_list(world.users.central, TODAY)}
    assert len(rows) == 64
    hcm = rows["79"]
    assert (hcm.member_count, hcm.open_count, hcm.overdue_count) == (2, 2, 1)
    assert hcm.last_meeting == date(2017, 3, 10)
    assert (rows["01"].member_count, rows["01"].open_count, rows["01"].last_meeting) == (0, 0, None)
    assert [c.office.code for c in committee_list(world.users.province, TODAY)] == ["79"]
