from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "sobhxh.portal"
    verbose_name = _("The public portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from .models import PortalSettings
        from .templatetags.portal_tags import forget_links

        # The menu's links are cached (portal_tags.portal_links): forget them when the
        # pages they point at change.
        page_published.connect(forget_links, dispatch_uid="portal-links-published")
        page_unpublished.connect(forget_links, dispatch_uid="portal-links-unpublished")
        post_page_move.connect(forget_links, dispatch_uid="portal-links-moved")
        post_delete.connect(forget_links, sender=Page, dispatch_uid="portal-links-deleted")
        post_save.connect(forget_links, sender=PortalSettings, dispatch_uid="portal-contacts")
