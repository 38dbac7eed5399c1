"""Demo only: how the stored pairs compare with the pairs `demo.plant` planted."""

from dataclasses import dataclass

from django.db import connection

from .models import DuplicatePair, PlantedPair

_MATCHED = """
SELECT COUNT(*) FROM duplicates_duplicatepair p
JOIN books_book low ON low.id = p.book_low_id
JOIN books_book high ON high.id = p.book_high_id
JOIN duplicates_plantedpair t ON t.kind = %s AND {join}
WHERE p.score >= %s
"""


@dataclass
class Measured:
    planted: int
    found: int
    true_found: int
    near_misses_found: int

    @property
    def precision(self) -> float:
        return self.true_found / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_found / self.planted if self.planted else 1.0


def measure(*, min_score: int = 0) -> Measured:
    """Precision (pairs found that were planted duplicates ÷ pairs found) and recall
    (planted duplicates found ÷ planted) of the stored pairs scoring at least `min_score`,
    whatever their status."""
    return Measured(
        planted=PlantedPair.objects.filter(kind=PlantedPair.Kind.DUPLICATE).count(),
        found=DuplicatePair.objects.filter(score__gte=min_score).count(),
        true_found=_matched(PlantedPair.Kind.DUPLICATE, min_score),
        near_misses_found=_matched(PlantedPair.Kind.NEAR_MISS, min_score),
    )


def _matched(kind: str, min_score: int) -> int:
    total = 0
    with connection.cursor() as cursor:
        # Two joins rather than one with OR, so that each uses the planted number's index.
        for join in (
            "t.planted = high.number AND t.original = low.number",
            "t.planted = low.number AND t.original = high.number",
        ):
            cursor.execute(_MATCHED.format(join=join), [kind, min_score])
            total += cursor.fetchone()[0]
    return total
