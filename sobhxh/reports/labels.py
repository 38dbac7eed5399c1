"""A report's figures (`figures.MonthFigures.as_dict()`, live or frozen) as a page shows
them: rows with labels in the reader's language and numbers with dot thousands separators.
The frozen dict keeps only keys; the words are chosen when it is read."""

from datetime import date

from django.utils.translation import gettext_lazy as _

from sobhxh import formatting

from .figures import LABELS, STATE_LABELS


def _n(value) -> str:
    return formatting.number(value) if isinstance(value, int) else str(value or "")


def value(figure) -> str:
    """One figure of "what changed since" as a page shows it."""
    if figure is None:
        return "—"
    if isinstance(figure, bool):
        return str(_("yes") if figure else _("no"))
    if isinstance(figure, int):
        return formatting.number(figure)
    return str(figure).replace(".", ",")


def change_rows(changes) -> list[tuple[str, str, str]]:
    """`figures.changes_since(...)` as rows: the figure's words, as sent, today."""
    return [(change.label, value(change.frozen), value(change.now)) for change in changes]


def _percent(value) -> str:
    return "—" if value in (None, "") else f"{value}".replace(".", ",") + "\u00a0%"


def figure_rows(figures: dict, statuses: dict[str, str] | None = None,
                districts: dict | None = None) -> dict:  # fmt: skip
    """The rows of `figures`; `statuses` ({office code: words}) adds each child's report
    state and `districts` ({province code: selectors.DistrictCount}) how its districts
    reported, for the national summary."""
    flows = figures.get("flows", {})
    office = figures.get("office", {})
    return {
        "office": office,
        "status": (statuses or {}).get(office.get("code"), ""),
        "districts": (districts or {}).get(office.get("code")),
        "reviewed": _n(flows.get("reviewed", {}).get("cumulated")),
        "handed_over": _n(flows.get("handed_over", {}).get("cumulated")),
        "as_of": formatting.day(date.fromisoformat(figures["as_of"]))
        if figures.get("as_of")
        else "",
        "books": _n(figures.get("books")),
        "due": _n(figures.get("due")),
        "percent": _percent(figures.get("percent")),
        "target_percent": _percent(figures.get("target_percent")),
        "behind": figures.get("behind", False),
        "flows": [
            (LABELS.get(key, key), _n(flow.get("month")), _n(flow.get("cumulated")))
            for key, flow in flows.items()
        ],
        "by_state": [
            (STATE_LABELS.get(key, key), _n(count))
            for key, count in figures.get("outstanding_by_state", {}).items()
        ],
        "by_reason": [
            (LABELS.get(key, key), _n(count))
            for key, count in figures.get("outstanding_by_reason", {}).items()
        ],
        "children": [
            figure_rows(child, statuses, districts) for child in figures.get("children", [])
        ],
    }
