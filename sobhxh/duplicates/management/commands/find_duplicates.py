import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from tqdm import tqdm

from sobhxh.duplicates import finder


class Command(BaseCommand):
    help = _(
        "Find probable duplicate books across the country and store them for review; pairs "
        "already decided are never proposed again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help=_("print only the summary"))

    def handle(self, *args, quiet: bool, **options):
        bar = tqdm(
            total=finder.province_count(),
            unit=" " + _("provinces"),
            disable=quiet or not sys.stderr.isatty(),
        )
        found = finder.find(progress=bar.update)
        bar.close()
        self.stdout.write(
            _(
                "%(books)s books compared in %(blocks)s blocks: %(pairs)s probable pairs "
                "(%(withdrawn)s no longer found were withdrawn) in %(seconds).1f s."
            )
            % {
                "books": found.books,
                "blocks": found.blocks,
                "pairs": found.pairs,
                "withdrawn": found.withdrawn,
                "seconds": found.seconds,
            }
        )
