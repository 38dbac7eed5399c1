import json
import sys

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from sobhxh.intake.errors import UnusableFile
from sobhxh.intake.importing import Importer
from sobhxh.intake.reading import estimate_rows


class Command(BaseCommand):
    help = _(
        "Import books and their contribution periods from a workbook or one or two CSV "
        "files (IMPORT-FORMAT.md). Exit status 0: nothing rejected; 1: some rows rejected; "
        "2: the input could not be used."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument(
            "--office", "--unit", help=_("office managing new employers without one")
        )
        parser.add_argument("--report", help=_("where to write the error report"))
        parser.add_argument("--dry-run", action="store_true", help=_("check, write nothing"))
        parser.add_argument("--json", action="store_true", help=_("print one JSON summary"))
        parser.add_argument("--quiet", action="store_true", help=_("print only the summary"))

    def handle(self, *args, files, office, report, dry_run, json: bool, quiet: bool, **options):
        show_bar = not (json or quiet) and sys.stderr.isatty()
        bar = tqdm(
            total=estimate_rows(files) if show_bar else None,
            unit=" " + _("rows"),
            disable=not show_bar,
            unit_scale=True,
        )
        try:
            importer = Importer(
                files, office_code=office, report_path=report, dry_run=dry_run, progress=bar.update
            )
            summary = importer.run()
        except UnusableFile as refused:
            bar.close()
            message = refused.message_vi if not json else refused.message_en
            if json:
                self.stdout.write(_dumps({"error": refused.message_vi, "error_en": message}))
            else:
                self.stderr.write(f"{refused.message_vi}\n({refused.message_en})")
            sys.exit(2)
        bar.close()
        if json:
            self.stdout.write(_dumps(summary.as_dict()))
        else:
            self.stdout.write(_render(summary, dry_run))
        if summary.books.rejected or summary.periods.rejected:
            sys.exit(1)


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False)


def _render(summary, dry_run: bool) -> str:
    lines = [_("Dry run: nothing was written.")] if dry_run else []
    labels = (pgettext("import summary", "Books"), pgettext("import summary", "Periods"))
    for label, counts in zip(labels, (summary.books, summary.periods), strict=True):
        lines.append(
            _(
                "%(label)s: %(read)s read, %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(rejected)s rejected"
            )
            % {"label": label, **vars(counts)}
        )
    lines.append(_("Warnings: %s") % summary.warnings)
    if summary.report:
        lines.append(_("Error report: %s") % summary.report)
    return "\n".join(lines)
