from datetime import date

from sobhxh.books.lifecycle import Action, State
from sobhxh.books.models import Book
from sobhxh.books.services import transition

# The shortest path of actions from a fresh book to each state.
PATH_TO = {
    State.NOT_REVIEWED: [],
    State.IN_REVIEW: [Action.START_REVIEW],
    State.DISPUTED: [Action.START_REVIEW, Action.DISPUTE],
    State.CONFIRMED: [Action.START_REVIEW, Action.CONFIRM],
    State.HANDED_OVER: [Action.START_REVIEW, Action.CONFIRM, Action.HAND_OVER],
    State.EXCLUDED: [Action.EXCLUDE],
}

DETAILS = {
    Action.DISPUTE: {"reasons": ["wrong_wage"], "worker_words": "Thiếu tháng 3/2015"},
    Action.EXCLUDE: {"reason": "deceased"},
    Action.REINSTATE: {"reason": "Tìm thấy người lao động"},
    Action.UNDO_HANDOVER: {"reason": "Giao nhầm người"},
    Action.CORRECT: {"note": "Sửa mức lương"},
}


def put_in_state(book: Book, state: str, on: date = date(2017, 3, 1), actor=None) -> Book:
    for action in PATH_TO[state]:
        transition(book=book, action=action, on=on, actor=actor, details=DETAILS.get(action))
    book.refresh_from_db()
    return book
