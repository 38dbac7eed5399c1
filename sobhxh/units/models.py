from django.db import models
from django.utils.translation import gettext_lazy as _

CENTRE_CODE = "VN"


class Office(models.Model):
    """An office of the agency: the centre, a provincial office or a district office.

    Codes are the General Statistics Office codes of the office's area: two digits for a
    province, three for a district; the centre is "VN".
    """

    class Level(models.TextChoices):
        CENTRE = "centre", _("Centre")
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District")

    code = models.CharField(_("code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # The province an office belongs to (itself for a province, none for the centre): one
    # join instead of a walk up the tree when rolling figures up.
    province = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=["centre", "province", "district"]),
                name="office_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def office_name(self) -> str:
        if self.level == self.Level.CENTRE:
            return self.name
        return f"BHXH {self.name}"


class Employer(models.Model):
    """An employer (đơn vị sử dụng lao động) and the office that manages it."""

    code = models.CharField(_("employer code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=300)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # No index of its own: `employer_office_id` below serves it.
    office = models.ForeignKey(
        Office,
        verbose_name=_("managing office"),
        on_delete=models.PROTECT,
        related_name="employers",
        db_index=False,
    )

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["code"]
        indexes = [
            # An office's employers in id order, with their codes: what an office's
            # employers sorted by a figure (`progress.employer_order`) are merged with, as
            # their counters come in employer order, where hashing 34,000 of them cost more.
            models.Index(fields=["office", "id"], include=["code"], name="employer_office_id")
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"
