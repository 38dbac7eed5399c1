from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.units.models import Office


class Function(models.TextChoices):
    """A part of the campaign some department owns (Plan 112): at the centre one department
    per function, and its counterpart in each provincial office. A problem's category will
    belong to a function, which says which department answers it."""

    BOOK_CARD = "book_card", _("Books and cards")
    IT = "it", _("Information technology")
    FINANCE = "finance", _("Finance and accounting")
    REVENUE = "revenue", _("Revenue")
    BENEFITS = "benefits", _("Social insurance benefits")


class Department(models.Model):
    """A department of the centre or of a provincial office, with the function it has in the
    campaign. Data: loaded by migration and made for each office loaded later
    (`services.create_departments`)."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    function = models.CharField(_("function"), max_length=10, choices=Function.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["office__code", "function"]
        constraints = [
            models.UniqueConstraint(fields=["office", "function"], name="department_per_function"),
            models.CheckConstraint(
                condition=models.Q(function__in=[f.value for f in Function]),
                name="department_function_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.office.office_name}"


# -- steering committees --------------------------------------------------------------------


class Committee(models.Model):
    """The steering committee (Ban Chỉ đạo) of one office: the centre's or a province's
    (Plan 112). One per office, made by migration with no members; who sees it is decided
    by `selectors.committees_visible`."""

    office = models.OneToOneField(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="committee"
    )
    name = models.CharField(_("name"), max_length=300)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("steering committee")
        verbose_name_plural = _("steering committees")
        ordering = ["office__code"]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    MEMBER = "member", pgettext_lazy("committee role", "Member")
    SECRETARY = "secretary", _("Secretary")


class Member(models.Model):
    """A place in a committee, held from one day to another: a user of the committee's
    office (or of the centre, for the centre's committee), or a person named with their
    title who has no account. The rules live in `services.add_member`."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_places",
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=200, blank=True)
    role = models.CharField(_("role in the committee"), max_length=10, choices=MemberRole.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_members",
    )
    active_from = models.DateField(_("member from"))
    active_to = models.DateField(_("member until"), null=True, blank=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["committee", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (~Q(full_name="") & ~Q(title="")),
                name="member_user_or_named",
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values), name="member_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(active_to__isnull=True) | Q(active_to__gte=models.F("active_from")),
                name="member_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(active_to__isnull=True),
                name="member_user_once_active",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id is None:
            return self.full_name
        return self.full_name or self.user.get_full_name() or self.user.get_username()

    def active_on(self, day: date) -> bool:
        """Whether the place is held on `day` (both ends count)."""
        return self.active_from <= day and (self.active_to is None or day <= self.active_to)


class Meeting(models.Model):
    """A meeting of a committee: held, or planned when its date is ahead (then it has no
    attendees nor minutes yet)."""

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.PROTECT, related_name="meetings"
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place of the meeting"), max_length=200)
    attendees = models.ManyToManyField(
        Member, verbose_name=_("attendees"), blank=True, related_name="meetings_attended"
    )
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["committee", "held_on"], name="meeting_committee_day")]

    def __str__(self) -> str:
        return f"{self.committee} – {self.held_on:%d/%m/%Y}"


class DecisionState(models.TextChoices):
    OPEN = "open", pgettext_lazy("decision state", "Open")
    DONE = "done", pgettext_lazy("decision state", "Done")
    CANCELLED = "cancelled", pgettext_lazy("decision state", "Cancelled")


# state -> the states a decision may move to from it (`services.change_decision_state`).
# Done may be reopened; cancelled is final. Every move but to open needs a note.
DECISION_MOVES: dict[str, frozenset[str]] = {
    DecisionState.OPEN: frozenset({DecisionState.DONE, DecisionState.CANCELLED}),
    DecisionState.DONE: frozenset({DecisionState.OPEN}),
    DecisionState.CANCELLED: frozenset(),
}
NOTE_NEEDED = frozenset({DecisionState.DONE, DecisionState.CANCELLED})


class Decision(models.Model):
    """A decision (kết luận) of a meeting: what is to be done, by which member, by when.

    Its state changes only through `services.change_decision_state`, which writes a
    `DecisionChange`. The problems it points at are linked from the problems app's side
    (`Problem.decisions`, written by `problems.services.point_decision_at`), so this model
    does not name problems.
    """

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        Member,
        verbose_name=pgettext_lazy("decision", "owner"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    due_on = models.DateField(pgettext_lazy("decision", "due date"))
    state = models.CharField(
        _("state"), max_length=10, choices=DecisionState.choices, default=DecisionState.OPEN
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["state", "due_on"], name="decision_state_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=DecisionState.values), name="decision_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def is_overdue(self, today: date) -> bool:
        return self.state == DecisionState.OPEN and self.due_on < today


class DecisionChange(models.Model):
    """One change of a decision's state, and its making (from ""): who, when, from, to and
    why. Append-only, in the database too (`triggers`)."""

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="history"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("changed at"), default=timezone.now)
    from_state = models.CharField(
        _("from"), max_length=10, blank=True, choices=DecisionState.choices
    )
    to_state = models.CharField(_("to"), max_length=10, choices=DecisionState.choices)
    note = models.TextField(pgettext_lazy("decision", "note"), blank=True)

    class Meta:
        verbose_name = _("change of a decision")
        verbose_name_plural = _("changes of decisions")
        ordering = ["decision", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.from_state or '–'} → {self.to_state}"
