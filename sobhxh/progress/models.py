"""Campaigns and their targets, and the counters that dashboards and reports read.

Counters are kept by `services.apply_moves`, called in the same transaction as every book
move (DESIGN.md invariants 1 and 4); `verify` rebuilds them from the books and events.

- `OfficeCount` holds, for every office (district, province and the centre), the books it
  manages directly or through the offices under it, by state.
- `EmployerCount` holds the same per employer, with the office that manages it.
- `OfficeDelta` / `EmployerDelta` hold the net change of those figures on each business
  day, so the figures as of any past date are a sum over at most (days × states) rows,
  however many books there are.
- `OfficeMonthDelta` holds the office deltas summed by month, so that a past date's
  figures read the months before it and the days of its own month only.

Their `state` column holds a bucket: a state, a waiting reason or an action (`buckets`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sobhxh.units.models import Employer, Office

from .buckets import STATE_BUCKETS


class Campaign(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=300)
    starts_on = models.DateField(_("starts on"))
    is_default = models.BooleanField(_("default campaign"), default=False)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_campaign",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class Milestone(models.Model):
    """A target: by `due_on`, `target_percent` of the books due are handed over.

    A milestone with a province applies to that province only; a province that has any
    milestones of its own uses those instead of the campaign's national ones.
    """

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="milestones"
    )
    due_on = models.DateField(_("due on"))
    target_percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    province = models.ForeignKey(
        Office,
        verbose_name=_("province (override)"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        limit_choices_to={"level": Office.Level.PROVINCE},
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["campaign", "province", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "province", "due_on"], name="milestone_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(target_percent__gte=0, target_percent__lte=100),
                name="milestone_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_percent}% – {self.due_on:%d/%m/%Y}"


class OfficeCount(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=24)  # a bucket: see `buckets`
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "state"], name="officecount_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.state} {self.total}"


class EmployerCount(models.Model):
    # No index of its own: the unique (employer, state) serves it.
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The office managing the employer's books, beside each of its counters, so that an
    # office's employers sorted by a figure read one range of an index (`employer_order`).
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", db_index=False)
    state = models.CharField(max_length=24)  # a bucket: see `buckets`
    total = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employer", "state"], name="employercount_unique")
        ]
        indexes = [
            # Covering, so that PostgreSQL reads an office's counters from the index alone;
            # of the states only, what an employer's figures are (a quarter of the rows).
            # In employer order, so that the sum of each employer's rows is taken as they
            # come, where hashing them took as long as reading them.
            models.Index(
                fields=["office", "employer", "state"],
                include=["total"],
                condition=models.Q(state__in=STATE_BUCKETS),
                name="employercount_office",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.state} {self.total}"


class OfficeDelta(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    state = models.CharField(max_length=24)  # a bucket: see `buckets`
    change = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "day", "state"], name="officedelta_unique")
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.day} {self.state} {self.change:+d}"


class EmployerDelta(models.Model):
    # No index of its own: the unique (employer, day, state) serves it.
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # As `EmployerCount.office`: an office's employers as of a past date, from one range.
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    state = models.CharField(max_length=24)  # a bucket: see `buckets`
    change = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "day", "state"], name="employerdelta_unique"
            )
        ]
        indexes = [
            # As `EmployerCount`'s: an office's employers as of a past date, summed in
            # employer order.
            models.Index(
                fields=["office", "employer", "state", "day"],
                include=["change"],
                condition=models.Q(state__in=STATE_BUCKETS),
                name="employerdelta_office",
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer_id} {self.day} {self.state} {self.change:+d}"


class OfficeMonthDelta(models.Model):
    """The net change of an office's figures over a month (`month`, its first day): the
    sum of its `OfficeDelta` rows of that month, so that a past date's figures add up a
    few rows per month instead of one per day."""

    # No index of its own: the unique (office, month, state) serves it.
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    state = models.CharField(max_length=24)  # a bucket: see `buckets`
    change = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office", "month", "state"], name="officemonthdelta_unique"
            )
        ]
        indexes = [
            # Covering, of the book states only: the books of 700 districts at a past
            # month's end (the national summary) from the index alone, where PostgreSQL
            # read the whole table.
            models.Index(
                fields=["office", "month"],
                include=["state", "change"],
                condition=models.Q(state__in=STATE_BUCKETS),
                name="officemonthdelta_states",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office_id} {self.month:%Y-%m} {self.state} {self.change:+d}"
