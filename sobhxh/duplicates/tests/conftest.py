import pytest

from sobhxh.duplicates import finder
from sobhxh.duplicates.models import DuplicatePair


@pytest.fixture
def find():
    """Run the finder; the pairs stored, as {(low id, high id): pair}."""

    def run(**options) -> dict[tuple[int, int], DuplicatePair]:
        finder.find(**options)
        return {(p.book_low_id, p.book_high_id): p for p in DuplicatePair.objects.all()}

    return run


def key(a, b) -> tuple[int, int]:
    return (min(a.pk, b.pk), max(a.pk, b.pk))
