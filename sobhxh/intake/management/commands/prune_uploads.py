import datetime

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from sobhxh.intake.tasks import prune_uploads


class Command(BaseCommand):
    help = _(
        "Delete the files kept for uploads finished more than DAYS days ago (the files sent "
        "and the error reports); what each import did stays on its page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=90, metavar="DAYS",
                            help=_("days since the upload finished (default 90)"))  # fmt: skip
        parser.add_argument("--dry-run", action="store_true",
                            help=_("count what would be deleted, delete nothing"))  # fmt: skip
        parser.add_argument("--quiet", action="store_true", help=_("print nothing"))

    def handle(self, *args, older_than, dry_run, quiet, **options):
        if older_than < 0:
            raise CommandError(_("The number of days must not be negative."))
        uploads, size = prune_uploads(datetime.timedelta(days=older_than), dry_run=dry_run)
        if quiet:
            return
        if dry_run:
            text = _("Would delete the files of %(uploads)s uploads (%(size)s).")
        else:
            text = _("Deleted the files of %(uploads)s uploads (%(size)s).")
        self.stdout.write(text % {"uploads": uploads, "size": filesizeformat(size)})
