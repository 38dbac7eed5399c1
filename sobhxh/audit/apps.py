from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sobhxh.audit"
    verbose_name = _("Access to personal data")
