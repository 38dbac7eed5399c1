"""Money and counts as pages show them (`sobhxh.formatting`): "4.500.000 đ", "12.345"."""

from django import template

from sobhxh import formatting

register = template.Library()


@register.filter
def dong(amount):
    return formatting.money_in_dong(amount) if amount is not None else "—"


@register.filter
def count(value):
    return formatting.number(value) if value is not None else "—"


@register.filter
def pct(value):
    return f"{value:.1f}".replace(".", ",") + "%" if value is not None else "—"


@register.filter
def at(mapping, key):
    """`row.by_activity|at:activity` in a template."""
    return mapping.get(key) if mapping else None
