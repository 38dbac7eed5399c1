"""The demo's money: a budget for every province for 2017 and 2018, and a settled 2017 for
most provinces (a few submitted, a couple returned, the rest not yet prepared), priced at
the example rates the migration ships.

Call `write(random.Random(f"{seed}-money"))` from `generate_demo` once the books, events
and counters are written, inside its transaction. It reads each province's counted work
once (the counters, `selectors.ledgers`) and writes about 63 budgets × 2, 63 settlements
and a few hundred lines in bulk: well under a second beside the books.
"""

import random
from datetime import UTC, date, datetime

from . import pricing, selectors
from .models import ApprovedLine, ApprovedSettlement, Budget, Settlement, SettlementState

YEARS = (2017, 2018)
SETTLED_YEAR = 2017
MILLION = 1_000_000
# The minimum budget of a province with little work in the demo, in đồng.
FLOOR = 200 * MILLION


def write(rng: random.Random, *, approver=None) -> dict[str, int]:
    """Budgets and settlements of every province; return how many of each were made.
    `approver` (a central finance user, if the demo has one) is recorded as the approver."""
    from sobhxh.units.models import Office

    provinces = list(Office.objects.filter(level=Office.Level.PROVINCE).order_by("code"))
    ids = [province.pk for province in provinces]
    work = selectors.ledgers(ids, date(YEARS[0], 1, 1), date(YEARS[-1], 12, 31))
    budgets, settled = [], []
    for province in provinces:
        months = work[province.pk]
        for year in YEARS:
            cost = pricing.amount(m for month, m in months.items() if month.year == year)
            # A budget a little over the year's cost, in whole millions.
            planned = max(FLOOR, int(cost * rng.uniform(1.02, 1.35)))
            budgets.append(Budget(province=province, year=year, amount=_millions(planned)))
        lines = pricing.lines(m for month, m in months.items() if month.year == SETTLED_YEAR)
        settled.append((province, lines))
    Budget.objects.bulk_create(budgets, ignore_conflicts=True)
    made = _settlements(rng, settled, approver)
    return {"budgets": len(budgets), **made}


def _millions(amount: int) -> int:
    return -(-amount // MILLION) * MILLION


def _state(rng: random.Random) -> str | None:
    roll = rng.random()
    if roll < 0.82:
        return SettlementState.APPROVED
    if roll < 0.90:
        return SettlementState.SUBMITTED
    if roll < 0.94:
        return SettlementState.RETURNED
    return None  # not prepared yet


def _settlements(rng, settled, approver) -> dict[str, int]:
    rows, frozen = [], []
    for province, lines in settled:
        state = _state(rng)
        if state is None:
            continue
        allowed = sum(line.amount for line in lines)
        # What the province spent: near the allowed amount, to the thousand đồng.
        spent = int(allowed * rng.uniform(0.92, 1.04)) // 1000 * 1000
        day = datetime(SETTLED_YEAR + 1, rng.randint(2, 4), rng.randint(1, 28), 3, 0, tzinfo=UTC)
        rows.append(
            Settlement(
                province=province,
                year=SETTLED_YEAR,
                spent=spent,
                state=state,
                comment="Đề nghị bổ sung chứng từ chi cước bưu chính."
                if state == SettlementState.RETURNED
                else "",
                submitted_at=day,
                updated_at=day,
            )
        )
        frozen.append((state, allowed, spent, lines, day))
    Settlement.objects.bulk_create(rows)
    approved = []
    for settlement, (state, allowed, spent, lines, day) in zip(rows, frozen, strict=True):
        if state == SettlementState.APPROVED:
            approved.append(
                (
                    ApprovedSettlement(
                        settlement_id=settlement.pk,
                        number=f"{settlement.pk}/QT-{settlement.province.code}-{SETTLED_YEAR}",
                        allowed=allowed,
                        spent=spent,
                        approved_by=approver,
                        approved_at=day.replace(day=min(day.day + 10, 28)),
                    ),
                    lines,
                )
            )
    ApprovedSettlement.objects.bulk_create([a for a, _ in approved])
    ApprovedLine.objects.bulk_create(
        ApprovedLine(
            approved_id=record.pk,
            activity=line.activity,
            rate=line.rate.amount,
            valid_from=line.rate.valid_from,
            count=line.count,
            amount=line.amount,
        )
        for record, lines in approved
        for line in lines
    )
    return {"settlements": len(rows), "approved_settlements": len(approved)}
