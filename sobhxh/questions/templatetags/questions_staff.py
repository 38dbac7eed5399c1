from django import template

from sobhxh.questions import selectors

register = template.Library()
SHOWN = 10


@register.inclusion_tag("questions/_waiting.html", takes_context=True)
def questions_waiting(context):
    """For the department's to-do: the public's questions waiting for its answer, oldest
    first. Nothing for a user who answers none."""
    user = context.get("user")
    if user is None or not selectors.may_answer(user):
        return {"show": False}
    waiting = selectors.staff_list(user, waiting=True)
    return {"show": True, "questions": waiting[:SHOWN], "count": waiting.count()}


@register.inclusion_tag("questions/_menu_link.html", takes_context=True)
def questions_menu_link(context):
    """The staff menu's "Questions" item, for the users who answer them."""
    user = context.get("user")
    request = context.get("request")
    shown = user is not None and user.is_authenticated and selectors.may_answer(user)
    match = getattr(request, "resolver_match", None)
    return {"show": shown, "current": bool(match and match.app_name == "questions_staff")}
