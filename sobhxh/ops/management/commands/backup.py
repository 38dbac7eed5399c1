import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from sobhxh.ops.backups import BackupError, backup


class Command(BaseCommand):
    help = _(
        "Back up the whole database while the site keeps working: SQLite's online backup "
        "into one file, or pg_dump's custom format on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help=_("the backup file to write, or a folder to write a dated one in"),
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help=_("in a folder, keep only the newest N dated backups"),
        )

    def handle(self, *args, path: Path, keep: int | None, **options):
        if keep is not None and keep < 1:
            raise CommandError(_("--keep must be at least 1."))
        started = time.monotonic()
        try:
            written = backup(path, keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backup written to %(path)s (%(size)s MB) in %(seconds)s s.")
            % {
                "path": written,
                "size": number_format(written.stat().st_size / 1e6, 1),
                "seconds": number_format(time.monotonic() - started, 1),
            }
        )
