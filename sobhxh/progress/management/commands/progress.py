import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from sobhxh.progress.selectors import Figures, employer_figures, office_figures
from sobhxh.units.models import CENTRE_CODE, Employer, Office


class Command(BaseCommand):
    help = _("Print where the campaign stands in an office (and its children) on a date.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--office",
            "--unit",
            dest="code",
            default=CENTRE_CODE,
            help=_("office or employer code"),
        )
        parser.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true", help=_("print one JSON object"))

    def handle(self, *args, code, as_of, json: bool, **options):
        day = _parse_day(as_of) if as_of else timezone.localdate()
        office = Office.objects.filter(code=code).first()
        if office is not None:
            figures = office_figures(office, day)
        else:
            employer = Employer.objects.select_related("office").filter(code=code).first()
            if employer is None:
                raise CommandError(_("No office or employer has the code “%s”.") % code)
            figures = employer_figures(employer, day)
        if json:
            self.stdout.write(_dumps(figures.as_dict()))
        else:
            self.stdout.write(render_table(figures))


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--as-of takes a date as YYYY-MM-DD, not “%s”.") % text) from None


def _percent(value) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",")


def render_table(figures: Figures) -> str:
    header = (
        _("Code"),
        _("Name"),
        _("Books"),
        _("Excluded"),
        _("Due"),
        _("Handed over"),
        "%",
        _("Target %"),
        "",
    )
    rows = [figures, *figures.children]
    lines = [_("As of %s") % f"{figures.as_of:%d/%m/%Y}"]
    table = [header] + [
        (
            f.code,
            f.name[:40],
            f"{f.books:,}".replace(",", "."),
            f"{f.excluded:,}".replace(",", "."),
            f"{f.due:,}".replace(",", "."),
            f"{f.handed_over:,}".replace(",", "."),
            _percent(f.percent),
            _percent(f.target_percent),
            _("BEHIND") if f.behind else "",
        )
        for f in rows
    ]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
    for index, row in enumerate(table):
        lines.append(
            "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        )
        if index in (0, 1) and len(table) > 2:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)
