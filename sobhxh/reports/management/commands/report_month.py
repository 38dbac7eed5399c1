import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sobhxh import formatting
from sobhxh.books.lifecycle import State, WaitingReason
from sobhxh.reports.figures import (
    FLOWS,
    LABELS,
    OUTSTANDING_STATES,
    OWN,
    REASONS,
    MonthFigures,
    first_of_month,
    month_figures,
)
from sobhxh.units.selectors import office_by_code


class Command(BaseCommand):
    help = _(
        "Print the figures of an office's monthly progress report (and its children's), as "
        "of the month's last day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--unit", "--office", dest="code", required=True,
                            help=_("office code"))  # fmt: skip
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--json", action="store_true", help=_("print one JSON object"))

    def handle(self, *args, code: str, month: str, json: bool, **options):
        try:
            first = first_of_month(month)
        except ValueError:
            raise CommandError(_("--month takes a month as YYYY-MM, not “%s”.") % month) from None
        office = office_by_code(code)
        if office is None:
            raise CommandError(_("No office has the code “%s”.") % code)
        figures = month_figures(office, first)
        if json:
            self.stdout.write(_dumps(figures.as_dict()))
        else:
            self.stdout.write(render(figures))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _percent(value) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def _name(row: MonthFigures) -> str:
    name = row.name[:40]
    return _("%s (its own employers)") % name if row.level == OWN else name


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Left-aligned text columns, numbers right-aligned; a rule under the header."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells):
        return "  ".join(
            cell.ljust(width) if index < 2 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    rule = "  ".join("-" * width for width in widths).rstrip()
    return [line(header), rule, *map(line, rows)]


def render(figures: MonthFigures) -> str:
    """The figures as two tables, in the active language: the flows ("in the month /
    cumulated") with percent and target, then the books not yet handed over by state and
    by waiting reason (numbered columns, explained below the table)."""
    number = formatting.number
    rows = [figures, *figures.children]
    lines = [
        _("%(name)s (%(code)s), %(month)s: figures as of %(day)s")
        % {"name": figures.name, "code": figures.code,
           "month": formatting.month(figures.month), "day": formatting.day(figures.as_of)},
        "",
        _("Flows: in the month / cumulated"),
    ]  # fmt: skip
    header = [_("Code"), _("Name"), str(LABELS["books"]), str(LABELS["due"])]
    header += [str(LABELS[flow]) for flow in FLOWS]
    header += ["%", str(LABELS["target_percent"]), ""]
    table = []
    for row in rows:
        cells = [row.code, _name(row), number(row.books), number(row.due)]
        cells += [f"{number(f.month)} / {number(f.cumulated)}" for f in row.flows.values()]
        cells += [_percent(row.percent), _percent(row.target_percent)]
        table.append([*cells, _("BEHIND") if row.behind else ""])
    lines += _table(header, table)
    lines += [
        "",
        str(LABELS["outstanding_by_state"]) + " / " + str(LABELS["outstanding_by_reason"]),
    ]
    words = [State(state).label for state in OUTSTANDING_STATES]
    words += [WaitingReason(reason).label for reason in REASONS]
    header = [_("Code"), _("Name")] + [f"({index})" for index in range(1, len(words) + 1)]
    table = []
    for row in rows:
        counts = [row.outstanding_by_state[state] for state in OUTSTANDING_STATES]
        counts += [row.outstanding_by_reason[reason] for reason in REASONS]
        table.append([row.code, _name(row), *map(number, counts)])
    lines += _table(header, table)
    lines += [f"({index}) {label}" for index, label in enumerate(words, start=1)]
    return "\n".join(lines)
