import statistics
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from sobhxh.books.demo.generator import Ids, Planner
from sobhxh.books.demo.writer import offices
from sobhxh.books.lifecycle import State
from sobhxh.books.models import Book, BookEvent, Period
from sobhxh.duplicates.models import PlantedPair
from sobhxh.progress.selectors import office_figures
from sobhxh.progress.verify import verify
from sobhxh.testing.factories import office_with_code
from sobhxh.units.models import Employer

pytestmark = pytest.mark.django_db


def planned(seed: int, books: int = 3000) -> list:
    planner = Planner(offices(), books=books, seed=seed, ids=Ids())
    return [
        (chunk.employers, chunk.books, chunk.periods, chunk.events) for chunk in planner.chunks()
    ]


def test_the_same_seed_plans_the_same_rows_and_another_seed_does_not():
    assert planned(7) == planned(7)
    assert planned(7) != planned(8)


def test_the_command_writes_exactly_the_rows_the_seed_plans():
    call_command("generate_demo", books=1500, seed=3, quiet=True, stdout=StringIO())
    (chunk,) = Planner(offices(), books=1500, seed=3, ids=Ids()).chunks()
    # The planned books, without the duplicates planted after them (duplicates.demo).
    planned_ids = [row[0] for row in chunk.books]
    stored = list(
        Book.objects.filter(pk__in=planned_ids)
        .order_by("pk")
        .values_list("pk", "number", "full_name", "state", "state_on")
    )
    assert stored == [(row[0], row[1], row[2], row[11], row[12]) for row in chunk.books]
    assert Period.objects.filter(book_id__in=planned_ids).count() == len(chunk.periods)
    events = BookEvent.objects.filter(book_id__in=planned_ids).order_by("pk")
    assert list(events.values_list("pk", "action")) == [(row[0], row[2]) for row in chunk.events]


def test_demo_data_is_realistic_and_verify_finds_it_exact():
    call_command("generate_demo", books=20_000, seed=112, quiet=True, stdout=StringIO())

    assert Book.objects.count() == 20_000 + PlantedPair.objects.count()
    assert PlantedPair.objects.count() == 100  # duplicates.demo: 0.5 %
    assert verify() == []
    provinces = office_figures(office_with_code("VN"), date.today())
    largest = sorted(provinces.children, key=lambda child: child.books, reverse=True)[:4]
    assert {child.code for child in largest[:2]} == {"79", "01"}

    sizes = sorted(Employer.objects.annotate(n=Count("books")).values_list("n", flat=True))
    assert sizes[-1] >= 50 * statistics.median(sizes)  # a few huge factories, many tiny

    names = list(Book.objects.values_list("full_name", flat=True)[:2000])
    nguyen = sum(name.startswith("Nguyễn ") for name in names) / len(names)
    assert 0.30 < nguyen < 0.46
    assert any("Thị" in name for name in names)
    numbers = Book.objects.values_list("number", flat=True)[:2000]
    assert all(len(number) == 10 and number.isdigit() for number in numbers)
    assert Book.objects.filter(number__startswith="0").exists()  # Hà Nội's leading zero kept

    states = dict(Book.objects.values_list("state").annotate(n=Count("pk")))
    assert set(states) == set(State.values)
    actions = set(BookEvent.objects.values_list("action", flat=True).distinct())
    assert {"dispute", "correct", "exclude", "reinstate", "hand_over"} <= actions
    end_2017 = office_figures(office_with_code("VN"), date(2017, 12, 31)).children
    assert any(c.behind for c in end_2017) and not all(c.behind for c in end_2017)


def test_the_command_refuses_a_registry_that_already_holds_books():
    call_command("generate_demo", books=50, seed=1, quiet=True, stdout=StringIO())
    with pytest.raises(CommandError, match="đã có sổ"):
        call_command("generate_demo", books=50, seed=1, quiet=True)
    out = StringIO()
    call_command("generate_demo", books=50, seed=1, skip_if_loaded=True, stdout=out)
    assert Book.objects.count() == 50
