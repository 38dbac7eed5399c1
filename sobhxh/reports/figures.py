"""The figures of a monthly progress report (Mẫu 04 of a district, Mẫu 05 of a province,
the centre's national summary), as of the last day of the month.

They are read only from the progress counters (`progress.selectors`): the books of an
office by state at the month's last day and at the previous month's last day, and the
books waiting by reason at the month's last day. Never the books or their events.

Definitions (a book counts in a flow while it is in one of the flow's states; so "in the
month" plus the cumulated figure at the previous month's end is the cumulated figure at
this month's end, exactly):

- cumulated reviewed = in_review + disputed + confirmed + handed_over;
- cumulated confirmed = confirmed + handed_over;
- cumulated disputed = disputed; cumulated handed over = handed_over;
  cumulated excluded = excluded;
- "in the month" = cumulated at the month's end − cumulated at the previous month's end.
  It may be negative (a handover undone, a book excluded after its review): the sign is
  kept, as the registry says so.
- books = all books; due = books − excluded; percent = handed_over ÷ due, 2 decimals,
  half up (as `progress.selectors.Figures.percent`), none when nothing is due;
  target percent and behind as the dashboards judge them (`progress.targets`).
- outstanding by state: not_reviewed, in_review, disputed, confirmed (the books due and not
  yet handed over); outstanding by waiting reason: every reason, 0 when none.

The children: a centre has one row per province; a province one row per district, plus,
when it manages employers itself, one row for those (level "own", not split further); a
district has none. A province's own row is the province less its districts.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import State, WaitingReason
from sobhxh.progress.selectors import office_state_totals, office_waiting_totals
from sobhxh.progress.targets import judge, load_schedule
from sobhxh.units import selectors as units
from sobhxh.units.models import Office

# flow -> the states a book is in while it counts in that flow
FLOWS: dict[str, tuple[str, ...]] = {
    "reviewed": (State.IN_REVIEW, State.DISPUTED, State.CONFIRMED, State.HANDED_OVER),
    "confirmed": (State.CONFIRMED, State.HANDED_OVER),
    "disputed": (State.DISPUTED,),
    "handed_over": (State.HANDED_OVER,),
    "excluded": (State.EXCLUDED,),
}
# `State.values` builds a new list at every call; the figures read it per office.
STATES = tuple(State.values)
OUTSTANDING_STATES = (State.NOT_REVIEWED, State.IN_REVIEW, State.DISPUTED, State.CONFIRMED)
REASONS = tuple(WaitingReason.values)
# The level of a province's own row: the employers it manages itself.
OWN = "own"

# The words of each figure, for the documents, the command and "what changed since".
LABELS = {
    "books": _("Books"),
    "due": _("Books due"),
    "percent": _("Handed over (%)"),
    "target_percent": _("Target (%)"),
    "behind": _("Behind"),
    "reviewed": _("Reviewed"),
    "confirmed": _("Confirmed"),
    "disputed": _("Disputed"),
    "handed_over": _("Handed over"),
    "excluded": _("Excluded"),
    "month": _("in the month"),
    "cumulated": _("cumulated"),
    "outstanding_by_state": _("Outstanding by state"),
    "outstanding_by_reason": _("Outstanding by waiting reason"),
    "not_reviewed": State.NOT_REVIEWED.label,
    "in_review": State.IN_REVIEW.label,
    **{reason.value: reason.label for reason in WaitingReason},
}
# "disputed" and "confirmed" are both a flow and a state: the flow's words win in LABELS;
# these are the state's.
STATE_LABELS = {state.value: state.label for state in State}


@dataclass(frozen=True)
class Flow:
    month: int
    cumulated: int


@dataclass
class MonthFigures:
    code: str
    name: str
    level: str  # "centre", "province", "district", or OWN
    month: date  # the first day of the month
    as_of: date  # the month's last day
    books: int
    due: int
    percent: Decimal | None
    target_percent: Decimal | None
    behind: bool
    flows: dict[str, Flow]
    outstanding_by_state: dict[str, int]
    outstanding_by_reason: dict[str, int]
    children: list["MonthFigures"] = field(default_factory=list)

    def as_dict(self, *, with_children: bool = True) -> dict:
        """The JSON-able figures: exactly what a submitted report freezes."""
        data = {
            "office": {"code": self.code, "name": self.name, "level": self.level},
            "month": f"{self.month:%Y-%m}",
            "as_of": self.as_of.isoformat(),
            "books": self.books,
            "due": self.due,
            "percent": _text(self.percent),
            "target_percent": _text(self.target_percent),
            "behind": self.behind,
            "flows": {
                name: {"month": flow.month, "cumulated": flow.cumulated}
                for name, flow in self.flows.items()
            },
            "outstanding_by_state": dict(self.outstanding_by_state),
            "outstanding_by_reason": dict(self.outstanding_by_reason),
        }
        if with_children:
            data["children"] = [child.as_dict(with_children=False) for child in self.children]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "MonthFigures":
        """The figures a report froze (`as_dict`), back."""
        return cls(
            code=data["office"]["code"],
            name=data["office"]["name"],
            level=data["office"]["level"],
            month=date.fromisoformat(f"{data['month']}-01"),
            as_of=date.fromisoformat(data["as_of"]),
            books=data["books"],
            due=data["due"],
            percent=_decimal(data["percent"]),
            target_percent=_decimal(data["target_percent"]),
            behind=data["behind"],
            flows={name: Flow(**flow) for name, flow in data["flows"].items()},
            outstanding_by_state=dict(data["outstanding_by_state"]),
            outstanding_by_reason=dict(data["outstanding_by_reason"]),
            children=[cls.from_dict(child) for child in data.get("children", [])],
        )


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def first_of_month(text: str) -> date:
    """ "2017-06" -> date(2017, 6, 1); ValueError for anything else."""
    year, _dash, number = text.partition("-")
    if not (len(year) == 4 and len(number) == 2 and year.isdigit() and number.isdigit()):
        raise ValueError(text)
    return date(int(year), int(number), 1)


def month_figures(office: Office, month: date) -> MonthFigures:
    """The figures of `office` for `month` (its first day), with its children's rows."""
    if month.day != 1:
        raise ValueError(f"a month is given by its first day, not {month}")
    children = list(units.children_of(office)) if office.level != Office.Level.DISTRICT else []
    ids = [office.pk] + [child.pk for child in children]
    as_of = month_end(month)
    schedule = load_schedule()

    def build(code, name, level, province_id, key):
        states_now, states_before, reasons = (part(key) for part in (now, before, waiting))
        return _figures(
            code, name, level, month, as_of, states_now, states_before, reasons,
            schedule.milestones_for(province_id),
        )  # fmt: skip

    # One call of each selector for the office and all its children; an office's figures
    # are then looked up by its id, a province's own row by OWN.
    now = _rows(office_state_totals(ids, as_of), office, children)
    before = _rows(office_state_totals(ids, month - timedelta(days=1)), office, children)
    waiting = _rows(office_waiting_totals(ids, as_of), office, children)
    figures = build(office.code, office.office_name, office.level, office.province_id, office.pk)
    for child in children:
        row = build(child.code, child.office_name, child.level, child.province_id, child.pk)
        figures.children.append(row)
    if office.level == Office.Level.PROVINCE and units.employers_managed_by(office).exists():
        # The employers the province manages itself: what none of its districts counts.
        own = build(office.code, office.office_name, OWN, office.province_id, OWN)
        figures.children.append(own)
    return figures


def _rows(totals: dict[int, dict[str, int]], office: Office, children: list[Office]):
    """A lookup of `totals` by office id, and by OWN for the office less its children."""
    own = dict(totals[office.pk])
    for child in children:
        for key, count in totals[child.pk].items():
            own[key] = own.get(key, 0) - count
    return lambda key: own if key == OWN else totals[key]


def _figures(
    code: str,
    name: str,
    level: str,
    month: date,
    as_of: date,
    now: dict[str, int],
    before: dict[str, int],
    reasons: dict[str, int],
    milestones,
) -> MonthFigures:
    books = sum(now.get(state, 0) for state in STATES)
    due = books - now.get(State.EXCLUDED, 0)
    handed_over = now.get(State.HANDED_OVER, 0)
    percent = None
    if due:
        percent = (Decimal(100 * handed_over) / due).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    target_percent, behind = judge(milestones, as_of, percent)
    flows = {}
    for flow, states in FLOWS.items():
        cumulated = sum(now.get(state, 0) for state in states)
        previous = sum(before.get(state, 0) for state in states)
        flows[flow] = Flow(month=cumulated - previous, cumulated=cumulated)
    return MonthFigures(
        code=code,
        name=name,
        level=level,
        month=month,
        as_of=as_of,
        books=books,
        due=due,
        percent=percent,
        target_percent=target_percent,
        behind=behind,
        flows=flows,
        outstanding_by_state={state: now.get(state, 0) for state in OUTSTANDING_STATES},
        outstanding_by_reason={reason: reasons.get(reason, 0) for reason in REASONS},
    )


def national_summary(month: date) -> MonthFigures:
    """The centre's figures for `month`, one row per province."""
    return month_figures(units.centre(), month)


# -- what changed since a report was sent ------------------------------------------------


@dataclass(frozen=True)
class Change:
    # e.g. ("flows", "handed_over", "month") for the office itself, or
    # ("children", "760", "outstanding_by_state", "disputed") for a child row
    path: tuple[str, ...]
    frozen: object
    now: object

    @property
    def label(self) -> str:
        """The path in words: "760 › Handed over › in the month"."""
        parts, path = [], self.path
        if path[0] == "children":
            parts, path = [path[1]], path[2:]  # the child's office code
        group = path[0]
        if group == "outstanding_by_state":
            parts += [str(LABELS[group]), str(STATE_LABELS[path[1]])]
        else:
            # a flow reads by its own name ("Reviewed › in the month")
            parts += [str(LABELS.get(key, key)) for key in path if key != "flows"]
        return " › ".join(parts)


def changes_since(frozen: dict, now: dict) -> list[Change]:
    """Every figure of the office and its children whose value differs between a frozen
    report's figures and today's figures for the same month (both `as_dict()`). A child
    in one and not the other shows each of its figures against None."""
    before, after = _flat(frozen), _flat(now)
    changes = []
    for path in list(before) + [p for p in after if p not in before]:
        old, new = before.get(path), after.get(path)
        if old != new:
            changes.append(Change(path, old, new))
    return changes


_COMPARED = ("books", "due", "percent", "target_percent", "behind")
_COMPARED_GROUPS = ("flows", "outstanding_by_state", "outstanding_by_reason")


def _flat(figures: dict) -> dict[tuple[str, ...], object]:
    flat = _flat_row(figures, ())
    for child in figures.get("children", []):
        key = child["office"]["code"]
        if child["office"]["level"] == OWN:
            key = f"{key} ({OWN})"
        flat.update(_flat_row(child, ("children", key)))
    return flat


def _flat_row(row: dict, prefix: tuple[str, ...]) -> dict[tuple[str, ...], object]:
    flat: dict[tuple[str, ...], object] = {(*prefix, key): row[key] for key in _COMPARED}
    for group in _COMPARED_GROUPS:
        for key, value in row[group].items():
            if isinstance(value, dict):
                for part, count in value.items():
                    flat[(*prefix, group, key, part)] = count
            else:
                flat[(*prefix, group, key)] = value
    return flat
