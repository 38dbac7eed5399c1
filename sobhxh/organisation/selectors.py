"""Reads of the organisation app."""

from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.units.models import CENTRE_CODE, Office

from .models import Committee, Decision, DecisionState, Department, Meeting, Member, MemberRole


def department_of(user) -> Department | None:
    """The department the user belongs to, or None (no profile, or a user of no department:
    district and employer users, and staff not assigned to one)."""
    if not getattr(user, "is_authenticated", False):
        return None
    profile = getattr(user, "profile", None)  # a missing profile raises an AttributeError
    if profile is None or profile.department_id is None:
        return None
    return profile.department


def departments_for(office: Office, function: str) -> list[Department]:
    """The departments of `function` that answer for `office`, nearest first: its
    province's (none for the centre) and then the centre's. What routing a problem needs."""
    nearest = Q(office__code=CENTRE_CODE)
    if office.level != Office.Level.CENTRE and office.province_id is not None:
        nearest |= Q(office_id=office.province_id)
    departments = Department.objects.select_related("office").filter(nearest, function=function)
    return sorted(departments, key=lambda department: department.office.code == CENTRE_CODE)


def department_in(office: Office, function: str) -> Department | None:
    """The department of `function` in `office`, or None."""
    return Department.objects.filter(office=office, function=function).first()


# -- steering committees --------------------------------------------------------------------
#
# Who sees a committee goes through `accounts.scope`: a committee is visible when its office
# is, so a province sees its own and the centre sees all; district and employer users see
# none (their `scope.offices` holds no committee's office). Anything else answers 404.

# The order members are listed in: the head first, the secretary before the members.
ROLE_ORDER = Case(
    When(role=MemberRole.HEAD, then=0),
    When(role=MemberRole.DEPUTY, then=1),
    When(role=MemberRole.SECRETARY, then=2),
    default=3,
    output_field=IntegerField(),
)
MANAGING_ROLES = (MemberRole.HEAD, MemberRole.SECRETARY)


def committees_visible(user) -> QuerySet[Committee]:
    return Committee.objects.filter(office__in=scope.offices(user)).select_related("office")


def committee_for(user) -> Committee | None:
    """The user's own committee: the centre's for a central user, their province's for a
    provincial user; None for anyone else."""
    place = scope.place(user)
    if place is None:
        return None
    if place.role == Role.CENTRAL:
        return committees_visible(user).filter(office__code=CENTRE_CODE).first()
    if place.role == Role.PROVINCE:
        return committees_visible(user).filter(office_id=place.office_id).first()
    return None


def committee_or_404(user, pk_or_office_code: int | str) -> Committee:
    """A visible committee by its primary key (an int) or its office's code (a str: "79",
    "VN"), or Http404."""
    if isinstance(pk_or_office_code, int):
        lookup = {"pk": pk_or_office_code}
    else:
        lookup = {"office__code": pk_or_office_code}
    found = committees_visible(user).filter(**lookup).first()
    if found is None:
        raise Http404
    return found


def meeting_or_404(committee: Committee, pk: int) -> Meeting:
    return get_object_or_404(committee.meetings.all(), pk=pk)


def decision_or_404(committee: Committee, pk: int) -> Decision:
    decisions = Decision.objects.select_related("meeting", "owner__user", "owner__department")
    return get_object_or_404(decisions, meeting__committee=committee, pk=pk)


def may_manage(user, committee: Committee, today: date | None = None) -> bool:
    """Whether the user may change the committee (members, meetings, decisions): a central
    user for every committee, and the committee's own head or secretary while in place.
    Everyone else who sees it reads only."""
    place = scope.place(user)
    if place is None:
        return False
    if place.role == Role.CENTRAL:
        return True
    today = today or timezone.localdate()
    return (
        committees_visible(user).filter(pk=committee.pk).exists()
        and current_members(committee, today).filter(user=user, role__in=MANAGING_ROLES).exists()
    )


def current_members(committee: Committee, today: date) -> QuerySet[Member]:
    """The members in place on `today`: the head first, then deputies, the secretary and the
    members, each by name."""
    return (
        committee.members.filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .filter(active_from__lte=today)
        .select_related("user", "department__office")
        .annotate(rank=ROLE_ORDER)
        .order_by("rank", "full_name", "user__last_name", "user__first_name", "pk")
    )


def former_members(committee: Committee, today: date) -> QuerySet[Member]:
    return (
        committee.members.filter(active_to__lt=today)
        .select_related("user", "department__office")
        .order_by("-active_to", "pk")
    )


def members_on(committee: Committee, day: date) -> QuerySet[Member]:
    """Who may attend a meeting, or own a decision of it, held on `day`."""
    return current_members(committee, day)


def upcoming_meetings(committee: Committee, today: date) -> QuerySet[Meeting]:
    return committee.meetings.filter(held_on__gt=today).order_by("held_on", "pk")


def recent_meetings(committee: Committee, today: date, count: int = 10) -> QuerySet[Meeting]:
    return committee.meetings.filter(held_on__lte=today).order_by("-held_on", "-pk")[:count]


def _decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("meeting__committee__office", "owner__user")


def open_decisions(committee: Committee) -> QuerySet[Decision]:
    """The committee's decisions still to be done, the nearest due date first."""
    return (
        _decisions()
        .filter(meeting__committee=committee, state=DecisionState.OPEN)
        .order_by("due_on", "pk")
    )


def overdue_decisions(committee: Committee, today: date) -> QuerySet[Decision]:
    """Open decisions whose due date has passed (due yesterday or before)."""
    return open_decisions(committee).filter(due_on__lt=today)


def decisions_owned_by(user, today: date | None = None) -> QuerySet[Decision]:
    """The open decisions the user owns in the committees they see, overdue ones first
    (each marked `overdue`), then by due date: the decisions part of a user's inbox."""
    today = today or timezone.localdate()
    overdue = Case(When(due_on__lt=today, then=True), default=False, output_field=BooleanField())
    return (
        _decisions()
        .filter(
            owner__user=user,
            state=DecisionState.OPEN,
            meeting__committee__in=committees_visible(user),
        )
        .annotate(overdue=overdue)
        .order_by("-overdue", "due_on", "pk")
    )


def committee_list(user, today: date) -> QuerySet[Committee]:
    """The visible committees with their figures: members in place, open and overdue
    decisions (each counted by a subquery, so that nothing multiplies)."""
    members = Member.objects.filter(committee=OuterRef("pk"), active_from__lte=today).filter(
        Q(active_to__isnull=True) | Q(active_to__gte=today)
    )
    decisions = Decision.objects.filter(meeting__committee=OuterRef("pk"), state=DecisionState.OPEN)
    return committees_visible(user).annotate(
        member_count=_count(members),
        open_count=_count(decisions),
        overdue_count=_count(decisions.filter(due_on__lt=today)),
        last_meeting=Subquery(
            Meeting.objects.filter(committee=OuterRef("pk"), held_on__lte=today)
            .order_by("-held_on")
            .values("held_on")[:1]
        ),
    )


def _count(queryset: QuerySet) -> Subquery:
    # COUNT as a plain function, not an aggregate: no GROUP BY, one row per outer committee.
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
