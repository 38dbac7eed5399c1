from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.organisation.models import Department, Function


class Topic(models.TextChoices):
    """What a question is about, as the asker chooses it; each topic belongs to the central
    department that owns that part of the campaign (DOMAIN.md, "The campaign")."""

    BOOK = "book", _("Social insurance book: review, correction, handover")
    REVENUE = "revenue", _("Contributions and arrears")
    BENEFITS = "benefits", _("Social insurance benefits")
    ONLINE = "online", _("Online services and looking up your book")
    MONEY = "money", _("Fees and postage of books")


TOPIC_FUNCTION = {
    Topic.BOOK: Function.BOOK_CARD,
    Topic.REVENUE: Function.REVENUE,
    Topic.BENEFITS: Function.BENEFITS,
    Topic.ONLINE: Function.IT,
    Topic.MONEY: Function.FINANCE,
}


class Question(models.Model):
    """A question from the public (hỏi đáp), answered by the central department that owns its
    topic. The asker reads it back with its reference; once answered, the department may
    publish it, under the asker's initials only. `name` and `contact` are never shown in
    public."""

    reference = models.CharField(_("reference"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    initials = models.CharField(_("initials"), max_length=20)
    contact = models.CharField(_("phone or email"), max_length=100)
    topic = models.CharField(_("topic"), max_length=10, choices=Topic.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="public_questions",
    )
    text = models.TextField(_("question"))
    public_text = models.TextField(
        _("question as published"),
        help_text=_("The question as the public list shows it: remove any personal detail."),
    )
    asked_at = models.DateTimeField(_("asked at"), db_index=True)
    answer = models.TextField(pgettext_lazy("question", "answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    # Folded (lower case, no diacritics) public text and answer, with a space at each end:
    # what the public search compares; kept by `services`.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("public question")
        verbose_name_plural = _("public questions")
        ordering = ["-asked_at"]
        indexes = [
            models.Index(fields=["department", "answered_at"], name="question_department"),
            models.Index(fields=["published_at"], name="question_published"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(answered_at__isnull=False),
                name="question_published_only_answered",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None
