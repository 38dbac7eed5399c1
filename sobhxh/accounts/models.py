from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.units.models import Employer, Office


class Role(models.TextChoices):
    CENTRAL = "central", pgettext_lazy("role", "Central")
    PROVINCE = "province", pgettext_lazy("role", "Provincial office")
    DISTRICT = "district", pgettext_lazy("role", "District office")
    EMPLOYER = "employer", pgettext_lazy("role", "Employer")


# The office level a role's office must have.
ROLE_LEVEL = {Role.PROVINCE: Office.Level.PROVINCE, Role.DISTRICT: Office.Level.DISTRICT}


class Profile(models.Model):
    """What a user is in the campaign: their role and the office or employer it applies to.

    A user without a profile sees nothing (superusers excepted, who count as central);
    `accounts.scope` turns a profile into what its user may see.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="profile",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    office = models.ForeignKey(
        Office,
        verbose_name=_("office"),
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
        related_name="+",
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role=Role.CENTRAL, office__isnull=True, employer__isnull=True)
                    | Q(
                        role__in=[Role.PROVINCE, Role.DISTRICT],
                        office__isnull=False,
                        employer__isnull=True,
                    )
                    | Q(role=Role.EMPLOYER, office__isnull=True, employer__isnull=False)
                ),
                name="profile_role_matches_place",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"

    def clean(self) -> None:
        # The database checks that a place is given; only Python can check its level.
        wanted = ROLE_LEVEL.get(self.role)
        if wanted and self.office_id and self.office.level != wanted:
            message = _("This role needs an office of level “%(level)s”.")
            raise ValidationError(
                {"office": ValidationError(message, params={"level": Office.Level(wanted).label})}
            )
