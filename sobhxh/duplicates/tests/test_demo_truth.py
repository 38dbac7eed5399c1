"""On a small generated demo, the finder finds the planted duplicates and little else."""

from django.core.management import call_command

from sobhxh.books.models import Book
from sobhxh.duplicates import finder, truth
from sobhxh.duplicates.models import PlantedPair
from sobhxh.progress.verify import verify


def test_the_finder_finds_the_planted_duplicates_and_few_others(db):
    call_command("generate_demo", books=10_000, seed=7, problems=0, quiet=True)
    planted = PlantedPair.objects.filter(kind=PlantedPair.Kind.DUPLICATE)
    assert planted.count() >= 40
    assert Book.objects.count() == 10_000 + PlantedPair.objects.count()
    assert verify() == []

    finder.find()
    measured = truth.measure()
    print(f"precision {measured.precision:.3f} recall {measured.recall:.3f} {measured}")
    # Measured (seed 7): recall 0.956, precision 0.915. Missed: second books whose birth is
    # known only to the year; false: namesakes born the same day in one province, which
    # grow with the square of the books (docs/decisions.md, issue 16).
    assert measured.recall >= 0.9
    assert measured.precision >= 0.9
