import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from sobhxh.books.demo.generator import Ids, Office, Planner
from sobhxh.books.demo.writer import reset_sequences, write_chunk
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.progress.recompute import rebuild_counters
from sobhxh.units.models import Employer, Unit


class Command(BaseCommand):
    help = _(
        "Fill an empty registry with realistic demo data: employers, books, contribution "
        "periods and the 2017–2018 campaign played out through the lifecycle rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--books", type=int, default=200_000, help=_("number of books"))
        parser.add_argument("--seed", type=int, default=112, help=_("random seed"))
        parser.add_argument(
            "--skip-if-loaded",
            action="store_true",
            help=_("do nothing (and succeed) when the registry already holds books"),
        )
        parser.add_argument("--quiet", action="store_true", help=_("print only the summary"))

    def handle(self, *args, books: int, seed: int, skip_if_loaded: bool, quiet: bool, **options):
        if books < 1:
            raise CommandError(_("--books must be at least 1."))
        if Book.objects.exists():
            if skip_if_loaded:
                self.stdout.write(_("The registry already holds books: demo data not generated."))
                return
            raise CommandError(
                _(
                    "The registry already holds books; demo data goes only into an empty "
                    "database (e.g. delete db.sqlite3 and run migrate)."
                )
            )
        started = time.monotonic()
        planner = Planner(_offices(), books=books, seed=seed, ids=_next_ids())
        bar = tqdm(
            total=books,
            unit=" " + _("books"),
            unit_scale=True,
            disable=quiet or not sys.stderr.isatty(),
        )
        with transaction.atomic():
            for chunk in planner.chunks():
                write_chunk(chunk)
                bar.update(len(chunk.books))
            bar.set_postfix_str(_("counting"))
            rebuild_counters()
            reset_sequences()
        bar.close()
        self.stdout.write(
            _(
                "Demo data: %(books)s books, %(periods)s periods, %(events)s events, "
                "%(employers)s employers in %(seconds).1f s."
            )
            % {
                "books": f"{Book.objects.count():,}".replace(",", "."),
                "periods": f"{Period.objects.count():,}".replace(",", "."),
                "events": f"{BookEvent.objects.count():,}".replace(",", "."),
                "employers": f"{Employer.objects.count():,}".replace(",", "."),
                "seconds": time.monotonic() - started,
            }
        )


def _offices() -> list[Office]:
    rows = Unit.objects.exclude(level=Unit.Level.CENTRE).values_list(
        "pk", "code", "name", "level", "province__code"
    )
    return [Office(*row) for row in rows.order_by("code")]


def _next_ids() -> Ids:
    def after(model) -> int:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
        return (last or 0) + 1

    return Ids(after(Employer), after(Book), after(Period), after(BookEvent))
