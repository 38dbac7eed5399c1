"""Reads of the money app: the rates, the work counted and priced per office and month, a
province's year against its budget, and who may do what.

The work is counted from the lifecycle's events through the progress app's counters
(`progress.selectors.office_action_totals`: per office, day and action), never by reading
the events here; the tests hold it against a plain count of the events (`tests/reference.py`).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.http import Http404

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.organisation.models import Function
from sobhxh.organisation.selectors import department_of
from sobhxh.progress.selectors import office_action_totals
from sobhxh.units.models import CENTRE_CODE, Office

from . import pricing
from .activities import COUNTED_ACTIONS, Activity
from .models import Budget, Settlement, SettlementState, UnitCost

# -- rates ----------------------------------------------------------------------------------


def unit_costs() -> QuerySet[UnitCost]:
    return UnitCost.objects.select_related("entered_by").order_by("activity", "-valid_from")


def rate_table() -> pricing.RateTable:
    return pricing.RateTable(UnitCost.objects.values_list("activity", "valid_from", "amount"))


def rates_in_force(on: date) -> list[tuple[str, UnitCost | None]]:
    """(activity, the rate in force on `on` or None) for every activity."""
    found = []
    for activity in Activity.values:
        rate = UnitCost.objects.filter(activity=activity, valid_from__lte=on)
        found.append((activity, rate.order_by("-valid_from").first()))
    return found


# -- who may do what ------------------------------------------------------------------------


def is_central_finance(user) -> bool:
    """The central finance department (Vụ Tài chính - Kế toán): it sets rates and budgets
    and approves settlements."""
    department = department_of(user)
    return (
        department is not None
        and department.function == Function.FINANCE
        and department.office.code == CENTRE_CODE
        and scope.role(user) == Role.CENTRAL
    )


def may_prepare_settlement(user, province: Office) -> bool:
    """A province's own finance department (Phòng Kế hoạch - Tài chính) enters what it spent
    and submits the settlement: the accounts are theirs."""
    department = department_of(user)
    return (
        department is not None
        and department.function == Function.FINANCE
        and department.office_id == province.pk
        and scope.role(user) == Role.PROVINCE
    )


def may_see_budget(user) -> bool:
    return scope.role(user) in (Role.CENTRAL, Role.PROVINCE)


# -- offices --------------------------------------------------------------------------------


def office_or_404(user, code: str) -> Office:
    """A province or district the user sees, or Http404 (an employer sees none)."""
    office = scope.office_or_404(user, code)
    if office.level == Office.Level.CENTRE:
        raise Http404
    return office


def province_or_404(user, code: str) -> Office:
    office = office_or_404(user, code)
    if office.level != Office.Level.PROVINCE:
        raise Http404
    return office


# -- work counted ---------------------------------------------------------------------------


def action_counts(office_ids, first_day: date, last_day: date) -> dict[int, pricing.Counts]:
    """{office_id: {(day, action): events}} of the actions money counts, read from the
    progress counters (one row per office, day and action, however many books)."""
    totals = office_action_totals(office_ids, first_day, last_day)
    return {
        pk: {key: n for key, n in totals.get(pk, {}).items() if key[1] in COUNTED_ACTIONS and n}
        for pk in office_ids
    }


def ledgers(office_ids, first_day: date, last_day: date) -> dict[int, pricing.Ledger]:
    """{office_id: {month: {(activity, rate): count}}} of the work from first to last day."""
    rates = rate_table()
    counted = action_counts(list(office_ids), first_day, last_day)
    return {pk: pricing.ledger(counted.get(pk, {}), rates) for pk in office_ids}


# -- a year of an office ----------------------------------------------------------------------


def months_elapsed(year: int, today: date) -> int:
    """How many months of `year` have begun by `today` (0 before it, 12 after it)."""
    if today.year < year:
        return 0
    if today.year > year:
        return 12
    return today.month


def forecast(cost_to_date: int, elapsed: int) -> int | None:
    """The year's cost if every month left costs the average of the months so far: the
    cost to date × 12 ÷ the months begun, rounded half up to the đồng. None before the
    year begins."""
    if elapsed == 0:
        return None
    return (2 * cost_to_date * 12 + elapsed) // (2 * elapsed)


@dataclass
class MonthRow:
    month: date
    by_activity: dict[str, tuple[int, int]]  # activity -> (count, amount)
    cost: int
    cumulated: int
    budget_used: float | None = None  # percent of the budget the cumulated cost is

    @property
    def counts(self) -> list[int]:
        return [self.by_activity[a][0] for a in Activity.values]


@dataclass
class OfficeYear:
    office: Office
    year: int
    today: date
    rows: list[MonthRow] = field(default_factory=list)
    budget: int | None = None
    lines: list[pricing.Line] = field(default_factory=list)

    @property
    def cost(self) -> int:
        return self.rows[-1].cumulated if self.rows else 0

    @property
    def elapsed(self) -> int:
        return months_elapsed(self.year, self.today)

    @property
    def forecast(self) -> int | None:
        return forecast(self.cost, self.elapsed)

    @property
    def percent_used(self) -> float | None:
        return percent(self.cost, self.budget)

    @property
    def left(self) -> int | None:
        return None if self.budget is None else self.budget - self.cost


def percent(part: int, whole: int | None) -> float | None:
    if not whole:
        return None
    return round(100 * part / whole, 1)


def office_year(office: Office, year: int, today: date) -> OfficeYear:
    """The work and cost of each month of `year` begun by `today`, cumulated, with the
    province's budget (none for a district)."""
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    found = OfficeYear(office, year, today, budget=budget_of(office, year))
    if last < first:
        return found
    months = ledgers([office.pk], first, last)[office.pk]
    cumulated = 0
    for number in range(1, found.elapsed + 1):
        month = date(year, number, 1)
        month_lines = pricing.lines([months.get(month, {})])
        cost = sum(line.amount for line in month_lines)
        cumulated += cost
        found.rows.append(
            MonthRow(
                month,
                pricing.by_activity(month_lines),
                cost,
                cumulated,
                percent(cumulated, found.budget),
            )
        )
    found.lines = pricing.lines(months.values())
    return found


def budget_of(office: Office, year: int) -> int | None:
    if office.level != Office.Level.PROVINCE:
        return None
    found = Budget.objects.filter(province=office, year=year).values_list("amount", flat=True)
    return found.first()


@dataclass
class ProvinceRow:
    province: Office
    budget: int | None
    cost: int
    settlement_state: str | None

    @property
    def percent_used(self) -> float | None:
        return percent(self.cost, self.budget)


def province_list(year: int, today: date) -> list[ProvinceRow]:
    """Every province with its budget for `year`, its cost to `today` and its settlement's
    state: the centre's list."""
    provinces = list(Office.objects.filter(level=Office.Level.PROVINCE).order_by("code"))
    budgets = dict(Budget.objects.filter(year=year).values_list("province_id", "amount"))
    states = dict(Settlement.objects.filter(year=year).values_list("province_id", "state"))
    first, last = date(year, 1, 1), min(date(year, 12, 31), today)
    costs = {}
    if first <= last:
        for pk, months in ledgers([p.pk for p in provinces], first, last).items():
            costs[pk] = pricing.amount(months.values())
    return [
        ProvinceRow(p, budgets.get(p.pk), costs.get(p.pk, 0), states.get(p.pk)) for p in provinces
    ]


# -- settlements ------------------------------------------------------------------------------


def settlement_of(province: Office, year: int) -> Settlement | None:
    return (
        Settlement.objects.select_related("approved__approved_by", "submitted_by")
        .filter(province=province, year=year)
        .first()
    )


def counted_lines(province: Office, year: int) -> list[pricing.Line]:
    """The work of the province's whole year, priced: the allowed amount's lines."""
    months = ledgers([province.pk], date(year, 1, 1), date(year, 12, 31))[province.pk]
    return pricing.lines(months.values())


def year_has_ended(year: int, today: date) -> bool:
    return today > date(year, 12, 31)


@dataclass(frozen=True)
class SettlementLine:
    activity: str
    valid_from: date | None
    rate: int
    count: int
    amount: int
    is_example: bool

    @property
    def activity_label(self) -> str:
        return str(Activity(self.activity).label)


@dataclass
class SettlementFigures:
    """A settlement as its page and documents show it: the frozen figures once approved,
    the live count before; and, once approved, the allowed amount counted again today."""

    province: Office
    year: int
    settlement: Settlement | None
    lines: list[SettlementLine]
    allowed: int
    spent: int
    recounted: int | None = None  # approved only: the allowed amount counted today

    @property
    def difference(self) -> int:
        return self.allowed - self.spent

    @property
    def state(self) -> str:
        return self.settlement.state if self.settlement else SettlementState.DRAFT

    @property
    def approved(self):
        if self.settlement is None or self.state != SettlementState.APPROVED:
            return None
        return self.settlement.approved

    @property
    def changed_since(self) -> int | None:
        """What back-dated events changed the allowed amount by since the approval."""
        if self.recounted is None:
            return None
        return self.recounted - self.allowed

    @property
    def has_examples(self) -> bool:
        return any(line.is_example for line in self.lines)


def _examples() -> set[tuple[str, date]]:
    return set(UnitCost.objects.filter(is_example=True).values_list("activity", "valid_from"))


def settlement_figures(province: Office, year: int) -> SettlementFigures:
    settlement = settlement_of(province, year)
    examples = _examples()
    if settlement is not None and settlement.state == SettlementState.APPROVED:
        approved = settlement.approved
        lines = [
            SettlementLine(
                line.activity,
                line.valid_from,
                line.rate,
                line.count,
                line.amount,
                (line.activity, line.valid_from) in examples,
            )
            for line in approved.lines.order_by("id")
        ]
        recounted = sum(line.amount for line in counted_lines(province, year))
        return SettlementFigures(
            province, year, settlement, lines, approved.allowed, approved.spent, recounted
        )
    lines = [
        SettlementLine(
            line.activity,
            line.rate.valid_from,
            line.rate.amount,
            line.count,
            line.amount,
            (line.activity, line.rate.valid_from) in examples,
        )
        for line in counted_lines(province, year)
    ]
    spent = settlement.spent if settlement else 0
    return SettlementFigures(
        province, year, settlement, lines, sum(line.amount for line in lines), spent
    )


def examples_in_year(year: int) -> bool:
    """Whether any rate in force on some day of `year` is an example rate."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    for activity in Activity.values:
        rates = UnitCost.objects.filter(activity=activity)
        opening = rates.filter(valid_from__lte=first).order_by("-valid_from").first()
        if opening is not None and opening.is_example:
            return True
        if rates.filter(valid_from__gt=first, valid_from__lte=last, is_example=True).exists():
            return True
    return False


def has_example_rates(line_list) -> bool:
    examples = _examples()
    return any((line.activity, line.rate.valid_from) in examples for line in line_list)


def budget_years() -> list[int]:
    return sorted(set(Budget.objects.values_list("year", flat=True)))
