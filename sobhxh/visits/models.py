from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyVisits(models.Model):
    """The portal's visits and page views of one past day, moved here from the cache
    (`services.flush`). Counts only: nothing about any visitor."""

    day = models.DateField(_("day"), unique=True)
    visits = models.PositiveIntegerField(_("visits"), default=0)
    page_views = models.PositiveIntegerField(_("page views"), default=0)

    class Meta:
        verbose_name = _("daily visits")
        verbose_name_plural = _("daily visits")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.visits} / {self.page_views}"
