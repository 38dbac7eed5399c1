import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sobhxh.progress.verify import verify


class Command(BaseCommand):
    help = _(
        "Recompute every counter and history figure from the books and events and replay "
        "every book's events; exit 0 only when all agree."
    )

    def handle(self, *args, **options):
        problems = verify()
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            self.stderr.write(_("verify: %d disagreement(s) found.") % len(problems))
            sys.exit(1)
        self.stdout.write(_("verify: all counters, history and events agree."))
