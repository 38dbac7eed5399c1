from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.units.models import Office


class Upload(models.Model):
    """A book file sent from the browser and imported by a background job (`tasks.py`).

    Paths are relative to the media folder, so the folder can move with its files.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("upload", "Waiting")
        RUNNING = "running", pgettext_lazy("upload", "Importing")
        DONE = "done", pgettext_lazy("upload", "Done")
        REFUSED = "refused", pgettext_lazy("upload", "File refused")
        FAILED = "failed", pgettext_lazy("upload", "Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="uploads",
    )
    # The office the upload was made for, which manages new employers the file gives no
    # office for; none for a central upload that named none.
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_names = models.JSONField(_("file names"), default=list)
    files = models.JSONField(_("stored files"), default=list)
    dry_run = models.BooleanField(_("dry run"), default=False)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    rows_total = models.PositiveBigIntegerField(_("rows in the file"), null=True, blank=True)
    rows_done = models.PositiveBigIntegerField(_("rows read"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    summary = models.JSONField(_("summary"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    message_en = models.TextField(_("message in English"), blank=True)
    report = models.CharField(_("error report"), max_length=500, blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # The process that runs the job (`sobhxh.workers.this_worker`), to tell when it has died.
    worker = models.CharField(_("worker process"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["user", "-id"], name="intake_upload_user_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "running", "done", "refused", "failed"]),
                name="intake_upload_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk}: {', '.join(self.file_names)}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REFUSED, self.Status.FAILED}

    @property
    def pruned(self) -> bool:
        """Whether its files and error report were deleted (`tasks.prune_uploads`)."""
        return self.is_finished and not self.files

    @property
    def rejected(self) -> int:
        if not self.summary:
            return 0
        return self.summary["books"]["rejected"] + self.summary["periods"]["rejected"]
