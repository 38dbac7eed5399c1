"""The slow twin of the money's counts: every book event read and counted, for the tests
only (the pages read the progress counters through `selectors.action_counts`)."""

from collections import defaultdict
from datetime import date

from sobhxh.books.models import BookEvent
from sobhxh.money import pricing
from sobhxh.money.activities import COUNTED_ACTIONS
from sobhxh.units.selectors import ancestor_map


def action_counts_from_events(
    office_ids, first_day: date, last_day: date
) -> dict[int, pricing.Counts]:
    """The slow twin of `action_counts`: every event read and counted for its office and
    each office above it. For tests and checks, not for pages."""
    wanted = set(office_ids)
    counts: dict[int, dict] = {pk: defaultdict(int) for pk in wanted}
    rows = list(
        BookEvent.objects.filter(
            action__in=COUNTED_ACTIONS, happened_on__gte=first_day, happened_on__lte=last_day
        ).values_list("office_id", "happened_on", "action")
    )
    above = ancestor_map({office for office, _, _ in rows})
    for office, day, action in rows:
        for owner in above[office]:
            if owner in wanted:
                counts[owner][(day, action)] += 1
    return {pk: dict(found) for pk, found in counts.items()}
