"""Who looked at whose data: one row per page, search or download that served personal
data (names, dates of birth, identity numbers, wages), kept `ACCESS_LOG_DAYS` days.

Rows are only ever added (a database trigger refuses an UPDATE, see `triggers`); the
`prune_access_log` command deletes those past the retention period."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PATH_LENGTH = 1000


class Access(models.Model):
    class Action(models.TextChoices):
        BOOK_VIEW = "book_view", pgettext_lazy("access", "Viewed a book")
        SEARCH = "search", pgettext_lazy("access", "Searched")
        LIST = "list", pgettext_lazy("access", "Viewed a list of workers")
        DOWNLOAD = "download", pgettext_lazy("access", "Downloaded")
        # A worker on the public lookup pages (`selfservice`): no user, a coarse origin.
        LOOKUP = "lookup", pgettext_lazy("access", "A worker looked up a book")
        WORKER_ACT = "worker_act", pgettext_lazy("access", "A worker answered for their book")

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # The book numbers served, separated by spaces: a number is found with `contains`,
    # and a 10-digit number can only match a whole one.
    numbers = models.TextField(_("book numbers"), blank=True)
    # What else says what was served: the search asked, the document and its scope.
    details = models.JSONField(_("details"), default=dict, blank=True)
    path = models.CharField(_("page address"), max_length=PATH_LENGTH)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.user_id} {self.action} {self.path}"

    @property
    def number_list(self) -> list[str]:
        return self.numbers.split()
