"""Reads of the poll."""

from dataclasses import dataclass

from .models import Option, Poll

COOKIE = "binh_chon"
COOKIE_SALT = "sobhxh.poll.voted"


def active_poll() -> Poll | None:
    return Poll.objects.filter(active=True).first()


def has_voted(request, poll: Poll) -> bool:
    """Whether this browser's signed cookie says it voted in `poll` (its id, nothing else)."""
    voted = request.get_signed_cookie(COOKIE, default=None, salt=COOKIE_SALT)
    return voted == str(poll.pk)


@dataclass(frozen=True)
class Result:
    option: Option
    votes: int
    percent: float


def results(poll: Poll) -> tuple[list[Result], int]:
    """Each option with its votes and share (one decimal), and the total."""
    options = list(poll.options.all())
    total = sum(option.votes for option in options)
    rows = [
        Result(option, option.votes, round(100 * option.votes / total, 1) if total else 0.0)
        for option in options
    ]
    return rows, total
