"""The portal's menu links and number formats, for its pages and the public base template
(which the worker's pages and the questions share)."""

from django import template
from django.core.cache import cache
from wagtail.models import Page, Site

from sobhxh import formatting
from sobhxh.portal.models import PortalSettings

register = template.Library()

LINKS_KEY = "portal:links:"
CONTACTS_KEY = "portal:contacts:"
GENERATION_KEY = "portal:links:generation"
LINKS_SECONDS = 3600
# The menu's sections, found by their page type under the site's root.
MENU_TYPES = ("newsindexpage", "documentindexpage", "campaignpage")


@register.simple_tag(takes_context=True)
def portal_links(context) -> dict[str, str]:
    """{"newsindexpage": url, "documentindexpage": url, "campaignpage": url} of the live
    pages of the current site (each missing one is left out). Every public page shows
    them: kept in the cache by host name, forgotten when a page is published or
    unpublished (`portal.apps`), so that a page costs no query for its menu."""
    request = context.get("request")
    if request is None:
        return {}
    key = f"{LINKS_KEY}{cache.get_or_set(GENERATION_KEY, 0)}:{request.get_host()}"
    links = cache.get(key)
    if links is None:
        links = _menu_links(request)
        cache.set(key, links, LINKS_SECONDS)
    return links


@register.simple_tag(takes_context=True)
def portal_contacts(context) -> dict:
    """The site's contacts and slogans (PortalSettings, edited in the CMS), cached like the
    menu's links and forgotten when they are saved."""
    request = context.get("request")
    if request is None:
        return {}
    key = f"{CONTACTS_KEY}{cache.get_or_set(GENERATION_KEY, 0)}:{request.get_host()}"
    contacts = cache.get(key)
    if contacts is None:
        settings = PortalSettings.for_request(request)
        contacts = {
            "address": settings.address,
            "hotline": settings.hotline,
            "email": settings.email,
            "slogans": settings.slogan_list,
        }
        cache.set(key, contacts, LINKS_SECONDS)
    return contacts


def forget_links(created: bool = False, **_signal) -> None:
    """Every host's cached links and contacts go stale at once: the next page reads them
    again. (Settings created by reading them, with their defaults, are what was cached.)"""
    if created:
        return
    if not cache.add(GENERATION_KEY, 1):
        cache.incr(GENERATION_KEY)


def _menu_links(request) -> dict[str, str]:
    site = Site.find_for_request(request)
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
