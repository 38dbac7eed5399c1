"""A problem's states, the moves between them and who may make each one: the fixed table
the services apply. Like `books.lifecycle`, this module only states the rules;
`services` is the one door that applies them and writes the history.

| action        | from                         | to            | who                               |
| ------------- | ---------------------------- | ------------- | --------------------------------- |
| raise         | —                            | new           | anyone with a place               |
| take          | new, reopened                | being handled | department                        |
| answer        | new, being handled, reopened | answered      | department                        |
| send up       | open, at a province          | (unchanged)   | department                        |
| escalate      | open, past due               | (unchanged)   | the system (a command)            |
| reroute       | open                         | (unchanged)   | department, focal                 |
| recategorise  | open                         | (unchanged)   | department, focal                 |
| accept        | answered                     | resolved      | raiser                            |
| reopen        | answered                     | reopened      | raiser (with a reason)            |
| close         | open, answered               | closed        | department, focal, raiser; a note |
| share/unshare | any                          | (unchanged)   | department, focal                 |

"Open" is new, being handled or reopened: waiting for the department it is routed to.
Who, for a given user and problem (`sides`):

- **raiser**: the user who raised it, a user of the same employer when an employer's user
  raised it, or a user of the raiser's office (district, province, or the centre);
- **department**: a member of the department the problem is routed to now;
- **focal**: a member of Book and Card at the centre, for a problem at the centre (sent up
  or escalated): the focal point that coordinates every problem sent up;
- **system**: no user at all (`escalate_problems`, run by cron).

Resolved and closed are final: a problem settled wrongly is raised again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import ProblemRefused


class State(models.TextChoices):
    NEW = "new", _("New")
    BEING_HANDLED = "being_handled", _("Being handled")
    ANSWERED = "answered", _("Answered")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REOPENED = "reopened", _("Reopened")


class Action(models.TextChoices):
    RAISE = "raise", _("Raise")
    TAKE = "take", _("Start handling")
    ANSWER = "answer", _("Answer")
    SEND_UP = "send_up", _("Send up to the centre")
    ESCALATE = "escalate", _("Escalate (overdue)")
    REROUTE = "reroute", _("Send to another department")
    RECATEGORISE = "recategorise", _("Change the category")
    ACCEPT = "accept", _("Accept the answer")
    REOPEN = "reopen", _("Reopen")
    CLOSE = "close", _("Close")
    SHARE = "share", _("Share the answer")
    UNSHARE = "unshare", _("Stop sharing the answer")


class Side(models.TextChoices):
    RAISER = "raiser", _("the raiser")
    DEPARTMENT = "department", _("the department it is routed to")
    FOCAL = "focal", _("Book and Card at the centre")
    SYSTEM = "system", _("the system")


# Waiting for the department it is routed to: what an inbox lists and escalation watches.
OPEN = frozenset({State.NEW, State.BEING_HANDLED, State.REOPENED})
FINAL = frozenset({State.RESOLVED, State.CLOSED})
# The problem keeps its state; only its department, category or flags change.
SAME = None
_ANY = frozenset(State)

# action -> (states it may start from, state it leads to or SAME, sides that may take it)
MOVES: dict[str, tuple[frozenset[str], str | None, frozenset[str]]] = {
    Action.TAKE: (
        frozenset({State.NEW, State.REOPENED}), State.BEING_HANDLED, frozenset({Side.DEPARTMENT})
    ),
    Action.ANSWER: (OPEN, State.ANSWERED, frozenset({Side.DEPARTMENT})),
    Action.SEND_UP: (OPEN, SAME, frozenset({Side.DEPARTMENT})),
    Action.ESCALATE: (OPEN, SAME, frozenset({Side.SYSTEM})),
    Action.REROUTE: (OPEN, SAME, frozenset({Side.DEPARTMENT, Side.FOCAL})),
    Action.RECATEGORISE: (OPEN, SAME, frozenset({Side.DEPARTMENT, Side.FOCAL})),
    Action.ACCEPT: (frozenset({State.ANSWERED}), State.RESOLVED, frozenset({Side.RAISER})),
    Action.REOPEN: (frozenset({State.ANSWERED}), State.REOPENED, frozenset({Side.RAISER})),
    Action.CLOSE: (
        OPEN | {State.ANSWERED},
        State.CLOSED,
        frozenset({Side.DEPARTMENT, Side.FOCAL, Side.RAISER}),
    ),
    Action.SHARE: (_ANY, SAME, frozenset({Side.DEPARTMENT, Side.FOCAL})),
    Action.UNSHARE: (_ANY, SAME, frozenset({Side.DEPARTMENT, Side.FOCAL})),
}  # fmt: skip

# Actions whose history entry must say why.
NEEDS_NOTE = frozenset({Action.CLOSE, Action.REOPEN})

NOT_ALLOWED = _(
    "Problem no. %(number)s is “%(state)s”: you may not “%(action)s” it. Only %(who)s may do "
    "that, from the states the campaign’s rules allow."
)
NOTE_NEEDED = _("Problem no. %(number)s: say why you “%(action)s” it.")


def target_state(action: str, state: str) -> str | None:
    """The state `action` leads to from `state` (`state` itself for a move that keeps it),
    or None when no one may take `action` from `state`."""
    sources, target, _sides = MOVES[action]
    if state not in sources:
        return None
    return state if target is SAME else target


def allowed_actions(state: str, sides: frozenset[str]) -> list[str]:
    """The actions a user on `sides` may take on a problem in `state`: what a page offers."""
    return [
        action
        for action, (sources, _target, who) in MOVES.items()
        if state in sources and who & sides
    ]


def check_move(action: str, state: str, sides: frozenset[str], *, number: int) -> str:
    """The state `action` leads to from `state` for a user on `sides`; raise ProblemRefused,
    naming the problem, its state, the action and who may take it, otherwise."""
    target = target_state(action, state)
    if target is None or not (MOVES[action][2] & sides):
        who = ", ".join(str(Side(side).label) for side in Side if side in MOVES[action][2])
        raise ProblemRefused(
            NOT_ALLOWED,
            code="not_allowed",
            number=number,
            state=State(state).label,
            action=Action(action).label,
            who=who,
        )
    return target


def check_note(action: str, note: str, *, number: int) -> str:
    """The note, stripped; refused when `action` needs one and it is empty."""
    note = (note or "").strip()
    if action in NEEDS_NOTE and not note:
        raise ProblemRefused(
            NOTE_NEEDED, code="note_needed", number=number, action=Action(action).label
        )
    return note
