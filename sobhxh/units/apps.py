from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "sobhxh.units"
    verbose_name = _("Offices and employers")
