from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sobhxh.problems.services import escalate_overdue


class Command(BaseCommand):
    help = _(
        "Mark every unanswered problem past its due date as overdue and send it up one level "
        "(from the province's department to the centre's). Meant for cron, once a day; "
        "running it twice changes nothing more."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help=_("say what would be done, change nothing")
        )
        parser.add_argument(
            "--today", metavar="YYYY-MM-DD", help=_("the day to count from (default: today)")
        )
        parser.add_argument("--quiet", action="store_true", help=_("print nothing"))

    def handle(self, *args, dry_run, today, quiet, **options):
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError:
            raise CommandError(_("The day must be written YYYY-MM-DD.")) from None
        result = escalate_overdue(today=day, dry_run=dry_run)
        if quiet:
            return
        if dry_run:
            text = _(
                "Dry run, nothing changed. Overdue problems that would be sent up to the centre: "
                "%(risen)s; problems at the centre that would be marked overdue: %(marked)s."
            )
        else:
            text = _(
                "Overdue problems sent up to the centre: %(risen)s; problems at the centre "
                "marked overdue: %(marked)s."
            )
        self.stdout.write(text % {"risen": len(result.risen), "marked": len(result.marked)})
