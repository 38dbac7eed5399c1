from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sobhxh.api.services import prune_keys


class Command(BaseCommand):
    help = _("Delete the API's Idempotency-Keys older than API_IDEMPOTENCY_DAYS.")

    def handle(self, *args, **options):
        deleted = prune_keys()
        if options["verbosity"]:
            self.stdout.write(_("%(count)s keys deleted.") % {"count": deleted})
