import dataclasses
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from sobhxh.books.demo.generator import Planner
from sobhxh.books.demo.writer import (
    indexes_deferred,
    next_ids,
    offices,
    reset_sequences,
    write_chunk,
)
from sobhxh.books.models import Book
from sobhxh.db.bulk import refresh_statistics
from sobhxh.ops.demo import real_data
from sobhxh.progress.recompute import roll_up_employer_counters


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
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("add demo data even though the database holds real data"),
        )

    def handle(
        self,
        *args,
        books: int,
        seed: int,
        skip_if_loaded: bool,
        quiet: bool,
        force: bool,
        **options,
    ):
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
        if not force and (real := real_data()):
            raise CommandError(
                _(
                    "This database holds real data (%(what)s): no demo data is added to it. "
                    "Add --force if you are sure."
                )
                % {"what": real}
            )
        started = self.lap_started = time.monotonic()
        self.verbosity = options["verbosity"]
        first = next_ids()
        planner = Planner(offices(), books=books, seed=seed, ids=dataclasses.replace(first))
        bar = tqdm(
            total=books,
            unit=" " + _("books"),
            unit_scale=True,
            disable=quiet or not sys.stderr.isatty(),
        )
        with transaction.atomic():
            with indexes_deferred():
                for chunk in planner.chunks():
                    write_chunk(chunk)
                    bar.update(len(chunk.books))
                bar.set_postfix_str(_("indexing"))
                self._lap("write")
            self._lap("index")
            bar.set_postfix_str(_("counting"))
            roll_up_employer_counters()
            reset_sequences()
            self._lap("count")
        refresh_statistics()
        bar.close()
        self.stdout.write(
            _(
                "Demo data: %(books)s books, %(periods)s periods, %(events)s events, "
                "%(employers)s employers in %(seconds).1f s."
            )
            % {
                "books": _dots(planner.ids.book - first.book),
                "periods": _dots(planner.ids.period - first.period),
                "events": _dots(planner.ids.event - first.event),
                "employers": _dots(planner.ids.employer - first.employer),
                "seconds": time.monotonic() - started,
            }
        )

    def _lap(self, phase: str) -> None:
        now = time.monotonic()
        if self.verbosity >= 2:
            self.stderr.write(f"{phase}: {now - self.lap_started:.1f} s")
        self.lap_started = now


def _dots(number: int) -> str:
    return f"{number:,}".replace(",", ".")
