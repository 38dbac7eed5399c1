"""Writes to the progress counters. Called only from the book lifecycle services, inside
their transaction, so that counters move together with the books they count."""

from collections import Counter
from collections.abc import Iterable
from datetime import date

from sobhxh.db.bulk import upsert_sums
from sobhxh.units.selectors import ancestor_map

from . import buckets

# A counter: (managing office id, employer id, bucket), the bucket a state, a waiting
# reason or an action (see `buckets`).
CounterKey = tuple[int, int, str]
# One book leaving the counter `old` for `new` on a business day; None for "nowhere" (a
# book entering the registry was counted nowhere before).
Move = tuple[date, CounterKey | None, CounterKey | None]
# Where a book is: (managing office id, employer id, state, waiting reason or "").
Place = tuple[int, int, str, str]


def moves_of(day: date, old: Place | None, new: Place | None, action: str = "") -> list[Move]:
    """The counter moves of one book going from `old` to `new` on `day` by `action`: its
    state, its waiting reason (when it has one before or after), and the action itself when
    it is one the counters count."""
    moves: list[Move] = [(day, old and old[:3], new and new[:3])]
    old_wait = (old[0], old[1], buckets.waiting(old[3])) if old and old[3] else None
    new_wait = (new[0], new[1], buckets.waiting(new[3])) if new and new[3] else None
    if old_wait != new_wait:
        moves.append((day, old_wait, new_wait))
    if action in buckets.COUNTED_ACTIONS:
        where = new or old
        assert where is not None
        moves.append((day, None, (where[0], where[1], buckets.action(action))))
    return moves


def apply_moves(moves: Iterable[Move]) -> None:
    # A bulk change repeats the same few moves for thousands of books: count each once.
    repeated = Counter(moves)
    if not repeated:
        return
    office_ids = {key[0] for _day, old, new in repeated for key in (old, new) if key}
    ancestors = ancestor_map(office_ids)
    office_counts: Counter = Counter()
    employer_counts: Counter = Counter()
    office_deltas: Counter = Counter()
    employer_deltas: Counter = Counter()
    office_month_deltas: Counter = Counter()
    employer_offices: dict[int, int] = {}
    for (day, old, new), times in repeated.items():
        for key, sign in ((old, -times), (new, times)):
            if key is None:
                continue
            office_id, employer_id, state = key
            employer_offices[employer_id] = office_id
            employer_counts[employer_id, state] += sign
            employer_deltas[employer_id, day, state] += sign
            for ancestor_id in ancestors[office_id]:
                office_counts[ancestor_id, state] += sign
                office_deltas[ancestor_id, day, state] += sign
                office_month_deltas[ancestor_id, day.replace(day=1), state] += sign
    _add("progress_officecount", ("office_id", "state"), "total", office_counts)
    _add(
        "progress_employercount",
        ("employer_id", "state"),
        "total",
        employer_counts,
        employer_offices,
    )
    _add("progress_officedelta", ("office_id", "day", "state"), "change", office_deltas)
    _add(
        "progress_employerdelta",
        ("employer_id", "day", "state"),
        "change",
        employer_deltas,
        employer_offices,
    )
    _add(
        "progress_officemonthdelta", ("office_id", "month", "state"), "change", office_month_deltas
    )


def _add(
    table: str,
    keys: tuple[str, ...],
    value: str,
    amounts: Counter,
    employer_offices: dict[int, int] | None = None,
) -> None:
    """Add each amount to its row, creating the row when missing; an employer's row is
    created with the office that manages the employer (`employer_offices`)."""
    if employer_offices is None:
        rows = [(*key, amount) for key, amount in amounts.items() if amount]
        also: tuple[str, ...] = ()
    else:
        rows = [
            (*key, employer_offices[key[0]], amount) for key, amount in amounts.items() if amount
        ]
        also = ("office_id",)
    if rows:
        upsert_sums(table, keys, value, rows, also=also)
