from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sobhxh.portal.services import ensure_site


class Command(BaseCommand):
    help = _(
        "Make the public portal's pages, news categories and editors' groups where they are "
        "missing (the home page becomes the site's root); what exists is kept."
    )

    def handle(self, *args, **options):
        structure = ensure_site()
        if options["verbosity"] >= 1:
            self.stdout.write(_("Portal ready: %(url)s") % {"url": structure.home.url})
