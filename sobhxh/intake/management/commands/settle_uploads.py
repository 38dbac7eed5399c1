from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sobhxh.handover.tasks import settle_interrupted as settle_returned_lists
from sobhxh.intake.tasks import settle_interrupted


class Command(BaseCommand):
    help = _(
        "Mark failed the uploads (book files and returned answer lists) left running by a "
        "worker that has ended (killed, or the server restarted), saying what to do. The "
        "worker's service runs it at its start."
    )

    def handle(self, *args, **options):
        settled = settle_interrupted() + settle_returned_lists()
        self.stdout.write(_("%(count)s interrupted upload(s) marked failed.") % {"count": settled})
