"""Every write of the reports app: an office's remarks, its submission of a month's report
(a new frozen version) and the office above's decision on it.

Each function checks who may do it and refuses with a `ValidationError` in words an office
understands; nothing else writes a report or a decision.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.units.models import Office

from . import due, figures
from .models import Decision, Draft, Form, Outcome, Report

FORMS = {Office.Level.DISTRICT: Form.DISTRICT, Office.Level.PROVINCE: Form.PROVINCE}


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def check_may_write(*, office: Office, actor) -> None:
    """Only a user of `office` itself, a district or a province, writes its report."""
    place = scope.place(actor)
    if place is None or place.role == Role.EMPLOYER:
        raise ValidationError(_("An employer does not send monthly reports."))
    if place.role == Role.CENTRAL:
        raise ValidationError(
            _(
                "The centre receives monthly reports and sends none: a district or provincial "
                "office submits its own."
            )
        )
    if place.office_id != office.pk:
        raise ValidationError(
            _("Only a user of %(office)s may write its report.") % {"office": office.office_name}
        )


def check_campaign_month(month: date) -> None:
    if month.day != 1:
        raise ValidationError(_("A report is of a whole month: give the month's first day."))
    if month < due.FIRST_MONTH:
        raise ValidationError(
            _("The campaign's reports start with %(first)s: there is no report of %(month)s.")
            % {"first": f"{due.FIRST_MONTH:%m/%Y}", "month": f"{month:%m/%Y}"}
        )


def check_month(month: date, *, today: date) -> None:
    """A month of the campaign that has ended on `today`: one whose report may be sent."""
    check_campaign_month(month)
    if due.last_day(month) >= today:
        raise ValidationError(
            _("The month %(month)s has not ended yet: its report is sent from %(day)s.")
            % {"month": f"{month:%m/%Y}", "day": f"{due.next_month(month):%d/%m/%Y}"}
        )


def save_remarks(*, office: Office, month: date, actor, difficulties: str,
                 proposals: str) -> Draft:  # fmt: skip
    """Keep the office's remarks for the month's report until it submits them (an office
    may start them before the month ends)."""
    check_may_write(office=office, actor=actor)
    check_campaign_month(month)
    draft, _created = Draft.objects.update_or_create(
        office=office,
        month=month,
        defaults={
            "difficulties": difficulties.strip(),
            "proposals": proposals.strip(),
            "updated_by": actor,
        },
    )
    return draft


def number(office: Office, month: date, version: int) -> str:
    """The report's number, as on the paper form: month/year-version/BC-office code."""
    return f"{month:%m/%Y}-{version}/BC-{office.code}"


@transaction.atomic
def submit(*, office: Office, month: date, actor, now: datetime | None = None) -> Report:
    """Send the office's report of `month`: the registry's figures as of the month's last day
    (`figures.month_figures`) and the draft's remarks, frozen as the next version.

    Refused for a month not ended, a month before the campaign, a user who is not of the
    office (the centre and employers send none), and while the latest version awaits a
    decision or was accepted; a returned report is sent again as the next version.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    check_may_write(office=office, actor=actor)
    check_month(month, today=today)
    latest = (
        Report.objects.filter(office=office, month=month)
        .select_related("decision")
        .order_by("-version")
        .first()
    )
    if latest is not None:
        outcome = getattr(getattr(latest, "decision", None), "outcome", None)
        if outcome is None:
            raise ValidationError(
                _(
                    "Version %(version)s of this report is waiting for the decision of the office "
                    "above: it cannot be sent again until it is returned."
                )
                % {"version": latest.version}
            )
        if outcome == Outcome.ACCEPTED:
            raise ValidationError(
                _(
                    "This report was accepted: it is final. A wrong figure is corrected in the "
                    'registry; "what changed since" shows the correction.'
                )
            )
    version = latest.version + 1 if latest else 1
    draft = Draft.objects.filter(office=office, month=month).first()
    frozen = figures.month_figures(office, month).as_dict()
    try:
        with transaction.atomic():
            return Report.objects.create(
                office=office,
                month=month,
                version=version,
                form=FORMS[office.level],
                number=number(office, month, version),
                due_on=due.due_on(office.level, month),
                figures=frozen,
                difficulties=draft.difficulties if draft else "",
                proposals=draft.proposals if draft else "",
                submitted_by=actor,
                submitted_by_name=_name(actor),
                submitted_at=now,
                submitted_on=today,
            )
    except IntegrityError:
        # Another user of the office sent the same version a moment earlier.
        raise ValidationError(
            _("This report was just sent by someone else: reload the page.")
        ) from None


def check_may_decide(*, report: Report, actor) -> None:
    """The office directly above decides: the province for its districts, the centre for the
    provinces."""
    place = scope.place(actor)
    office = report.office
    if office.level == Office.Level.DISTRICT:
        allowed = place is not None and place.role == Role.PROVINCE
        allowed = allowed and place.office_id == office.parent_id
    else:
        allowed = place is not None and place.role == Role.CENTRAL
    if not allowed:
        raise ValidationError(
            _("Only the office directly above %(office)s accepts or returns its reports.")
            % {"office": office.office_name}
        )


@transaction.atomic
def decide(*, report: Report, actor, outcome: str, comment: str = "",
           now: datetime | None = None) -> Decision:  # fmt: skip
    """Accept the submitted version `report`, or return it with a comment saying what to
    correct. Only the latest version, and only once."""
    check_may_decide(report=report, actor=actor)
    comment = comment.strip()
    if outcome == Outcome.RETURNED and not comment:
        raise ValidationError(_("Say why the report is returned, so the office knows what to do."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Accept or return the report."))
    newer = Report.objects.filter(
        office_id=report.office_id, month=report.month, version__gt=report.version
    )
    if newer.exists():
        raise ValidationError(_("A newer version of this report was sent: decide on that one."))
    if Decision.objects.filter(report=report).exists():
        raise ValidationError(_("This version of the report was already decided on."))
    try:
        with transaction.atomic():
            return Decision.objects.create(
                report=report,
                outcome=outcome,
                comment=comment,
                decided_by=actor,
                decided_by_name=_name(actor),
                decided_at=now or timezone.now(),
            )
    except IntegrityError:
        raise ValidationError(_("This version of the report was already decided on.")) from None


def accept(*, report: Report, actor, comment: str = "", now: datetime | None = None) -> Decision:
    return decide(report=report, actor=actor, outcome=Outcome.ACCEPTED, comment=comment, now=now)


def send_back(*, report: Report, actor, comment: str, now: datetime | None = None) -> Decision:
    return decide(report=report, actor=actor, outcome=Outcome.RETURNED, comment=comment, now=now)
