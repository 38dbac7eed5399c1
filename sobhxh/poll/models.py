from django.db import models
from django.utils.translation import gettext_lazy as _


class Poll(models.Model):
    """A question to the portal's visitors (thăm dò ý kiến). One is active at a time. Who
    voted is never stored: the voter's browser keeps a signed cookie, and each option only
    its count."""

    question = models.CharField(_("question"), max_length=300)
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=models.Q(active=True), name="poll_one_active"
            ),
        ]

    def __str__(self) -> str:
        return self.question


class Option(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    text = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    votes = models.PositiveIntegerField(_("votes"), default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text
