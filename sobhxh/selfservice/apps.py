from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfserviceConfig(AppConfig):
    name = "sobhxh.selfservice"
    verbose_name = _("The worker's own book")
