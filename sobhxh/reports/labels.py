"""A report's figures (`figures.MonthFigures.as_dict()`, live or frozen) as a page shows
them: rows with labels in the reader's language and numbers with dot thousands separators.
The frozen dict keeps only keys; the words are chosen when it is read."""

from django.utils.translation import gettext_lazy as _

from sobhxh import formatting
from sobhxh.books.lifecycle import State, WaitingReason

FLOWS = {
    "reviewed": _("Reviewed"),
    "confirmed": _("Confirmed"),
    "disputed": _("Disputed"),
    "handed_over": _("Handed over"),
    "excluded": _("Excluded"),
}
STATES = dict(State.choices)
REASONS = dict(WaitingReason.choices)


def _n(value) -> str:
    return formatting.number(value) if isinstance(value, int) else str(value or "")


def _percent(value) -> str:
    return "—" if value in (None, "") else f"{value}".replace(".", ",") + "\u00a0%"


def figure_rows(figures: dict) -> dict:
    return {
        "office": figures.get("office", {}),
        "as_of": figures.get("as_of"),
        "books": _n(figures.get("books")),
        "due": _n(figures.get("due")),
        "percent": _percent(figures.get("percent")),
        "target_percent": _percent(figures.get("target_percent")),
        "behind": figures.get("behind", False),
        "flows": [
            (FLOWS.get(key, key), _n(flow.get("month")), _n(flow.get("cumulated")))
            for key, flow in figures.get("flows", {}).items()
        ],
        "by_state": [
            (STATES.get(key, key), _n(count))
            for key, count in figures.get("outstanding_by_state", {}).items()
        ],
        "by_reason": [
            (REASONS.get(key, key), _n(count))
            for key, count in figures.get("outstanding_by_reason", {}).items()
        ],
        "children": [figure_rows(child) for child in figures.get("children", [])],
    }
