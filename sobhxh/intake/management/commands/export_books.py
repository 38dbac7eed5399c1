from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sobhxh.intake.exporting import export_books
from sobhxh.units.models import Employer, Office


class Command(BaseCommand):
    help = _(
        "Export books and periods in the import format: an .xlsx with two sheets, or "
        "books.csv and periods.csv in a folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", metavar="OUT")
        parser.add_argument(
            "--office",
            "--unit",
            dest="office_code",
            help=_("an office: its books and those under it"),
        )
        parser.add_argument("--employer", help=_("an employer code: its books"))

    def handle(self, *args, out, office_code, employer, **options):
        office = employer_row = None
        if office_code:
            office = Office.objects.filter(code=office_code).first()
            if office is None:
                raise CommandError(_("No office has the code “%s”.") % office_code)
        if employer:
            employer_row = Employer.objects.filter(code=employer).first()
            if employer_row is None:
                raise CommandError(_("No employer has the code “%s”.") % employer)
        counts = export_books(Path(out), office=office, employer=employer_row)
        self.stdout.write(
            _("Exported %(books)s books and %(periods)s periods to %(out)s.")
            % {**counts, "out": out}
        )
