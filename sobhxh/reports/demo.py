"""Demo monthly reports: every month of 2017–2018, for every district and province that has
books, as the offices would have sent them: most on time, some late, a few returned and sent
again, a few missing, and the last month's partly still waiting for a decision.

The lead's `generate_demo` calls `generate(seed=...)` once the books, the counters and the
demo staff exist (inside its transaction). The figures are frozen from `figures.month_figures`
as `services.submit` freezes them, but read once per province and month: a district's figures
are its row among its province's children (the same numbers, built by the same function;
`tests/test_demo.py` holds them equal), which spares a call per district and month. Rows are
written with `bulk_create`, a few thousand at most.
"""

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sobhxh.accounts.demo import staff as demo_staff
from sobhxh.organisation.models import Department
from sobhxh.progress.selectors import office_state_totals
from sobhxh.units.models import CENTRE_CODE, Office

from . import due, figures
from .models import Decision, Outcome, Report
from .services import FORMS, number

FIRST, LAST = date(2017, 1, 1), date(2018, 12, 1)
MISSING, LATE, RETURNED = 0.03, 0.12, 0.05
# The share of the last month's reports the office above has not yet decided on.
UNDECIDED_LAST_MONTH = 0.3
SENT_AT = time(2, 30)  # 09:30 in Hà Nội
DIFFICULTIES = [
    "",
    "",
    "Một số đơn vị nợ đóng BHXH kéo dài, chưa xác nhận được quá trình đóng.",
    "Người lao động đã nghỉ việc, không liên lạc được để nhận sổ.",
    "Nhân lực rà soát còn thiếu so với khối lượng công việc.",
    "Máy in sổ hỏng, chờ thay thế.",
]
PROPOSALS = [
    "",
    "",
    "Đề nghị BHXH tỉnh hỗ trợ thêm nhân lực trong tháng cao điểm.",
    "Đề nghị hướng dẫn xử lý sổ của người lao động đã chết.",
    "Đề nghị phối hợp với cơ quan thuế để đôn đốc đơn vị nợ đóng.",
]


@dataclass(frozen=True)
class People:
    """Who sends and who decides, by office id (a user of the office, the demo's first)."""

    sender: dict[int, int]
    names: dict[int, str]
    centre: int


def people() -> People:
    found = demo_staff()
    offices = dict(Department.objects.values_list("pk", "office_id"))
    sender = dict(found.district)
    for department_id, users in sorted(found.department.items()):
        sender.setdefault(offices[department_id], users[0])
    centre = Office.objects.get(code=CENTRE_CODE)
    return People(sender=sender, names=found.names, centre=sender[centre.pk])


def generate(*, seed: int) -> int:
    """Write the demo's reports and decisions; return how many versions were written."""
    rng = random.Random(f"{seed}-reports")
    who = people()
    provinces = list(Office.objects.filter(level=Office.Level.PROVINCE).order_by("code"))
    districts = list(Office.objects.filter(level=Office.Level.DISTRICT).order_by("code"))
    totals = office_state_totals([o.pk for o in provinces + districts], due.last_day(LAST))
    with_books = {pk for pk, states in totals.items() if sum(states.values())}
    reports, decisions = [], []
    for month in due.months(FIRST, LAST):
        for province in provinces:
            if province.pk not in with_books:
                continue
            frozen = figures.month_figures(province, month).as_dict()
            rows = {row["office"]["code"]: row for row in frozen["children"]}
            plan = [(province, frozen, who.centre)]
            for district in districts:
                if district.province_id == province.pk and district.pk in with_books:
                    row = {**rows[district.code], "children": []}
                    plan.append((district, row, who.sender.get(province.pk)))
            for office, row, decider in plan:
                sender = who.sender.get(office.pk)
                if sender is None or decider is None or rng.random() < MISSING:
                    continue
                story = _story(rng, office, month, row, sender, decider, who.names)
                reports += story[0]
                decisions += story[1]
    Report.objects.bulk_create(reports, batch_size=500)
    for decision in decisions:
        decision.report_id = decision.report.pk
    Decision.objects.bulk_create(decisions, batch_size=500)
    return len(reports)


def _moment(day: date) -> datetime:
    return datetime.combine(day, SENT_AT, tzinfo=UTC)


def _story(rng, office, month, row, sender, decider, names):
    """The versions of one office's month and the decisions on them."""
    due_on = due.due_on(office.level, month)
    sent = due_on - timedelta(days=rng.randint(0, 4))
    if rng.random() < LATE:
        sent = due_on + timedelta(days=rng.randint(1, 9))
    versions = 2 if rng.random() < RETURNED else 1
    reports, decisions = [], []
    for version in range(1, versions + 1):
        report = Report(
            office=office,
            month=month,
            version=version,
            form=FORMS[office.level],
            number=number(office, month, version),
            due_on=due_on,
            figures=row,
            difficulties=rng.choice(DIFFICULTIES),
            proposals=rng.choice(PROPOSALS),
            submitted_by_id=sender,
            submitted_by_name=names.get(sender, ""),
            submitted_at=_moment(sent),
            submitted_on=sent,
        )
        reports.append(report)
        decided = sent + timedelta(days=rng.randint(1, 3))
        if version < versions:
            outcome, comment = Outcome.RETURNED, "Đề nghị bổ sung phần khó khăn, kiến nghị."
            sent = decided + timedelta(days=rng.randint(1, 3))
        elif month == LAST and rng.random() < UNDECIDED_LAST_MONTH:
            break
        else:
            outcome, comment = Outcome.ACCEPTED, ""
        decisions.append(
            Decision(
                report=report,
                outcome=outcome,
                comment=comment,
                decided_by_id=decider,
                decided_by_name=names.get(decider, ""),
                decided_at=_moment(decided),
            )
        )
    return reports, decisions
