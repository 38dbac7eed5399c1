from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sobhxh.visits import services


class Command(BaseCommand):
    help = _("Move past days' visit counts from the cache into the database.")

    def handle(self, *args, **options):
        moved = services.flush(days=30)
        self.stdout.write(_("%(count)d days moved.") % {"count": moved})
