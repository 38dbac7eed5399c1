from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running a site: backups and restores, and keeping demo data out of a real database."""

    name = "sobhxh.ops"
    verbose_name = _("Operations")
