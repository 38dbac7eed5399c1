"""Unit costs, budgets and settlements (DOMAIN.md, "Money"). Amounts are whole đồng.

- `UnitCost`: the rate of one activity from a date. Append-only (database triggers): a rate
  that work was priced with is never changed; a new rate applies from a new date.
- `Budget`: a province's budget for a year, set (and revised) by the central finance
  department.
- `Settlement`: a province's settlement (quyết toán) of a year, as it moves from draft to
  approved. Once approved, `ApprovedSettlement` and its `ApprovedLine`s hold its figures as
  they were, and database triggers refuse to change them or the approved settlement row.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.units.models import Office

from .activities import Activity


class UnitCost(models.Model):
    activity = models.CharField(_("activity"), max_length=10, choices=Activity.choices)
    amount = models.PositiveBigIntegerField(_("amount (đồng)"))
    valid_from = models.DateField(_("applies from"))
    legal_basis = models.TextField(_("legal basis"))
    is_example = models.BooleanField(_("example rate"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("unit cost")
        verbose_name_plural = _("unit costs")
        ordering = ["activity", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "valid_from"], name="unitcost_once_a_day"),
            models.CheckConstraint(
                condition=Q(activity__in=Activity.values), name="unitcost_activity_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} {self.amount} {self.valid_from:%d/%m/%Y}"


class Budget(models.Model):
    province = models.ForeignKey(
        Office,
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Office.Level.PROVINCE},
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.PositiveBigIntegerField(_("budget (đồng)"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), default=timezone.now)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["year", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="budget_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.year} {self.amount}"


class SettlementState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("settlement", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("settlement", "Submitted")
    RETURNED = "returned", pgettext_lazy("settlement", "Returned")
    APPROVED = "approved", pgettext_lazy("settlement", "Approved")


class Settlement(models.Model):
    """The settlement of a province's year while it is worked on: the amount spent the
    province enters, and its state. The allowed amount is counted live until approval."""

    province = models.ForeignKey(
        Office, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    spent = models.PositiveBigIntegerField(_("amount spent (đồng)"), default=0)
    state = models.CharField(
        _("state"), max_length=10, choices=SettlementState.choices, default=SettlementState.DRAFT
    )
    comment = models.TextField(_("comment of the centre"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["year", "province__code"]
        constraints = [
            models.UniqueConstraint(fields=["province", "year"], name="settlement_once_a_year"),
            models.CheckConstraint(
                condition=Q(state__in=SettlementState.values), name="settlement_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.year} {self.state}"


class ApprovedSettlement(models.Model):
    """An approved settlement's figures, as they were on approval. Append-only."""

    settlement = models.OneToOneField(Settlement, on_delete=models.PROTECT, related_name="approved")
    number = models.CharField(_("number"), max_length=40)
    allowed = models.BigIntegerField(_("allowed amount (đồng)"))
    spent = models.BigIntegerField(_("amount spent (đồng)"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"))

    class Meta:
        verbose_name = _("approved settlement")
        verbose_name_plural = _("approved settlements")

    def __str__(self) -> str:
        return self.number

    @property
    def difference(self) -> int:
        return self.allowed - self.spent


class ApprovedLine(models.Model):
    """One line of an approved settlement: an activity counted at one rate. Append-only."""

    approved = models.ForeignKey(ApprovedSettlement, on_delete=models.PROTECT, related_name="lines")
    activity = models.CharField(max_length=10, choices=Activity.choices)
    rate = models.BigIntegerField()
    valid_from = models.DateField(null=True)
    count = models.BigIntegerField()
    amount = models.BigIntegerField()

    class Meta:
        ordering = ["approved", "id"]

    def __str__(self) -> str:
        return f"{self.activity} {self.count} × {self.rate}"
