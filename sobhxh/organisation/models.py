from django.db import models
from django.utils.translation import gettext_lazy as _

from sobhxh.units.models import Office


class Function(models.TextChoices):
    """A part of the campaign some department owns (Plan 112): at the centre one department
    per function, and its counterpart in each provincial office. A problem's category will
    belong to a function, which says which department answers it."""

    BOOK_CARD = "book_card", _("Books and cards")
    IT = "it", _("Information technology")
    FINANCE = "finance", _("Finance and accounting")
    REVENUE = "revenue", _("Revenue")
    BENEFITS = "benefits", _("Social insurance benefits")


class Department(models.Model):
    """A department of the centre or of a provincial office, with the function it has in the
    campaign. Data: loaded by migration and made for each office loaded later
    (`services.create_departments`)."""

    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="departments",
    )
    function = models.CharField(_("function"), max_length=10, choices=Function.choices)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["office__code", "function"]
        constraints = [
            models.UniqueConstraint(fields=["office", "function"], name="department_per_function"),
            models.CheckConstraint(
                condition=models.Q(function__in=[f.value for f in Function]),
                name="department_function_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.office.office_name}"
