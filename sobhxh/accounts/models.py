from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.organisation.models import Department
from sobhxh.units.models import CENTRE_CODE, Employer, Office


class Role(models.TextChoices):
    CENTRAL = "central", pgettext_lazy("role", "Central")
    PROVINCE = "province", pgettext_lazy("role", "Provincial office")
    DISTRICT = "district", pgettext_lazy("role", "District office")
    EMPLOYER = "employer", pgettext_lazy("role", "Employer")


# The office level a role's office must have.
ROLE_LEVEL = {Role.PROVINCE: Office.Level.PROVINCE, Role.DISTRICT: Office.Level.DISTRICT}

NO_DEPARTMENT_FOR_ROLE = _(
    "Only a central or provincial user belongs to a department: give no department."
)


def department_office_code(role: str, office: Office | None) -> str | None:
    """The code of the office whose departments a user of this role and office may belong
    to: the centre's for a central user, their own office's for a province user, none for
    district and employer users. The one statement of the rule (`Profile.clean` and
    `services.create_user` both ask it)."""
    if role == Role.CENTRAL:
        return CENTRE_CODE
    if role == Role.PROVINCE and office is not None:
        return office.code
    return None


class Profile(models.Model):
    """What a user is in the campaign: their role and the office or employer it applies to,
    and for a central or provincial user the department they work in, if any.

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
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
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
            models.CheckConstraint(
                condition=Q(department__isnull=True) | Q(role__in=[Role.CENTRAL, Role.PROVINCE]),
                name="profile_department_for_staff",
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
        if self.department_id is None:
            return
        home = department_office_code(self.role, self.office if self.office_id else None)
        if home is None:
            raise ValidationError({"department": NO_DEPARTMENT_FOR_ROLE})
        if self.department.office.code != home:
            raise ValidationError(
                {"department": _("This department is not one of the user’s office.")}
            )
