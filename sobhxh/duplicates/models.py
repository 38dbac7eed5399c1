"""Probable duplicate books (sổ trùng): pairs the finder proposes, what an office decided
about each, and the months a merge found paid twice."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sobhxh.books.models import Book, Fund


class Status(models.TextChoices):
    OPEN = "open", _("To review")
    SAME = "same", _("The same person")
    DIFFERENT = "different", _("Different people")
    MERGED = "merged", _("Merged")


class Reason(models.TextChoices):
    """Why two books look like one worker's: a pair's `reasons`, strongest first."""

    IDENTITY = "identity", _("Same identity number")
    NAME = "name", _("Same name")
    NAME_VARIANT = "name_variant", _("Names one letter apart")
    BIRTH = "birth", _("Same date of birth")
    BIRTH_PARTIAL = "birth_partial", _("Date of birth without its day (or month) fits")
    SEX = "sex", _("Same sex")
    EMPLOYER = "employer", _("Same employer")
    OFFICE = "office", _("Same managing office")
    PROVINCE = "province", _("Same province")


class DuplicatePair(models.Model):
    """Two books that may be one worker's, the lower id first so that a pair is stored
    once. Only `services` write it; a decided pair (any status but open) is never proposed
    again, whatever a later run finds."""

    # Neither side has a foreign key's own index: "pairs of a book" asks for either side,
    # served by the unique (book_low, book_high) and by `duplicate_book_high` (the two
    # extra indexes took 173 MB at 15 M books, 2.7 M pairs).
    book_low = models.ForeignKey(
        Book, verbose_name=_("book"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    book_high = models.ForeignKey(
        Book,
        verbose_name=_("other book"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    # Where the two books are managed (the office, and its province), as the finder last saw
    # them: the list of an office's pairs is read from these, in score order, by index
    # (`selectors.pair_ids`). A pair's own page checks the books themselves.
    office_low = models.ForeignKey(
        "units.Office", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    office_high = models.ForeignKey(
        "units.Office", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    province_low = models.ForeignKey(
        "units.Office", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    province_high = models.ForeignKey(
        "units.Office", null=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    score = models.PositiveSmallIntegerField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # The finder's run that last found the pair: an open pair a later run no longer finds
    # (its books were corrected) is withdrawn.
    run = models.PositiveIntegerField(default=0)
    found_at = models.DateTimeField(_("found"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    kept = models.ForeignKey(
        Book,
        verbose_name=_("number kept"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("probable duplicate")
        verbose_name_plural = _("probable duplicates")
        ordering = ["-score", "id"]
        indexes = [
            models.Index(fields=["book_high"], name="duplicate_book_high"),
            models.Index(fields=["status", "-score", "id"], name="duplicate_status_score_id"),
            *(
                models.Index(
                    fields=[place, "status", "-score", "id"], name=f"duplicate_{place}_score"
                )
                for place in ("office_low", "office_high", "province_low", "province_high")
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["book_low", "book_high"], name="duplicate_pair"),
            models.CheckConstraint(
                condition=Q(book_low__lt=F("book_high")), name="duplicate_pair_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="duplicate_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kept__isnull=True) | Q(status=Status.MERGED),
                name="duplicate_kept_only_merged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.book_low_id}–{self.book_high_id} ({self.score})"


class RefundMonth(models.Model):
    """Months of one fund that both books of a merged pair paid for: to be refunded."""

    pair = models.ForeignKey(
        DuplicatePair, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("pair")
    )
    fund = models.CharField(_("fund"), max_length=10, choices=Fund.choices)
    from_month = models.DateField(_("from month"))
    to_month = models.DateField(_("to month"))

    class Meta:
        verbose_name = _("month paid twice")
        verbose_name_plural = _("months paid twice")
        ordering = ["pair", "fund", "from_month"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_month__gte=F("from_month")), name="refund_to_not_before_from"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.from_month:%m/%Y}–{self.to_month:%m/%Y}"


class PlantedPair(models.Model):
    """Demo only: the pairs `demo.plant` wrote on purpose, so that the finder's precision
    and recall can be measured (bench/duplicates.py). Real data never fills it."""

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", _("One worker, two books")
        NEAR_MISS = "near_miss", _("Different workers, similar data")

    original = models.CharField(max_length=10)
    planted = models.CharField(max_length=10, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)

    def __str__(self) -> str:
        return f"{self.original}–{self.planted} {self.kind}"
