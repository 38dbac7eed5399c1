from django import template

from sobhxh.visits import selectors

register = template.Library()


@register.inclusion_tag("visits/stats.html")
def visit_stats():
    """`{% load visits %}{% visit_stats %}`: online now, visits today and in total, page
    views."""
    return {"stats": selectors.stats()}
