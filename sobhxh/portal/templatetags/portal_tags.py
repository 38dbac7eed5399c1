"""The portal's menu links and number formats, for its pages and the public base template
(which the worker's pages and the questions share)."""

from django import template
from wagtail.models import Page, Site

from sobhxh import formatting

register = template.Library()

# The menu's sections, found by their page type under the site's root.
MENU_TYPES = ("newsindexpage", "documentindexpage", "campaignpage")


@register.simple_tag(takes_context=True)
def portal_links(context) -> dict[str, str]:
    """{"newsindexpage": url, "documentindexpage": url, "campaignpage": url} of the live
    pages of the current site (each missing one is left out)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {}
    pages = (
        Page.objects.live()
        .child_of(site.root_page)
        .filter(content_type__app_label="portal", content_type__model__in=MENU_TYPES)
        .select_related("content_type")
        .order_by("path")
    )
    links: dict[str, str] = {}
    for page in pages:
        links.setdefault(page.content_type.model, page.get_url(request))
    return links


@register.filter
def count(value):
    """12345 -> "12.345"; "—" when unknown."""
    return formatting.number(value) if value is not None else "—"


@register.filter
def pct(value):
    """Decimal("43.50") -> "43,5%"; "—" when unknown (nothing due)."""
    return formatting.percent(value) if value is not None else "—"


@register.filter
def svg_number(value):
    """A percentage as an SVG coordinate between 0 and 100 ("43.5"), whatever the language."""
    if value is None:
        return "0"
    return f"{max(0, min(100, float(value))):g}"


@register.filter
def is_current(url, request):
    """The menu link of the page being shown (or a page under it, but for the home)."""
    if not url or request is None:
        return False
    path = request.path
    return path == url if url == "/" else path.startswith(url)
