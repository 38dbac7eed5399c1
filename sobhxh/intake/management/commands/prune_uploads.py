import datetime

from django.core.management.base import BaseCommand, CommandError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from sobhxh.handover.tasks import prune_returned_lists
from sobhxh.intake.tasks import prune_uploads


class Command(BaseCommand):
    help = _(
        "Delete the files kept for uploads finished more than DAYS days ago (the files sent, "
        "the error reports, the returned answer lists); what each did stays on its page."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=90,
            metavar="DAYS",
            help=_("days since the upload finished (default 90)"),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help=_("count what would be deleted, delete nothing")
        )
        parser.add_argument("--quiet", action="store_true", help=_("print nothing"))

    def handle(self, *args, older_than, dry_run, quiet, **options):
        if older_than < 0:
            raise CommandError(_("The number of days must not be negative."))
        older_than = datetime.timedelta(days=older_than)
        uploads, size = prune_uploads(older_than, dry_run=dry_run)
        lists, lists_size = prune_returned_lists(older_than, dry_run=dry_run)
        uploads, size = uploads + lists, size + lists_size
        if quiet:
            return
        if dry_run:
            text = _("Would delete the files of %(uploads)s uploads (%(size)s).")
        else:
            text = _("Deleted the files of %(uploads)s uploads (%(size)s).")
        self.stdout.write(text % {"uploads": uploads, "size": filesizeformat(size)})
