from django.conf import settings
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _

from sobhxh.units.models import Employer, Office

from .lifecycle import WAITING_STATES, Action, State, Via, WaitingReason
from .validators import validate_book_number, validate_identity_number


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Precision(models.TextChoices):
    DAY = "day", _("Day")
    MONTH = "month", _("Month")
    YEAR = "year", _("Year")


class Fund(models.TextChoices):
    BHXH = "BHXH", _("Social insurance (BHXH)")
    BHTN = "BHTN", _("Unemployment insurance (BHTN)")
    BHTNLD_BNN = "BHTNLD-BNN", _("Occupational accident insurance (BHTNLĐ-BNN)")


class Book(models.Model):
    """A worker's social insurance book; its number is the worker's social insurance number.

    `state` and `state_on` are kept by `services.transition` only: the events are the truth
    and these two columns are their latest result.
    """

    number = models.CharField(
        _("social insurance number"),
        max_length=10,
        unique=True,
        validators=[validate_book_number],
        error_messages={"unique": _("A book with this social insurance number already exists.")},
    )
    full_name = models.CharField(_("full name"), max_length=200)
    # Lower case and without diacritics, so that "nguyen van an" finds "Nguyễn Văn An".
    search_name = models.CharField(max_length=200, editable=False)
    birth_date = models.DateField(_("date of birth"))
    birth_precision = models.CharField(
        _("precision of the date of birth"),
        max_length=5,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    identity_number = models.CharField(
        _("identity number"), max_length=12, blank=True, validators=[validate_identity_number]
    )
    # No index of their own: (employer, state) and (office, state) serve them (Meta.indexes).
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="books",
        db_index=False,
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("managing office"),
        on_delete=models.PROTECT,
        related_name="books",
        db_index=False,
    )
    issued_on = models.DateField(_("issue date"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NOT_REVIEWED
    )
    state_on = models.DateField(_("date of the latest event"))
    # Why a book not yet handed over still waits; set and cleared by events only, and
    # cleared by its next move. The database default lets bulk writers leave it out.
    waiting_reason = models.CharField(
        _("waiting because"),
        max_length=12,
        choices=WaitingReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("social insurance book")
        verbose_name_plural = _("social insurance books")
        permissions = [("undo_handover", _("Can undo a handover (supervisor)"))]
        indexes = [
            models.Index(fields=["employer", "state"], name="book_employer_state"),
            models.Index(fields=["office", "state"], name="book_office_state"),
            # A name prefix is a range on search_name and a page is ordered by search_name,
            # number: one index serves the filter, the order and the keyset page.
            models.Index(fields=["search_name", "number"], name="book_search_name_number"),
        ]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("number"), 10), name="book_number_len"),
            models.CheckConstraint(
                condition=models.Q(state__in=State.values), name="book_state_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(birth_precision__in=Precision.values),
                name="book_birth_precision_valid",
            ),
            models.CheckConstraint(condition=models.Q(sex__in=Sex.values), name="book_sex_valid"),
            models.CheckConstraint(
                condition=models.Q(waiting_reason="")
                | models.Q(
                    waiting_reason__in=WaitingReason.values, state__in=sorted(WAITING_STATES)
                ),
                name="book_waiting_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.full_name}"


class Period(models.Model):
    """One contribution period of a book's statement (tờ rời): a row of quá trình đóng."""

    # No index of its own: the unique (book, fund, from month) serves it.
    book = models.ForeignKey(
        Book,
        verbose_name=_("book"),
        on_delete=models.CASCADE,
        related_name="periods",
        db_index=False,
    )
    fund = models.CharField(_("fund"), max_length=10, choices=Fund.choices, default=Fund.BHXH)
    from_month = models.DateField(_("from month"))
    to_month = models.DateField(_("to month"))
    job = models.CharField(_("job and workplace"), max_length=500, blank=True)
    wage = models.BigIntegerField(_("wage (đồng)"))
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("contribution period")
        verbose_name_plural = _("contribution periods")
        ordering = ["book", "fund", "from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["book", "fund", "from_month"], name="period_book_fund_from"
            ),
            models.CheckConstraint(
                condition=models.Q(to_month__gte=models.F("from_month")),
                name="period_to_not_before_from",
            ),
            models.CheckConstraint(
                condition=models.Q(wage__gte=0), name="period_wage_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.fund} {self.from_month:%m/%Y}–{self.to_month:%m/%Y}"


class BookEvent(models.Model):
    """One thing that happened to a book. Append-only: database triggers refuse UPDATE and
    DELETE (migration 0002), so a mistake is undone by a new event, never by an edit.

    `office` and `employer` are the book's managing office and employer after the event, so
    that history figures can be rebuilt from the events alone.
    """

    # No index of its own: (book, id) serves it (Meta.indexes).
    book = models.ForeignKey(
        Book,
        verbose_name=_("book"),
        on_delete=models.PROTECT,
        related_name="events",
        db_index=False,
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    from_state = models.CharField(_("from"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=12, choices=State.choices)
    happened_on = models.DateField(_("date"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    via = models.CharField(_("through"), max_length=8, choices=Via.choices)
    details = models.JSONField(_("details"), default=dict, blank=True)
    # The book's waiting reason after the event, so that the reasons of any past day are
    # rebuilt from the events alone, like the states.
    waiting_reason = models.CharField(
        _("waiting because"),
        max_length=12,
        choices=WaitingReason.choices,
        blank=True,
        default="",
        db_default="",
    )
    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(Employer, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("book event")
        verbose_name_plural = _("book events")
        ordering = ["book", "id"]
        indexes = [models.Index(fields=["book", "id"], name="event_book_id")]

    def __str__(self) -> str:
        return f"{self.book_id} {self.action} {self.from_state}→{self.to_state} {self.happened_on}"


class DroppedIndex(models.Model):
    """An index (or, on PostgreSQL, a foreign key) a bulk load dropped to build it again once
    at its end (`sobhxh.db.bulk.dropped_while_loading`), remembered so that a load that was
    interrupted has it built by the next one. `definition` is the statement that builds it."""

    name = models.CharField(max_length=200, primary_key=True)
    definition = models.TextField()

    def __str__(self) -> str:
        return self.name


__all__ = ["Book", "BookEvent", "DroppedIndex", "Fund", "Period", "Precision", "Sex"]
