"""Every read of the reports app, scoped through `accounts.scope`: an office's reports of a
month and their state, the board of the office above, the national summary's states and
the reminders of a user's inbox.

The state of an office's month is the latest version's: missing (no version), submitted
(waiting for a decision), accepted or returned; it is late when its first version was sent
after the due date (or, while missing, once the due date has passed).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import pgettext_lazy

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.progress.selectors import office_book_totals, office_state_totals
from sobhxh.units.models import CENTRE_CODE, Office

from . import due
from .models import Draft, Outcome, Report

MISSING, SUBMITTED = "missing", "submitted"
ACCEPTED, RETURNED = Outcome.ACCEPTED.value, Outcome.RETURNED.value
STATE_LABELS = {
    MISSING: pgettext_lazy("report", "Missing"),
    SUBMITTED: pgettext_lazy("report", "Submitted, waiting for a decision"),
    ACCEPTED: pgettext_lazy("report", "Accepted"),
    RETURNED: pgettext_lazy("report", "Returned"),
}
LATE_LABEL = pgettext_lazy("report", "Late")
# Reminders of one office's own reports: the latest months only; the older ones stay on its
# report pages and on the board of the office above.
REMINDER_MONTHS = 12
DECISIONS_SHOWN = 50
# What a report says, beside its state: lists of reports leave it unread (decoding 700
# districts' frozen figures took most of the centre's summary of a campaign month).
CONTENT = ("figures", "difficulties", "proposals")


@dataclass
class MonthState:
    """An office's report of a month: its versions (oldest first) and what they add up to."""

    office: Office
    month: date
    versions: list[Report] = field(default_factory=list)
    overdue_today: bool = False  # set where a page lists reports still to send

    @property
    def due_on(self) -> date:
        return due.due_on(self.office.level, self.month)

    @property
    def latest(self) -> Report | None:
        return self.versions[-1] if self.versions else None

    @property
    def state(self) -> str:
        return state_of(self.versions)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def late(self) -> bool:
        """The first version came after the due date."""
        return bool(self.versions) and self.versions[0].submitted_on > self.due_on

    def overdue(self, today: date) -> bool:
        """Still to send (missing or returned) and past its due date."""
        return self.state in (MISSING, RETURNED) and today > self.due_on


def state_of(versions: list[Report]) -> str:
    """The state of a month whose versions (oldest first) are `versions`."""
    if not versions:
        return MISSING
    decision = getattr(versions[-1], "decision", None)
    return latest_state(decision.outcome if decision else None)


def latest_state(outcome: str | None) -> str:
    """The state of a month that has versions, from its latest's decision (None: none)."""
    return outcome or SUBMITTED


def _latest_outcomes(reports: QuerySet[Report]) -> dict[int, str | None]:
    """{office id: the decision on its latest version (None: none yet)} for `reports` of
    one month, without building a report each: the centre's summary asks 700 districts."""
    latest: dict[int, str | None] = {}
    rows = reports.order_by("version").values_list("office_id", "decision__outcome")
    for office_id, outcome in rows:
        latest[office_id] = outcome  # a later version replaces an earlier one
    return latest


def _versions(reports: QuerySet[Report]) -> dict[tuple[int, date], list[Report]]:
    found: dict[tuple[int, date], list[Report]] = defaultdict(list)
    for report in reports.select_related("decision").order_by("version"):
        found[(report.office_id, report.month)].append(report)
    return found


def month_state(office: Office, month: date) -> MonthState:
    versions = _versions(Report.objects.filter(office=office, month=month))
    return MonthState(office, month, versions.get((office.pk, month), []))


def draft(office: Office, month: date) -> Draft | None:
    return Draft.objects.filter(office=office, month=month).first()


def reporting_office_or_404(user, code: str) -> Office:
    """An office that sends reports (a district or a province) within the user's scope."""
    office = scope.office_or_404(user, code)
    if not due.reports(office.level):
        raise Http404
    return office


def receiving_office_or_404(user, code: str) -> Office:
    """An office that receives reports (a province or the centre) within the user's scope."""
    office = scope.office_or_404(user, code)
    if office.level == Office.Level.DISTRICT:
        raise Http404
    return office


def report_or_404(user, pk) -> Report:
    """A submitted version, if its office is within the user's scope."""
    found = Report.objects.select_related("office", "office__parent").filter(pk=pk).first()
    if found is None:
        raise Http404
    scope.office_or_404(user, found.office.code)
    return found


def may_write(user, office: Office) -> bool:
    found = scope.place(user)
    return (
        found is not None
        and found.role in (Role.DISTRICT, Role.PROVINCE)
        and found.office_id == office.pk
    )


def may_decide(user, office: Office) -> bool:
    """Whether the user is of the office directly above `office`."""
    found = scope.place(user)
    if found is None:
        return False
    if office.level == Office.Level.DISTRICT:
        return found.role == Role.PROVINCE and found.office_id == office.parent_id
    return office.level == Office.Level.PROVINCE and found.role == Role.CENTRAL


def decides_below(user, office: Office) -> bool:
    """Whether the user decides on the reports of the offices below `office`."""
    found = scope.place(user)
    if found is None:
        return False
    if office.level == Office.Level.CENTRE:
        return found.role == Role.CENTRAL
    return found.role == Role.PROVINCE and found.office_id == office.pk


def offices_below(office: Office) -> QuerySet[Office]:
    """The offices that report to `office`: a province's districts, the centre's provinces."""
    if office.level == Office.Level.CENTRE:
        return Office.objects.filter(level=Office.Level.PROVINCE)
    return Office.objects.filter(parent=office, level=Office.Level.DISTRICT)


def board(office: Office, month: date) -> list[MonthState]:
    """For the office above, the reports of `month` of the offices below it that have books
    on the month's last day (an office with none has nothing to report), or that sent one."""
    below = list(offices_below(office).order_by("code"))
    versions = _versions(Report.objects.filter(month=month, office__in=below).defer(*CONTENT))
    totals = office_state_totals([o.pk for o in below], due.last_day(month))
    return [
        MonthState(o, month, versions.get((o.pk, month), []))
        for o in below
        if sum(totals[o.pk].values()) or (o.pk, month) in versions
    ]


def national_statuses(month: date, today: date) -> dict[str, str]:
    """{province code: its report's state, as words} for the centre's summary."""
    centre = Office.objects.get(code=CENTRE_CODE)
    statuses = {}
    for row in board(centre, month):
        label = str(row.state_label)
        if row.late or row.overdue(today):
            label = f"{label} ({LATE_LABEL})"
        statuses[row.office.code] = label
    return statuses


@dataclass(frozen=True)
class DistrictCount:
    """How a province's districts reported a month: those expected (with books), sent and
    accepted."""

    expected: int = 0
    sent: int = 0
    accepted: int = 0


def district_counts(month: date) -> dict[str, DistrictCount]:
    """{province code: its districts' reports of `month`}, for the centre's summary: three
    queries whatever the number of districts."""
    district_ids = Office.objects.filter(level=Office.Level.DISTRICT).values("pk")
    districts = dict(
        Office.objects.filter(level=Office.Level.DISTRICT).values_list("pk", "province__code")
    )
    # The ids as subqueries, not as lists: 700 parameters cost more than the queries.
    books = office_book_totals(district_ids, due.last_day(month))
    outcomes = _latest_outcomes(Report.objects.filter(month=month, office_id__in=district_ids))
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for pk, province in districts.items():
        sent = pk in outcomes
        if not sent and not books.get(pk):
            continue
        state = latest_state(outcomes[pk]) if sent else MISSING
        counts[province][0] += 1
        counts[province][1] += state != MISSING
        counts[province][2] += state == ACCEPTED
    return {code: DistrictCount(*numbers) for code, numbers in counts.items()}


@dataclass
class Reminders:
    to_send: list[MonthState]  # the user's office's reports missing or returned, latest first
    more_to_send: int  # how many older ones are not listed
    to_decide: list[Report]  # versions of the offices below waiting for the user's office
    more_to_decide: int = 0


def reminders(user, *, today: date) -> Reminders:
    """What the user's inbox reminds them of: the reports their office must send (missing or
    returned, from the campaign's first month to the last ended one, and no later than the
    campaign's last month, while the office has books) and, for the office above, the
    reports waiting for its decision."""
    found = scope.place(user)
    if found is None or found.role == Role.EMPLOYER:
        return Reminders([], 0, [])
    to_send: list[MonthState] = []
    if found.role in (Role.DISTRICT, Role.PROVINCE):
        office = Office.objects.get(pk=found.office_id)
        to_send = _to_send(office, today)
        waiting = (
            Report.objects.filter(office__parent=office) if found.role == Role.PROVINCE else None
        )
    else:
        waiting = Report.objects.filter(office__level=Office.Level.PROVINCE)
    to_decide, more_to_decide = [], 0
    if waiting is not None:
        # A new version is only sent once the one before was returned, so a version with no
        # decision is the latest of its month.
        waiting = waiting.filter(decision__isnull=True)
        to_decide = list(
            waiting.select_related("office").order_by("month", "office__code")[:DECISIONS_SHOWN]
        )
        if len(to_decide) == DECISIONS_SHOWN:
            more_to_decide = waiting.count() - DECISIONS_SHOWN
    more_to_send = max(len(to_send) - REMINDER_MONTHS, 0)
    return Reminders(to_send[:REMINDER_MONTHS], more_to_send, to_decide, more_to_decide)


def _to_send(office: Office, today: date) -> list[MonthState]:
    if not sum(office_state_totals([office.pk], today)[office.pk].values()):
        return []
    versions = _versions(Report.objects.filter(office=office))
    months = due.months(due.FIRST_MONTH, min(due.last_ended_month(today), due.LAST_MONTH))
    states = [MonthState(office, month, versions.get((office.pk, month), [])) for month in months]
    to_send = [s for s in reversed(states) if s.state in (MISSING, RETURNED)]
    for state in to_send:
        state.overdue_today = state.overdue(today)
    return to_send
