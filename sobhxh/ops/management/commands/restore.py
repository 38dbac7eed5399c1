import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sobhxh.ops.backups import BackupError, restore


class Command(BaseCommand):
    help = _(
        "Restore a backup made by the backup command into the database of DATABASE_URL, "
        "which must be empty unless --force. Stop the web server and the worker first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help=_("the backup file"))
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("replace a database that is not empty"),
        )

    def handle(self, *args, path: Path, force: bool, **options):
        started = time.monotonic()
        try:
            restore(path, force=force)
        except BackupError as error:
            raise CommandError(str(error), returncode=2 if error.unusable_file else 1) from error
        self.stdout.write(
            _(
                "Restored from %(path)s in %(seconds)s s. Run migrate if the backup is older "
                "than this version of sobhxh, then verify."
            )
            % {"path": path, "seconds": number_format(time.monotonic() - started, 1)}
        )
