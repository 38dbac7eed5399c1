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
