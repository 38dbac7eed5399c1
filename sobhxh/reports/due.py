"""When a monthly report is due, and which months an office reports.

The rule (DOMAIN.md, Plan 112): a district office sends its report of a month (Mẫu 04) to
its province by the 5th of the next month, a provincial office its own (Mẫu 05) to the
centre by the 10th. When that day is not a working day (a weekend, or a public holiday:
Tết, 30/4, 1/5, 2/9… as `problems.deadlines.is_working_day` knows them), the report is
due on the next working day. A report sent on its due date is on time; one whose first
version is sent after it is late.

Months are named by their first day. The campaign's reports start with January 2017.
"""

from datetime import date, timedelta

from sobhxh.problems.deadlines import is_working_day

FIRST_MONTH = date(2017, 1, 1)
# The campaign's last month (Plan 112: every book by 31/12/2018): no report is owed after
# it, though an office may still send one.
LAST_MONTH = date(2018, 12, 1)
# By office level (`units.Office.Level`): the day of the next month a report is due.
DUE_DAY = {"district": 5, "province": 10}


def first_day(day: date) -> date:
    return day.replace(day=1)


def next_month(month: date) -> date:
    return (first_day(month) + timedelta(days=32)).replace(day=1)


def previous_month(month: date) -> date:
    return (first_day(month) - timedelta(days=1)).replace(day=1)


def last_day(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def last_ended_month(today: date) -> date:
    """The latest month wholly past on `today`: the one whose report is being written."""
    return previous_month(today)


def reports(level: str) -> bool:
    """Whether an office of `level` sends monthly reports (the centre receives them)."""
    return level in DUE_DAY


def due_on(level: str, month: date) -> date:
    """The day the report of `month` by an office of `level` is due (see the module's rule)."""
    day = next_month(month).replace(day=DUE_DAY[level])
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def months(first: date, last: date) -> list[date]:
    """The months from `first` to `last`, both included (first days)."""
    found, month = [], first_day(first)
    while month <= last:
        found.append(month)
        month = next_month(month)
    return found
