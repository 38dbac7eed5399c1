from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "sobhxh.intake"
    verbose_name = _("Import and export")
