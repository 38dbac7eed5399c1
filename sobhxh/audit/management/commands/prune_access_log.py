from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sobhxh.audit.services import prune_access_log


class Command(BaseCommand):
    help = _(
        "Delete the rows of the access log (who looked at whose personal data) older than "
        "DAYS days; ACCESS_LOG_DAYS by default."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=None,
            metavar="DAYS",
            help=_("days to keep (default ACCESS_LOG_DAYS, %(days)s)")
            % {"days": settings.ACCESS_LOG_DAYS},
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("count what would be deleted, delete nothing")
        )
        parser.add_argument("--quiet", action="store_true", help=_("print nothing"))

    def handle(self, *args, older_than, dry_run, quiet, **options):
        if older_than is not None and older_than < 0:
            raise CommandError(_("The number of days must not be negative."))
        count = prune_access_log(older_than_days=older_than, dry_run=dry_run)
        if quiet:
            return
        if dry_run:
            text = _("Would delete %(count)s rows of the access log.")
        else:
            text = _("Deleted %(count)s rows of the access log.")
        self.stdout.write(text % {"count": count})
