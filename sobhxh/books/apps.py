from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BooksConfig(AppConfig):
    name = "sobhxh.books"
    verbose_name = _("Social insurance books")
