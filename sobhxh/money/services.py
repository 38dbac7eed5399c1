"""Writes of the money app: rates, budgets and settlements. Each checks who may write it;
a refusal is a PermissionDenied (not theirs to do) or a ValidationError (not now, not
this value), whose message the page shows."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.units.models import Office

from . import selectors
from .activities import Activity
from .models import ApprovedLine, ApprovedSettlement, Budget, Settlement, SettlementState, UnitCost


def add_unit_cost(
    *,
    activity: str,
    amount: int,
    valid_from: date,
    legal_basis: str,
    actor,
    is_example: bool = False,
) -> UnitCost:
    """A new rate of `activity` from `valid_from`. Rates are never edited: one that is
    wrong is replaced by a new rate from a new date (the table refuses changes)."""
    if not selectors.is_central_finance(actor):
        raise PermissionDenied
    Activity(activity)  # a ValueError for an unknown one: a programming error
    if amount < 0:
        raise ValidationError(_("A rate cannot be negative."))
    if UnitCost.objects.filter(activity=activity, valid_from=valid_from).exists():
        raise ValidationError(
            _(
                "“%(activity)s” already has a rate from %(day)s. A rate is never changed: "
                "enter the new rate from a later date."
            ),
            params={"activity": Activity(activity).label, "day": f"{valid_from:%d/%m/%Y}"},
        )
    return UnitCost.objects.create(
        activity=activity,
        amount=amount,
        valid_from=valid_from,
        legal_basis=legal_basis,
        is_example=is_example,
        entered_by=actor,
    )


def set_budget(*, province: Office, year: int, amount: int, actor) -> Budget:
    """A province's budget for a year, entered or revised by the central finance
    department."""
    if not selectors.is_central_finance(actor):
        raise PermissionDenied
    if province.level != Office.Level.PROVINCE:
        raise ValidationError(_("Only a province has a budget."))
    budget, _made = Budget.objects.update_or_create(
        province=province,
        year=year,
        defaults={"amount": amount, "entered_by": actor, "entered_at": timezone.now()},
    )
    return budget


def _open_settlement(province: Office, year: int, today: date) -> Settlement:
    if not selectors.year_has_ended(year, today):
        raise ValidationError(
            _("The year %(year)s has not ended: it can be settled from 01/01/%(next)s."),
            params={"year": year, "next": year + 1},
        )
    settlement, _made = Settlement.objects.select_for_update().get_or_create(
        province=province, year=year
    )
    return settlement


EDITABLE = (SettlementState.DRAFT, SettlementState.RETURNED)


@transaction.atomic
def save_spent(
    *, province: Office, year: int, spent: int, actor, today: date | None = None
) -> Settlement:
    """The amount the province spent in the year, entered by its finance department while
    the settlement is a draft or was returned."""
    if not selectors.may_prepare_settlement(actor, province):
        raise PermissionDenied
    settlement = _open_settlement(province, year, today or timezone.localdate())
    if settlement.state not in EDITABLE:
        raise ValidationError(_("This settlement was submitted: it can no longer be changed."))
    settlement.spent = spent
    settlement.updated_at = timezone.now()
    settlement.save(update_fields=["spent", "updated_at"])
    return settlement


@transaction.atomic
def submit_settlement(*, province: Office, year: int, actor, today: date | None = None):
    if not selectors.may_prepare_settlement(actor, province):
        raise PermissionDenied
    settlement = _open_settlement(province, year, today or timezone.localdate())
    if settlement.state not in EDITABLE:
        raise ValidationError(_("This settlement was already submitted."))
    settlement.state = SettlementState.SUBMITTED
    settlement.submitted_by = actor
    settlement.submitted_at = settlement.updated_at = timezone.now()
    settlement.save(update_fields=["state", "submitted_by", "submitted_at", "updated_at"])
    return settlement


def _submitted(settlement: Settlement, actor) -> Settlement:
    if not selectors.is_central_finance(actor):
        raise PermissionDenied
    locked = Settlement.objects.select_for_update().get(pk=settlement.pk)
    if locked.state != SettlementState.SUBMITTED:
        raise ValidationError(_("Only a submitted settlement can be approved or returned."))
    return locked


@transaction.atomic
def return_settlement(*, settlement: Settlement, comment: str, actor) -> Settlement:
    """Back to the province with the centre's comment; it corrects and submits again."""
    if not comment.strip():
        raise ValidationError(_("Say why the settlement is returned."))
    locked = _submitted(settlement, actor)
    locked.state = SettlementState.RETURNED
    locked.comment = comment.strip()
    locked.updated_at = timezone.now()
    locked.save(update_fields=["state", "comment", "updated_at"])
    return locked


@transaction.atomic
def approve_settlement(*, settlement: Settlement, actor, now=None) -> ApprovedSettlement:
    """Approve: the allowed amount is counted now, and it, the amount spent and each line
    are stored as they are, never to change (database triggers), whatever back-dated
    events later change the counted work."""
    locked = _submitted(settlement, actor)
    now = now or timezone.now()
    lines = selectors.counted_lines(locked.province, locked.year)
    approved = ApprovedSettlement.objects.create(
        settlement=locked,
        number=f"{locked.pk}/QT-{locked.province.code}-{locked.year}",
        allowed=sum(line.amount for line in lines),
        spent=locked.spent,
        approved_by=actor,
        approved_at=now,
    )
    ApprovedLine.objects.bulk_create(
        ApprovedLine(
            approved=approved,
            activity=line.activity,
            rate=line.rate.amount,
            valid_from=line.rate.valid_from,
            count=line.count,
            amount=line.amount,
        )
        for line in lines
    )
    locked.state = SettlementState.APPROVED
    locked.comment = ""
    locked.updated_at = now
    locked.save(update_fields=["state", "comment", "updated_at"])
    return approved
