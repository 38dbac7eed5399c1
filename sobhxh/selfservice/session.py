"""The worker's short visit: the book a lookup matched, kept in the session for
`MINUTES` minutes from the lookup (never the number, never in the address)."""

import time

KEY = "selfservice"
MINUTES = 15


def _now() -> float:
    return time.time()


def remember(request, book_id: int) -> None:
    if request.session.session_key:
        request.session.cycle_key()  # a new key once the worker has proved who they are
    request.session[KEY] = {"book": book_id, "until": _now() + MINUTES * 60}


def current(request) -> int | None:
    """The book id of this visit, or None when there is none or it has ended."""
    visit = request.session.get(KEY)
    if not isinstance(visit, dict):
        return None
    if not visit.get("until") or visit["until"] <= _now():
        forget(request)
        return None
    return visit.get("book")


def until(request) -> float | None:
    visit = request.session.get(KEY)
    return visit.get("until") if isinstance(visit, dict) else None


def forget(request) -> None:
    if KEY in request.session:
        del request.session[KEY]
