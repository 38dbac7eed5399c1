from django import template

from sobhxh.poll import selectors

register = template.Library()


@register.inclusion_tag("poll/box.html", takes_context=True)
def poll_box(context, show_results: bool = False):
    """The active poll for a page: its form, or its results once this browser voted (or
    when `show_results`). `{% load poll %}{% poll_box %}`."""
    request = context.get("request")
    poll = selectors.active_poll()
    voted = bool(poll and request and selectors.has_voted(request, poll))
    rows, total = selectors.results(poll) if poll and (voted or show_results) else ([], 0)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "poll": poll,
        "voted": voted,
        "show_results": voted or show_results,
        "rows": rows,
        "total": total,
        "next": request.get_full_path() if request else "",
    }
