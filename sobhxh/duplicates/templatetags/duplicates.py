from django import template

register = template.Library()


@register.filter
def reason_labels(reasons: list[str], labels: dict[str, str]) -> list[str]:
    """A pair's reasons in words, in the order the finder gave them."""
    return [labels.get(reason, reason) for reason in reasons]
