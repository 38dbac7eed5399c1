from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HandoverConfig(AppConfig):
    name = "sobhxh.handover"
    verbose_name = _("Review and handover")
