"""The monthly progress reports up the hierarchy (DOMAIN.md "Reports up the hierarchy").

- `Draft`: an office's remarks (difficulties, proposals) for a month, until it submits
  them. Never figures: a wrong figure is fixed in the registry, not in a report.
- `Report`: one submitted version of an office's report of a month (Mẫu 04 for a district,
  Mẫu 05 for a province): the figures as they were when it was sent, the remarks, its
  number, who sent it and when. Append-only (database triggers, migration 0002): a
  correction is the next version, never an edit.
- `Decision`: the office above's answer to one version (accepted, or returned with a
  comment), append-only as well.

The rules live in `services` (every write), `selectors` (every read, scoped) and `due`
(due dates).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.units.models import Office


class Form(models.TextChoices):
    DISTRICT = "04", _("Form 04 (district to province)")
    PROVINCE = "05", _("Form 05 (province to centre)")


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("report", "Accepted")
    RETURNED = "returned", pgettext_lazy("report", "Returned")


class Draft(models.Model):
    """The remarks an office is writing for a month's report: saved as often as it likes,
    copied into the report when it submits."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    updated_at = models.DateTimeField(_("saved at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saved by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")
        constraints = [
            models.UniqueConstraint(fields=["office", "month"], name="report_draft_one_per_month"),
        ]

    def __str__(self) -> str:
        return f"{self.office_id}, {self.month:%m/%Y}"


class Report(models.Model):
    """One submitted version of an office's monthly report, frozen as it was sent."""

    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    version = models.PositiveSmallIntegerField(_("version"))
    form = models.CharField(_("form"), max_length=2, choices=Form.choices)
    number = models.CharField(_("number"), max_length=40)
    due_on = models.DateField(_("due date"))
    figures = models.JSONField(_("figures"))
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The name as it was: a later rename of the account does not change a sent report.
    submitted_by_name = models.CharField(_("submitted by (name)"), max_length=300)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        verbose_name = _("submitted report")
        verbose_name_plural = _("submitted reports")
        ordering = ["office", "month", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "month", "version"], name="report_one_per_version"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="report_version_positive"),
        ]
        indexes = [models.Index(fields=["month", "office"], name="report_month_office")]

    def __str__(self) -> str:
        return f"{self.number} ({self.office.code}, {self.month:%m/%Y}, v{self.version})"

    @property
    def late(self) -> bool:
        return self.submitted_on > self.due_on


class Decision(models.Model):
    """The office above's answer to one submitted version: at most one, never changed."""

    report = models.OneToOneField(
        Report, verbose_name=_("report"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by_name = models.CharField(_("decided by (name)"), max_length=300)
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        verbose_name = _("decision on a report")
        verbose_name_plural = _("decisions on reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["accepted", "returned"]), name="report_decision_valid"
            ),
            # A returned report says why, so the office knows what to correct.
            models.CheckConstraint(
                condition=~Q(outcome="returned") | ~Q(comment=""),
                name="report_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.report_id})"
