"""The demo's committees are what the services would have written: the same plan through
the services and in bulk gives the same members, meetings, decisions and history; every
rule of the services holds on the demo data; the demo users find their committee."""

import random
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from sobhxh.accounts.demo import ensure_demo_users
from sobhxh.organisation import demo, services
from sobhxh.organisation.models import (
    DECISION_MOVES,
    NOTE_NEEDED,
    Committee,
    Decision,
    DecisionState,
    Department,
    Meeting,
    Member,
)
from sobhxh.organisation.selectors import (
    committee_for,
    decisions_owned_by,
    may_manage,
    overdue_decisions,
)

pytestmark = pytest.mark.django_db


def generate(books: int = 1000) -> None:
    call_command("generate_demo", books=books, seed=9, quiet=True, stdout=StringIO(), problems=0)


def snapshot(committee_ids) -> list:
    """The committees' members, meetings, decisions and history (but the moments the services
    stamp with the present), members named by their place in the committee."""
    found = []
    for committee in Committee.objects.filter(pk__in=committee_ids).order_by("office__code"):
        members = list(
            committee.members.order_by("pk").values_list(
                "pk",
                "user_id",
                "full_name",
                "title",
                "role",
                "department_id",
                "active_from",
                "active_to",
            )
        )
        place = {row[0]: index for index, row in enumerate(members)}
        meetings = []
        for meeting in committee.meetings.order_by("held_on", "pk"):
            decisions = [
                (
                    decision.text,
                    place[decision.owner_id],
                    decision.due_on,
                    decision.state,
                    list(
                        decision.history.order_by("pk").values_list(
                            "actor_id", "from_state", "to_state", "note"
                        )
                    ),
                )
                for decision in meeting.decisions.order_by("pk")
            ]
            attendees = sorted(place[pk] for pk in meeting.attendees.values_list("pk", flat=True))
            meetings.append(
                (
                    meeting.held_on,
                    meeting.place,
                    meeting.minutes,
                    meeting.recorded_by_id,
                    attendees,
                    decisions,
                )
            )
        found.append(
            (
                committee.established_on,
                committee.decision_number,
                [row[1:] for row in members],
                meetings,
            )
        )
    return found


def replay(plans: list[demo.CommitteePlan]) -> None:
    """The plans through the services, as each committee's secretary would have recorded
    them (no one, for a secretary without an account)."""
    for plan in plans:
        committee = Committee.objects.get(pk=plan.committee_id)
        committee.established_on = plan.established_on
        committee.decision_number = plan.decision_number
        committee.save()
        actor = get_user_model().objects.get(pk=plan.recorder_id) if plan.recorder_id else None
        members = [
            services.add_member(
                committee=committee,
                role=member.role,
                active_from=member.active_from,
                user=get_user_model().objects.get(pk=member.user_id) if member.user_id else None,
                full_name=member.full_name,
                title=member.title,
                department=Department.objects.filter(pk=member.department_id).first(),
            )
            for member in plan.members
        ]
        for member, made in zip(plan.members, members, strict=True):
            if member.active_to:
                services.deactivate_member(member=made, on=member.active_to)
        for meeting in plan.meetings:
            recorded = services.record_meeting(
                committee=committee,
                held_on=meeting.held_on,
                place=meeting.place,
                attendees=[members[i] for i in meeting.attendees],
                minutes=meeting.minutes,
                actor=actor,
            )
            for decision in meeting.decisions:
                made = services.record_decision(
                    meeting=recorded,
                    text=decision.text,
                    owner=members[decision.owner],
                    due_on=decision.due_on,
                    actor=actor,
                )
                for _day, to, note in decision.changes:
                    services.change_decision_state(decision=made, to=to, note=note, actor=actor)


def test_a_plan_written_in_bulk_is_what_the_services_write():
    users = {user.username: user.pk for user in ensure_demo_users()}
    plans = demo.plan(random.Random(4), demo_users=users)
    chosen = [plan for plan in plans if plan.recorder_id] + plans[10:13]
    assert len(chosen) == 5  # the centre's and Hồ Chí Minh's, recorded by the demo users
    ids = [plan.committee_id for plan in chosen]

    with transaction.atomic():
        replay(chosen)
        by_services = snapshot(ids)
        transaction.set_rollback(True)
    assert not Member.objects.exists()
    demo.write(chosen)

    assert snapshot(ids) == by_services
    assert sum(len(meetings) for *_rest, meetings in by_services) > 40


def test_same_seed_same_committees_and_another_seed_not():
    def planned(seed):
        return demo.plan(random.Random(seed), demo_users={})

    assert planned(1) == planned(1)
    assert planned(1) != planned(2)


def test_the_demo_committees_keep_every_rule_of_the_services():
    generate()
    committees = Committee.objects.all()
    assert committees.count() == 64
    assert not committees.filter(members__isnull=True).exists()
    for meeting in Meeting.objects.prefetch_related("attendees", "decisions__history"):
        assert meeting.attendees.all(), meeting
        for member in meeting.attendees.all():
            assert member.committee_id == meeting.committee_id
            assert member.active_on(meeting.held_on)
        for decision in meeting.decisions.all():
            assert decision.owner.active_on(meeting.held_on)
            assert decision.due_on >= meeting.held_on
            state = ""
            for change in decision.history.all():
                assert change.from_state == state
                assert (state == "" and change.to_state == DecisionState.OPEN) or (
                    change.to_state in DECISION_MOVES[state]
                )
                assert change.note or change.to_state not in NOTE_NEEDED
                state = change.to_state
            assert state == decision.state
    states = set(Decision.objects.values_list("state", flat=True))
    assert states == set(DecisionState.values)
    monthly = Committee.objects.get(office__code="79").meetings.count()
    quarterly = Committee.objects.get(office__code="02").meetings.count()
    assert monthly == 18 and 6 <= quarterly <= 7


def test_the_demo_users_find_their_committee_and_the_decisions_they_own():
    generate()
    users = {user.username: user for user in ensure_demo_users()}
    tinh, central = users["demo-tinh"], users["demo"]
    own = committee_for(tinh)
    assert own.office.code == "79"
    assert own.members.filter(user=tinh, role="secretary").exists()
    assert may_manage(tinh, own)
    assert decisions_owned_by(tinh).exists()
    assert committee_for(central).office.code == "VN"
    assert overdue_decisions(committee_for(central), date(2026, 1, 1)).exists()
    assert committee_for(users["demo-huyen"]) is None
