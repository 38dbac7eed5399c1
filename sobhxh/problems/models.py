"""The problems (vướng mắc) offices and employers raise, where they are routed, their
history, their thread and their files.

- `Category`: the routing table, as data. A tree two levels deep (procedure, software,
  money, revenue and arrears, benefits, other, each with its subcategories); each category
  names the department function that answers it and its deadline in working days.
- `Problem`: one question, routed to one department at a time (`department`, at the
  province or the centre: `level`).
- `ProblemEvent`: its history, append-only (database triggers, migration 0002).
- `Message`: its thread: answers, which the raiser sees, and internal notes, which no
  employer user ever sees.
- `Attachment`: a file of the problem (or of one of its messages), stored under
  MEDIA_ROOT, never among the static files, and downloaded only through a view that asks
  `selectors.attachment_or_404`.

The rules live in `states` (the state table), `services` (every write) and `selectors`
(every read, scoped through `accounts.scope`).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sobhxh.bilingual import of_active_language
from sobhxh.books.models import Book
from sobhxh.intake.models import Upload
from sobhxh.organisation.models import Department, Function
from sobhxh.units.models import Employer, Office

from .states import Action, State


class Category(models.Model):
    """A kind of problem, the function of the departments that answer it and how many
    working days they have. Top-level categories have no parent; a subcategory's parent
    is a top-level one (two levels, checked by `clean`)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Vietnamese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    function = models.CharField(
        _("answered by the department of"), max_length=10, choices=Function.choices
    )
    deadline_days = models.PositiveSmallIntegerField(_("deadline (working days)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered for new problems"), default=True)

    class Meta:
        verbose_name = _("problem category")
        verbose_name_plural = _("problem categories")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline_days__gte=1), name="problem_category_deadline_positive"
            ),
            models.CheckConstraint(
                condition=Q(function__in=[f.value for f in Function]),
                name="problem_category_function_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.label} › {self.label}" if self.parent_id else self.label

    @property
    def label(self) -> str:
        """The name in the active language (Vietnamese when no English name is given)."""
        return of_active_language(self.name, self.name_en or self.name)

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.parent.parent_id is not None:
            raise ValidationError(
                {"parent": _("A subcategory’s parent must be a top-level category.")}
            )
        if self.pk and self.children.exists():
            raise ValidationError(
                {"parent": _("This category has subcategories: it must stay at the top level.")}
            )


class Level(models.TextChoices):
    PROVINCE = "province", _("Province")
    CENTRE = "centre", _("Centre")


class Problem(models.Model):
    """A problem raised by a user, routed to the department of its category's function.

    `office` is where it was raised from: the raiser's office, or for an employer's user the
    employer's managing office; `raiser_employer` is that employer (empty when an office
    raised it), which is what an employer's users may see. `employer` is the employer the
    problem is about, if any. `overdue` is the mark of a missed deadline, kept once set.
    """

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="problems"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="problems_raised",
    )
    office = models.ForeignKey(
        Office, verbose_name=_("raised from"), on_delete=models.PROTECT, related_name="+"
    )
    raiser_employer = models.ForeignKey(
        Employer,
        verbose_name=_("raised by the employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    books = models.ManyToManyField(
        Book, verbose_name=_("books"), blank=True, related_name="problems"
    )
    # A steering committee's decisions that point at this problem (organisation.Decision
    # stays unaware of problems: the link is the problems app's, written by
    # services.point_decision_at).
    decisions = models.ManyToManyField(
        "organisation.Decision",
        verbose_name=_("committee decisions"),
        blank=True,
        related_name="problems",
    )
    upload = models.ForeignKey(
        Upload,
        verbose_name=_("upload"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="problems",
    )
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.NEW)
    department = models.ForeignKey(
        Department,
        verbose_name=_("routed to"),
        on_delete=models.PROTECT,
        related_name="problems",
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    due_on = models.DateField(_("due on"))
    overdue = models.BooleanField(_("overdue"), default=False)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    shareable = models.BooleanField(_("shared with everyone once resolved"), default=False)
    resolution = models.OneToOneField(
        "Message",
        verbose_name=_("resolution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_in_time = models.BooleanField(_("answered in time"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("raised at"))
    updated_at = models.DateTimeField(_("updated at"))
    # Title, description and resolution, folded (`books.text.fold`): searched with or
    # without diacritics by a plain comparison, with no function applied to the column.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["department", "state", "due_on"], name="problem_inbox"),
            models.Index(fields=["office", "state"], name="problem_office_state"),
            models.Index(fields=["state", "level", "due_on"], name="problem_state_level_due"),
            models.Index(fields=["raiser_employer", "state"], name="problem_raiser_employer"),
            # The answered questions are a small part of all problems: search scans them only.
            models.Index(
                fields=["-resolved_at"],
                condition=Q(state="resolved", shareable=True),
                name="problem_answered",
            ),
            # SQLite does not use the partial index above for a query with parameters: this
            # one gives it the answered questions newest first (the page) and their count
            # from the index alone (`shareable` is tested as a bare column, so it cannot lead
            # the index). Before it, each page sorted every resolved row (bench/problems_pages.py).
            models.Index(fields=["state", "resolved_at", "shareable"], name="problem_state_shared"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="problem_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(level__in=[v.value for v in Level]), name="problem_level_valid"
            ),
            # Exactly one answer is the resolution while the problem is answered or resolved;
            # none while it waits for an answer.
            models.CheckConstraint(
                condition=(
                    Q(state__in=["answered", "resolved"], resolution__isnull=False)
                    | Q(state__in=["new", "being_handled", "reopened"], resolution__isnull=True)
                    | Q(state="closed")
                ),
                name="problem_one_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.state in {State.NEW, State.BEING_HANDLED, State.REOPENED}


class ProblemEvent(models.Model):
    """One change to a problem: who, when, what. Append-only: database triggers refuse
    UPDATE and DELETE (migration 0002). No actor is the system (`escalate_problems`)."""

    problem = models.ForeignKey(
        Problem,
        verbose_name=_("problem"),
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=14, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=14, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=14, choices=State.choices)
    from_department = models.ForeignKey(
        Department,
        verbose_name=_("from department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_department = models.ForeignKey(
        Department,
        verbose_name=_("to department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))
    note = models.TextField(_("note"), blank=True)
    # What else changed: the category (from, to codes), the due date.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("problem event")
        verbose_name_plural = _("problem events")
        ordering = ["problem", "id"]
        indexes = [models.Index(fields=["problem", "id"], name="problem_event_problem_id")]

    def __str__(self) -> str:
        return f"#{self.problem_id} {self.action} {self.from_state}→{self.to_state}"


class Message(models.Model):
    """An entry of a problem's thread."""

    class Kind(models.TextChoices):
        ANSWER = "answer", _("Answer")
        NOTE = "note", _("Internal note")

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.PROTECT, related_name="messages"
    )
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["problem", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["answer", "note"]), name="problem_message_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.problem_id} {self.kind} {self.created_at:%d/%m/%Y}"


def _stored_name(attachment: "Attachment", filename: str) -> str:
    # The stored name says nothing of the original, which is kept in `original_name`.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"problems/{timezone.localdate():%Y/%m}/{secrets.token_hex(12)}.{extension}"


class Attachment(models.Model):
    """A file sent with a problem or one of its messages, checked by `files.check` (size
    and type, from the content) before it is stored."""

    problem = models.ForeignKey(
        Problem, verbose_name=_("problem"), on_delete=models.PROTECT, related_name="attachments"
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=_stored_name, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["problem", "id"]

    def __str__(self) -> str:
        return self.original_name
