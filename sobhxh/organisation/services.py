"""Writes of the organisation app: the departments of the centre and of each province, and
the steering committees with their members, meetings and decisions."""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.problems.services import point_decision_at
from sobhxh.units.models import Office

from . import selectors
from .models import (
    DECISION_MOVES,
    NOTE_NEEDED,
    Committee,
    Decision,
    DecisionChange,
    DecisionState,
    Department,
    Function,
    Meeting,
    Member,
    MemberRole,
)

# The names of the departments, as the agency calls them: the centre's (Ban Sổ - Thẻ…)
# and their counterparts in each provincial office (phòng Cấp sổ, thẻ…).
CENTRAL_NAMES = {
    Function.BOOK_CARD: "Ban Sổ - Thẻ",
    Function.IT: "Trung tâm Công nghệ thông tin",
    Function.FINANCE: "Vụ Tài chính - Kế toán",
    Function.REVENUE: "Ban Thu",
    Function.BENEFITS: "Ban Thực hiện chính sách BHXH",
}
PROVINCIAL_NAMES = {
    Function.BOOK_CARD: "Phòng Cấp sổ, thẻ",
    Function.IT: "Phòng Công nghệ thông tin",
    Function.FINANCE: "Phòng Kế hoạch - Tài chính",
    Function.REVENUE: "Phòng Quản lý thu",
    Function.BENEFITS: "Phòng Chế độ BHXH",
}
NAMES = {"centre": CENTRAL_NAMES, "province": PROVINCIAL_NAMES}


def create_departments(offices: Iterable, department_model=Department) -> int:
    """Give the centre and each provincial office among `offices` the departments it lacks
    (district offices have none); return how many were made. Set-based and idempotent.

    Takes the model as an argument so that the data migration can pass its historical one.
    """
    wanted = {
        (office.pk, function): name
        for office in offices
        for function, name in NAMES.get(office.level, {}).items()
    }
    if not wanted:
        return 0
    existing = set(
        department_model.objects.filter(
            office_id__in={office_id for office_id, _ in wanted}
        ).values_list("office_id", "function")
    )
    new = [
        department_model(office_id=office_id, function=str(function), name=name)
        for (office_id, function), name in wanted.items()
        if (office_id, str(function)) not in existing
    ]
    department_model.objects.bulk_create(new, batch_size=1000)
    return len(new)


# -- steering committees --------------------------------------------------------------------
#
# Each write takes the `actor` who makes it, and refuses (PermissionDenied) one who may not
# manage the committee (`selectors.may_manage`). `actor=None` is a command or the demo
# generator, trusted. A refusal of the input is a ValidationError whose keys are the fields
# of the page's form, so that the page shows each message beside its field.

COMMITTEE_NAME = "Ban Chỉ đạo thực hiện Kế hoạch 112 – {office}"
COMMITTEE_LEVELS = ("centre", "province")
# A meeting is planned at most this far ahead.
MEETING_DAYS_AHEAD = 366


def office_name(office) -> str:
    """`Office.office_name`, for a historical model too (the data migration)."""
    return office.name if office.level == "centre" else f"BHXH {office.name}"


def create_committees(offices: Iterable, committee_model=Committee) -> int:
    """Give the centre and each provincial office among `offices` its committee if it has
    none yet, with no members; return how many were made. Set-based and idempotent; takes
    the model so that the data migration can pass its historical one."""
    wanted = [office for office in offices if office.level in COMMITTEE_LEVELS]
    existing = set(
        committee_model.objects.filter(office__in=[o.pk for o in wanted]).values_list(
            "office_id", flat=True
        )
    )
    new = [
        committee_model(office_id=office.pk, name=COMMITTEE_NAME.format(office=office_name(office)))
        for office in wanted
        if office.pk not in existing
    ]
    committee_model.objects.bulk_create(new, batch_size=1000)
    return len(new)


def create_committee(
    *, office: Office, name: str = "", established_on: date | None = None, decision_number: str = ""
) -> Committee:
    """The committee of the centre or of a provincial office; one per office."""
    if office.level not in COMMITTEE_LEVELS:
        raise ValidationError(
            _("Only the centre and a provincial office have a steering committee."),
            code="committee_level",
        )
    if Committee.objects.filter(office=office).exists():
        raise ValidationError(
            _("%(office)s already has a steering committee."),
            code="committee_exists",
            params={"office": office.office_name},
        )
    return Committee.objects.create(
        office=office,
        name=(name or "").strip() or COMMITTEE_NAME.format(office=office.office_name),
        established_on=established_on,
        decision_number=(decision_number or "").strip(),
    )


def _may(actor, committee: Committee) -> None:
    if actor is not None and not selectors.may_manage(actor, committee):
        raise PermissionDenied


def add_member(
    *,
    committee: Committee,
    role: str,
    active_from: date,
    user=None,
    full_name: str = "",
    title: str = "",
    department: Department | None = None,
    actor=None,
) -> Member:
    """Give someone a place in `committee`: a user of its office (of the centre for the
    centre's committee), or a person named with their title. A user's department is theirs
    unless another is given; a department is one of the committee's office or the centre's."""
    _may(actor, committee)
    full_name, title = (full_name or "").strip(), (title or "").strip()
    if role not in MemberRole.values:
        raise ValidationError({"role": _("Choose the member's role in the committee.")})
    if user is not None:
        if full_name:
            raise ValidationError(
                {"full_name": _("Choose a user or type a name, not both.")}, code="both"
            )
        _check_user_may_sit(user, committee)
        if department is None:
            department = selectors.department_of(user)
    elif not full_name:
        raise ValidationError(
            {"user": _("Choose a user, or give the person's name and title.")}, code="nobody"
        )
    elif not title:
        raise ValidationError(
            {"title": _("Give the title of %(name)s.") % {"name": full_name}}, code="title"
        )
    if department is not None and department.office_id not in _department_offices(committee):
        raise ValidationError(
            {
                "department": _("This department is neither of %(office)s nor of the centre.")
                % {"office": committee.office.office_name}
            },
            code="department",
        )
    return Member.objects.create(
        committee=committee,
        user=user,
        full_name=full_name,
        title=title,
        role=role,
        department=department,
        active_from=active_from,
    )


def _check_user_may_sit(user, committee: Committee) -> None:
    place = scope.place(user)
    if committee.office.level == Office.Level.CENTRE:
        fits = place is not None and place.role == Role.CENTRAL
    else:
        fits = place is not None and place.role == Role.PROVINCE
        fits = fits and place.office_id == committee.office_id
    if not fits:
        raise ValidationError(
            {
                "user": _(
                    "%(user)s does not work at %(office)s: a member with an account must be "
                    "a user of the committee's office."
                )
                % {"user": user.get_username(), "office": committee.office.office_name}
            },
            code="user_office",
        )
    if committee.members.filter(user=user, active_to=None).exists():
        raise ValidationError(
            {
                "user": _("%(user)s is already a member of this committee.")
                % {"user": user.get_username()}
            },
            code="user_twice",
        )


def _department_offices(committee: Committee) -> set[int]:
    centre = Office.objects.filter(level=Office.Level.CENTRE).values_list("pk", flat=True)
    return {committee.office_id, *centre}


def deactivate_member(*, member: Member, on: date, actor=None) -> Member:
    """End a member's place: `on` is their last day in the committee."""
    _may(actor, member.committee)
    if member.active_to is not None:
        raise ValidationError(
            _("%(member)s already left the committee on %(day)s.")
            % {"member": member.display_name, "day": f"{member.active_to:%d/%m/%Y}"},
            code="gone",
        )
    if on < member.active_from:
        raise ValidationError(
            {
                "on": _(
                    "%(member)s joined the committee on %(day)s: the last day cannot be before it."
                )
                % {"member": member.display_name, "day": f"{member.active_from:%d/%m/%Y}"}
            },
            code="before",
        )
    member.active_to = on
    member.save(update_fields=["active_to"])
    return member


def record_meeting(
    *,
    committee: Committee,
    held_on: date,
    place: str,
    attendees: Iterable[Member] = (),
    minutes: str = "",
    actor=None,
) -> Meeting:
    """A meeting that took place, with who attended and its minutes; or one planned ahead,
    which has neither yet."""
    _may(actor, committee)
    today = timezone.localdate()
    place, minutes, attendees = (place or "").strip(), (minutes or "").strip(), list(attendees)
    if not place:
        raise ValidationError({"place": _("Give the place of the meeting.")}, code="place")
    if held_on > today + timedelta(days=MEETING_DAYS_AHEAD):
        raise ValidationError({"held_on": _("The meeting is more than a year away.")})
    if held_on > today and (attendees or minutes):
        raise ValidationError(
            _("A meeting that has not taken place yet has neither attendees nor minutes."),
            code="planned",
        )
    if held_on <= today and not attendees:
        raise ValidationError({"attendees": _("Tick the members who attended the meeting.")})
    for member in attendees:
        if member.committee_id != committee.pk or not member.active_on(held_on):
            raise ValidationError(
                {
                    "attendees": _("%(member)s is not a member of this committee on %(day)s.")
                    % {"member": member.display_name, "day": f"{held_on:%d/%m/%Y}"}
                },
                code="attendee",
            )
    with transaction.atomic():
        meeting = Meeting.objects.create(
            committee=committee, held_on=held_on, place=place, minutes=minutes, recorded_by=actor
        )
        meeting.attendees.set(attendees)
    return meeting


def record_decision(
    *,
    meeting: Meeting,
    text: str,
    owner: Member,
    due_on: date,
    problems: Iterable = (),
    actor=None,
) -> Decision:
    """A decision of a meeting that took place, owned by a member of the committee on the
    meeting's day, open until it is done or cancelled; it may point at problems of the
    committee's area (through the problems app's door)."""
    _may(actor, meeting.committee)
    text = (text or "").strip()
    if meeting.held_on > timezone.localdate():
        raise ValidationError(
            _("Decisions are recorded once the meeting has taken place."), code="planned"
        )
    if not text:
        raise ValidationError({"text": _("Write what was decided.")}, code="text")
    if owner.committee_id != meeting.committee_id or not owner.active_on(meeting.held_on):
        raise ValidationError(
            {
                "owner": _("%(member)s is not a member of this committee on %(day)s.")
                % {"member": owner.display_name, "day": f"{meeting.held_on:%d/%m/%Y}"}
            },
            code="owner",
        )
    if due_on < meeting.held_on:
        raise ValidationError(
            {"due_on": _("The due date is before the meeting.")}, code="due_before"
        )
    with transaction.atomic():
        decision = Decision.objects.create(meeting=meeting, text=text, owner=owner, due_on=due_on)
        DecisionChange.objects.create(
            decision=decision, actor=actor, from_state="", to_state=DecisionState.OPEN
        )
        if problems:
            point_decision_at(decision=decision, problems=problems)
    return decision


def change_decision_state(*, decision: Decision, to: str, note: str = "", actor=None) -> Decision:
    """The one door for a decision's state: the move must be in `DECISION_MOVES`, done and
    cancelled need a note, and the change is written to the history in the same
    transaction."""
    _may(actor, decision.meeting.committee)
    note = (note or "").strip()
    if to not in DecisionState.values:
        raise ValidationError({"to": _("Choose the new state of the decision.")}, code="state")
    with transaction.atomic():
        current = Decision.objects.select_for_update().get(pk=decision.pk)
        if to not in DECISION_MOVES[current.state]:
            raise ValidationError(
                {
                    "to": _("A decision that is “%(from)s” cannot become “%(to)s”.")
                    % {"from": current.get_state_display(), "to": DecisionState(to).label}
                },
                code="move",
            )
        if to in NOTE_NEEDED and not note:
            raise ValidationError(
                {"note": _("Say why: a decision marked done or cancelled needs a note.")},
                code="note",
            )
        DecisionChange.objects.create(
            decision=current, actor=actor, from_state=current.state, to_state=to, note=note
        )
        current.state = to
        current.save(update_fields=["state"])
    decision.state = to
    return decision
