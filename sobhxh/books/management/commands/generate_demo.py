import dataclasses
import random
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from sobhxh.accounts import demo as people
from sobhxh.books.demo.ahead import chunks_planned_ahead
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
from sobhxh.duplicates import demo as duplicates_demo
from sobhxh.money import demo as money_demo
from sobhxh.ops.demo import real_data
from sobhxh.organisation import demo as committees_demo
from sobhxh.poll import demo as poll_demo
from sobhxh.portal import demo as portal_demo
from sobhxh.problems import demo as problems_demo
from sobhxh.progress.recompute import roll_up_employer_counters
from sobhxh.questions import demo as questions_demo
from sobhxh.reports import demo as reports_demo
from sobhxh.visits import demo as visits_demo


class Command(BaseCommand):
    help = _(
        "Fill an empty registry with realistic demo data: employers, books, contribution "
        "periods and the 2017–2018 campaign played out through the lifecycle rules."
    )

    def add_arguments(self, parser):
        parser.add_argument("--books", type=int, default=200_000, help=_("number of books"))
        parser.add_argument("--seed", type=int, default=112, help=_("random seed"))
        parser.add_argument(
            "--problems",
            type=int,
            default=None,
            help=_("number of problems (default: one for every 50 books)"),
        )
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
        problems: int | None,
        skip_if_loaded: bool,
        quiet: bool,
        force: bool,
        **options,
    ):
        if books < 1:
            raise CommandError(_("--books must be at least 1."))
        problems = books // 50 if problems is None else problems
        if problems < 0:
            raise CommandError(_("--problems cannot be negative."))
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
                for chunk in chunks_planned_ahead(planner):
                    write_chunk(chunk)
                    bar.update(len(chunk.books))
                bar.set_postfix_str(_("indexing"))
                self._lap("write")
            self._lap("index")
            bar.set_postfix_str(_("counting"))
            roll_up_employer_counters()
            reset_sequences()
            self._lap("count")
            duplicates_demo.plant(seed=seed)
            self._lap("duplicates")
            bar.set_postfix_str(_("committees and problems"))
            made = organise(seed=seed, problems=problems)
            self._lap("committees and problems")
        # Every table: the demo also fills the committees', the problems' and the users'.
        refresh_statistics(tables=())
        bar.close()
        self.stdout.write(
            _(
                "Demo data: %(books)s books, %(periods)s periods, %(events)s events, "
                "%(employers)s employers, %(meetings)s committee meetings, %(problems)s "
                "problems in %(seconds).1f s."
            )
            % {
                "books": _dots(planner.ids.book - first.book),
                "periods": _dots(planner.ids.period - first.period),
                "events": _dots(planner.ids.event - first.event),
                "employers": _dots(planner.ids.employer - first.employer),
                "meetings": _dots(made["meetings"]),
                "problems": _dots(made["problems"]),
                "seconds": time.monotonic() - started,
            }
        )

    def _lap(self, phase: str) -> None:
        now = time.monotonic()
        if self.verbosity >= 2:
            self.stderr.write(f"{phase}: {now - self.lap_started:.1f} s")
        self.lap_started = now


def organise(*, seed: int, problems: int) -> dict[str, int]:
    """The demo's people, committees and problems, once the books are written (the demo
    users' places depend on them); call inside the transaction. Each part draws from its
    own generator seeded from `seed`, so that one part's changes leave the others' data as
    it was."""
    demo_users = {user.username: user for user in people.ensure_demo_users()}
    staff = people.ensure_staff(random.Random(f"{seed}-staff"))
    plans = committees_demo.plan(
        random.Random(f"{seed}-committees"),
        demo_users={name: user.pk for name, user in demo_users.items()},
    )
    made = committees_demo.write(plans)
    district, employer = demo_users.get("demo-huyen"), demo_users.get("demo-donvi")
    world = problems_demo.World.read(
        staff,
        demo_raisers=(
            district.profile.office_id if district else None,
            employer.profile.employer_id if employer else None,
        ),
    )
    first_problem, first_event, first_message = problems_demo.next_ids()
    planned = problems_demo.Planner(world, random.Random(f"{seed}-problems")).plan(
        problems, first_id=first_problem
    )
    made |= problems_demo.write(planned, first_event=first_event, first_message=first_message)
    problems_demo.reset_sequences()
    # The centre's finance department approves the demo's settlements.
    approver = (
        get_user_model().objects.filter(username=f"{people.STAFF_PREFIX}vn.finance.1").first()
    )
    money = money_demo.write(random.Random(f"{seed}-money"), approver=approver)
    made |= {f"money_{what}": count for what, count in money.items()}
    made["reports"] = reports_demo.generate(seed=seed)
    # The portal's questions, poll votes and past visits: a few hundred rows.
    made["public_questions"] = questions_demo.write(random.Random(f"{seed}-questions"))
    made["poll_options"] = poll_demo.write(random.Random(f"{seed}-poll"))
    made["visit_days"] = visits_demo.write(random.Random(f"{seed}-visits"))
    made["portal_pages"] = portal_demo.write(seed=seed)
    return made


def _dots(number: int) -> str:
    return f"{number:,}".replace(",", ".")
