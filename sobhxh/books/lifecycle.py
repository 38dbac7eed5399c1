"""The book's lifecycle as DOMAIN.md gives it: its states, its actions and the moves allowed,
and what it says when a move is refused.

This module only describes the rules; `services.transition` (and the set-based services
beside it) is the one door that applies them. A caller that must know beforehand whether a
move would be allowed, such as a handover list of books that stay confirmed until received,
asks `check_move` here rather than comparing states itself.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts.models import Role

from .errors import TransitionNotAllowed


class State(models.TextChoices):
    NOT_REVIEWED = "not_reviewed", _("Not reviewed")
    IN_REVIEW = "in_review", _("In review")
    DISPUTED = "disputed", _("Disputed")
    CONFIRMED = "confirmed", _("Confirmed")
    HANDED_OVER = "handed_over", _("Handed over")
    EXCLUDED = "excluded", _("Excluded")


class Action(models.TextChoices):
    REGISTER = "register", _("Register")
    START_REVIEW = "start_review", _("Start review")
    CONFIRM = "confirm", _("Confirm")
    DISPUTE = "dispute", _("Dispute")
    CORRECT = "correct", _("Correct")
    HAND_OVER = "hand_over", _("Hand over")
    EXCLUDE = "exclude", _("Exclude")
    REINSTATE = "reinstate", _("Reinstate")
    UNDO_HANDOVER = "undo_handover", _("Undo handover")
    EDIT = "edit", _("Edit data")
    SET_WAITING = "set_waiting", _("Record why it waits")
    CLEAR_WAITING = "clear_waiting", _("Clear why it waits")


class Via(models.TextChoices):
    WEB = "web", _("Web")
    IMPORT = "import", _("Import")
    API = "api", _("API")
    COMMAND = "command", _("Command")
    # The worker themself, on the public lookup pages (no user: `actor` is None).
    WORKER = "worker", _("The worker, online")


class DisputeReason(models.TextChoices):
    IDENTITY = "identity", _("Identity (name, birth, sex, number)")
    MISSING_PERIOD = "missing_period", _("Missing period")
    WRONG_WAGE = "wrong_wage", _("Wrong wage")
    WRONG_EMPLOYER = "wrong_employer", _("Wrong employer or job")
    OTHER = "other", _("Other")


class ExclusionReason(models.TextChoices):
    WITH_WORKER = "with_worker", _("Already with the worker")
    DECEASED = "deceased", _("Worker deceased")
    DUPLICATE = "duplicate", _("Merged as a duplicate")
    UNTRACEABLE = "untraceable", _("Worker cannot be traced")


class WaitingReason(models.TextChoices):
    """Why a book not yet handed over is still waiting (DOMAIN.md, special cases)."""

    ARREARS = "arrears", _("Employer in arrears")
    UNREACHABLE = "unreachable", _("Worker left or unreachable")
    DECEASED = "deceased", _("Worker deceased, book to a relative")
    LOST = "lost", _("Book lost")
    DUPLICATE = "duplicate", _("Suspected duplicate")
    DISSOLVED = "dissolved", _("Employer dissolved")
    OTHER = "other", _("Other")


# The states a book may wait in: not yet handed over, and still due.
WAITING_STATES = frozenset({State.NOT_REVIEWED, State.IN_REVIEW, State.DISPUTED, State.CONFIRMED})


class Receiver(models.TextChoices):
    WORKER = "worker", _("The worker")
    AUTHORISED = "authorised", _("An authorised person")


# action -> (states it may start from, state it leads to)
MOVES: dict[str, tuple[frozenset[str], str]] = {
    Action.START_REVIEW: (frozenset({State.NOT_REVIEWED}), State.IN_REVIEW),
    Action.CONFIRM: (frozenset({State.IN_REVIEW}), State.CONFIRMED),
    Action.DISPUTE: (frozenset({State.IN_REVIEW}), State.DISPUTED),
    Action.CORRECT: (frozenset({State.DISPUTED}), State.IN_REVIEW),
    Action.HAND_OVER: (frozenset({State.CONFIRMED}), State.HANDED_OVER),
    Action.EXCLUDE: (
        frozenset({State.NOT_REVIEWED, State.IN_REVIEW, State.DISPUTED, State.CONFIRMED}),
        State.EXCLUDED,
    ),
    Action.REINSTATE: (frozenset({State.EXCLUDED}), State.NOT_REVIEWED),
    Action.UNDO_HANDOVER: (frozenset({State.HANDED_OVER}), State.CONFIRMED),
}

# -- who may take which action -------------------------------------------------------------

# What an employer's own staff may record about their workers' books: the everyday review
# and handover. Registering, editing, excluding, reinstating and correcting a book's data
# change the registry itself and stay with the offices (as does undoing a handover, for
# supervisors only).
EMPLOYER_ACTIONS = frozenset(
    {Action.START_REVIEW, Action.CONFIRM, Action.DISPUTE, Action.HAND_OVER}
)
# Actions only a supervisor may take.
SUPERVISOR_ACTIONS = frozenset({Action.UNDO_HANDOVER})
SUPERVISOR_PERMISSION = "books.undo_handover"


# What the worker may record about their own book online (`Via.WORKER`): their answer to
# the statement, as on the paper slip (Mẫu 03). Everything else is the employer's or office's.
WORKER_ACTIONS = frozenset({Action.CONFIRM, Action.DISPUTE})


def via_may_take(via: str, action: str) -> bool:
    """Whether an action recorded through `via` may be `action`: the worker online only
    confirms or disputes."""
    return via != Via.WORKER or action in WORKER_ACTIONS


def role_may_take(role: str | None, action: str) -> bool:
    """Whether a user of `role` (`accounts.models.Role`) may take `action`, whatever the
    book's state: an employer's staff only the everyday work, an office any action.
    Undoing a handover also needs a supervisor (`SUPERVISOR_ACTIONS`)."""
    return role != Role.EMPLOYER or action in EMPLOYER_ACTIONS


# -- what the lifecycle allows -------------------------------------------------------------


def allowed_actions(state: str) -> list[str]:
    return [action for action, (sources, _target) in MOVES.items() if state in sources]


def target_state(action: str, state: str) -> str | None:
    """The state `action` leads to from `state`, or None when the move is not allowed."""
    sources, target = MOVES.get(action, (frozenset(), None))
    return target if state in sources else None


# What the lifecycle says when an action is not allowed from a book's state. Handing over
# says which state it needs: offices meet that refusal every day.
NOT_ALLOWED = _(
    "Book %(number)s is “%(state)s”: the action “%(action)s” is not allowed from that state."
)
NOT_ALLOWED_SAYING_WHY = {
    Action.HAND_OVER: _(
        "Book %(number)s is “%(state)s”: “%(action)s” is not allowed; only confirmed books "
        "can be handed over."
    ),
}


def check_move(action: str, state: str, *, number: str) -> str:
    """The state `action` leads to from `state`; raise TransitionNotAllowed, naming the
    book, its state and the action, when the lifecycle does not allow the move."""
    target = target_state(action, state)
    if target is None:
        raise TransitionNotAllowed(
            NOT_ALLOWED_SAYING_WHY.get(action, NOT_ALLOWED),
            number=number,
            state=State(state).label,
            action=Action(action).label,
        )
    return target


def allowed_triples() -> list[tuple[str, str, str]]:
    """Every (action, from, to) an event may record, including register and edit."""
    triples = [(Action.REGISTER.value, "", State.NOT_REVIEWED.value)]
    triples += [(Action.EDIT.value, s.value, s.value) for s in State]
    for action in (Action.SET_WAITING, Action.CLEAR_WAITING):
        triples += [(action.value, str(s), str(s)) for s in sorted(WAITING_STATES)]
    for action, (sources, target) in MOVES.items():
        triples += [(str(action), str(source), str(target)) for source in sorted(sources)]
    return triples
