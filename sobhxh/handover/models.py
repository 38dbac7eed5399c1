"""Review rounds and handover batches: the paperwork of the work at an employer.

These rows record which books a round or a batch holds; the books' states move only
through `books.services` (DESIGN.md invariant 1).

A returned answer list is read by a background job (`tasks.py`); its row holds what the
job found, for the page that shows it.

Numbers follow the official way of numbering documents: a serial that starts again at 1
each year, per office. A round reads "12/2017"; a batch is numbered as its minutes
(biên bản) are, "35/BB-BHXH", the year being in the document's date.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.books.lifecycle import Receiver
from sobhxh.books.models import Book
from sobhxh.units.models import Employer, Office

BATCH_NUMBER_SUFFIX = "BB-BHXH"


class NumberedPaper(models.Model):
    """What a round and a batch share: the employer and office they belong to, their
    number (a serial per office and year) and who made them, when."""

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class ReviewRound(NumberedPaper):
    """Statements printed for a set of an employer's books and given to the workers to check."""

    started_on = models.DateField(_("started on"))
    books = models.ManyToManyField(Book, through="ReviewRoundBook", related_name="+")

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "serial"], name="review_round_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.started_on:%d/%m/%Y}"

    @property
    def number(self) -> str:
        return f"{self.serial}/{self.year}"


class ReviewRoundBook(models.Model):
    round = models.ForeignKey(
        ReviewRound, verbose_name=_("review round"), on_delete=models.CASCADE, related_name="lines"
    )
    book = models.ForeignKey(
        Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("book of a review round")
        verbose_name_plural = _("books of a review round")
        constraints = [
            models.UniqueConstraint(fields=["round", "book"], name="review_round_book_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.book_id}"


class HandoverBatch(NumberedPaper):
    """Confirmed books listed for one handover session at an employer: the handover list
    (danh sách bàn giao) and the minutes (biên bản bàn giao) are printed from it."""

    handed_on = models.DateField(_("date of the handover session"))

    class Meta:
        verbose_name = _("handover batch")
        verbose_name_plural = _("handover batches")
        ordering = ["-handed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "year", "serial"], name="handover_batch_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.handed_on:%d/%m/%Y}"

    @property
    def number(self) -> str:
        return f"{self.serial}/{BATCH_NUMBER_SUFFIX}"


class HandoverLine(models.Model):
    """One book of a batch, and its receipt once the worker (or an authorised person) has
    signed for it."""

    batch = models.ForeignKey(
        HandoverBatch,
        verbose_name=_("handover batch"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    book = models.ForeignKey(
        Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveIntegerField(_("no."))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    receiver = models.CharField(
        _("received by"), max_length=10, choices=Receiver.choices, blank=True
    )
    receiver_name = models.CharField(_("name of the authorised person"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("line of a handover batch")
        verbose_name_plural = _("lines of a handover batch")
        ordering = ["batch", "order"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "book"], name="handover_line_book_unique"),
            models.UniqueConstraint(fields=["batch", "order"], name="handover_line_order_unique"),
            models.CheckConstraint(
                condition=(
                    models.Q(received_on__isnull=True, receiver="", receiver_name="")
                    | models.Q(
                        received_on__isnull=False, receiver=Receiver.WORKER, receiver_name=""
                    )
                    | (
                        models.Q(received_on__isnull=False, receiver=Receiver.AUTHORISED)
                        & ~models.Q(receiver_name="")
                    )
                ),
                name="handover_line_receipt_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id} #{self.order}"


class ReturnedListUpload(models.Model):
    """A returned answer list sent from the browser, read and recorded by a background job
    (`tasks.read_returned_list`). The path of the stored file is relative to the media folder.

    `outcome` is what was recorded: `sheet`, `confirmed` and `disputed` counts, `problems`
    (row, number, column, reason) and `unanswered` ([row, number]), the reasons in the
    `language` of the user who sent the file. A refusal or failure says why in `message`
    (Vietnamese) and `message_en`.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("returned list", "Waiting")
        RUNNING = "running", pgettext_lazy("returned list", "Reading")
        DONE = "done", pgettext_lazy("returned list", "Done")
        REFUSED = "refused", pgettext_lazy("returned list", "File refused")
        FAILED = "failed", pgettext_lazy("returned list", "Failed")

    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    on = models.DateField(_("date of the answers"))
    file_name = models.CharField(_("file name"), max_length=255)
    file = models.CharField(_("stored file"), max_length=500)
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.JSONField(_("outcome"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    message_en = models.TextField(_("message in English"), blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    worker = models.CharField(_("worker"), max_length=200, blank=True)  # sobhxh.workers

    class Meta:
        verbose_name = _("returned answer list")
        verbose_name_plural = _("returned answer lists")
        ordering = ["-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "refused", "failed"]),
                name="handover_returned_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {self.file_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED, self.Status.FAILED}
