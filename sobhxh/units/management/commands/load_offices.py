from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from sobhxh.organisation.services import create_committees, create_departments
from sobhxh.units.models import Office
from sobhxh.units.offices import STRUCTURES, load_offices


class Command(BaseCommand):
    help = _(
        "Load the offices of an administrative structure (2017: 63 provinces and their "
        "districts, loaded by migration; 2025: 34 provinces) that are not there yet, and give "
        "the centre and every provincial office the departments it lacks."
    )

    def add_arguments(self, parser):
        # Checked here rather than by argparse, whose messages are English only.
        parser.add_argument("structure", metavar="2017|2025")

    def handle(self, *args, structure: str, **options):
        if structure not in STRUCTURES:
            raise CommandError(
                _("Unknown structure “%(structure)s”: choose 2017 or 2025.")
                % {"structure": structure}
            )
        with transaction.atomic():
            offices = load_offices(Office, structure)
            staffed = Office.objects.filter(level__in=[Office.Level.CENTRE, Office.Level.PROVINCE])
            departments = create_departments(staffed)
            create_committees(staffed)
        self.stdout.write(
            _("Structure %(structure)s: %(offices)d new offices, %(departments)d new departments.")
            % {"structure": structure, "offices": offices, "departments": departments}
        )
