"""What a counter row counts. The counters' `state` column holds a *bucket*:

- a book state (`books.lifecycle.State`): the books in that state;
- `waiting:<reason>`: the books waiting for that reason (`books.lifecycle.WaitingReason`),
  counted beside their state, so a book waiting in review is in `in_review` and in
  `waiting:arrears`;
- `action:<action>`: the events of that lifecycle action, which only ever add up, so the
  deltas of a day are the actions taken that day (what the money is counted from).

One set of counters, kept by one function (`services.apply_moves`) and checked by one
`verify`, serves the states, the reasons and the work done, on any past date.
"""

from sobhxh.books.lifecycle import MOVES, State, WaitingReason

WAITING = "waiting:"
ACTION = "action:"

# The actions whose events are counted: every move of the lifecycle.
COUNTED_ACTIONS: tuple[str, ...] = tuple(str(action) for action in MOVES)

STATE_BUCKETS: tuple[str, ...] = tuple(State.values)
WAITING_BUCKETS: tuple[str, ...] = tuple(WAITING + reason for reason in WaitingReason.values)
ACTION_BUCKETS: tuple[str, ...] = tuple(ACTION + action for action in COUNTED_ACTIONS)


def waiting(reason: str) -> str:
    return WAITING + reason


def action(name: str) -> str:
    return ACTION + name
