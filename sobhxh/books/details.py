"""What each action must record (DOMAIN.md, "The book's lifecycle"), checked before a move."""

from django.utils.translation import gettext_lazy as _

from .errors import MissingDetails
from .lifecycle import Action, DisputeReason, ExclusionReason, Receiver, WaitingReason

# Book fields an office may change through `correct` or `edit`.
EDITABLE_FIELDS = (
    "full_name",
    "birth_date",
    "birth_precision",
    "sex",
    "identity_number",
    "issued_on",
    "employer",
)


def _text(details: dict, key: str) -> str:
    return " ".join(str(details.get(key) or "").split())


def clean_details(action: str, details: dict | None, *, number: str = "") -> dict:
    """Return the details worth recording for `action`, or raise MissingDetails."""
    details = dict(details or {})
    note = _text(details, "note")
    cleaned: dict = {"note": note} if note else {}
    if action == Action.START_REVIEW:
        if printed_by := _text(details, "printed_by"):
            cleaned["printed_by"] = printed_by
    elif action == Action.DISPUTE:
        reasons = details.get("reasons") or []
        if isinstance(reasons, str):
            reasons = [reasons]
        unknown = [r for r in reasons if r not in DisputeReason.values]
        if not reasons or unknown:
            raise MissingDetails(
                _(
                    "Book %(number)s: say what is wrong (identity, missing period, wage, "
                    "employer or job, other)."
                ),
                number=number,
            )
        cleaned["reasons"] = sorted(set(reasons))
        # The worker's own words are what the office corrects from: no dispute without them.
        words = _text(details, "worker_words")
        if not words:
            raise MissingDetails(
                _("Book %(number)s: write down what the worker says is wrong."), number=number
            )
        cleaned["worker_words"] = words
        # The period the worker points at, as the statement shows it (optional).
        if period := _text(details, "period_concerned"):
            cleaned["period_concerned"] = period[:200]
    elif action == Action.HAND_OVER:
        receiver = details.get("receiver") or Receiver.WORKER
        name = _text(details, "receiver_name")
        if receiver not in Receiver.values or (receiver == Receiver.AUTHORISED and not name):
            raise MissingDetails(
                _("Book %(number)s: give the name of the authorised person who received it."),
                number=number,
            )
        cleaned["receiver"] = receiver
        if name:
            cleaned["receiver_name"] = name
    elif action == Action.EXCLUDE:
        reason = details.get("reason")
        if reason not in ExclusionReason.values:
            raise MissingDetails(
                _(
                    "Book %(number)s: choose why the book is not due (already with the worker, "
                    "deceased, duplicate, cannot be traced)."
                ),
                number=number,
            )
        cleaned["reason"] = reason
    elif action == Action.SET_WAITING:
        reason = details.get("reason")
        if reason not in WaitingReason.values:
            raise MissingDetails(
                _("Book %(number)s: choose why the book is still waiting."), number=number
            )
        cleaned["reason"] = reason
        # "Other" says nothing by itself: the office's words are the reason.
        words = _text(details, "words")
        if reason == WaitingReason.OTHER and not words:
            raise MissingDetails(
                _("Book %(number)s: say in words why the book is still waiting."), number=number
            )
        if words:
            cleaned["words"] = words
    elif action in (Action.REINSTATE, Action.UNDO_HANDOVER):
        reason = _text(details, "reason")
        if not reason:
            raise MissingDetails(_("Book %(number)s: give the reason."), number=number)
        cleaned["reason"] = reason
    return cleaned
