"""Writes of the accounts app: creating users with their role and place."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from sobhxh.organisation.models import Department, Function
from sobhxh.organisation.selectors import department_in
from sobhxh.units.models import Employer, Office

from .models import NO_DEPARTMENT_FOR_ROLE, Profile, Role, department_office_code


def create_user(
    *,
    username: str,
    password: str,
    role: str,
    office_code: str | None = None,
    employer_code: str | None = None,
    department: str | None = None,
    first_name: str = "",
    last_name: str = "",
    is_superuser: bool = False,
):
    """Create a user and its profile, or raise ValidationError with a message for people.

    The office must match the role: a provincial office for a province user, a district
    office for a district user; an employer user gets an employer and no office.
    """
    users = get_user_model()
    username = (username or "").strip()
    if not username:
        raise ValidationError(_("Give a user name."), code="username")
    if users.objects.filter(username=username).exists():
        raise ValidationError(
            _("The user name “%(username)s” is already taken."),
            code="username_taken",
            params={"username": username},
        )
    role = _role(role)
    office, employer = _place(role=role, office_code=office_code, employer_code=employer_code)
    department = _department(role=role, office=office, function=department)
    user = users(username=username, first_name=first_name, last_name=last_name)
    user.username = users.normalize_username(username)
    user.full_clean(exclude=["password"], validate_unique=False)
    validate_password(password, user)
    user.set_password(password)
    if is_superuser:
        user.is_staff = user.is_superuser = True
    with transaction.atomic():
        user.save()
        Profile.objects.create(
            user=user, role=role, office=office, employer=employer, department=department
        )
    return user


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError(
            _("Unknown role “%(role)s”: choose central, province, district or employer."),
            code="role",
            params={"role": value or ""},
        ) from None


def _place(
    *, role: Role, office_code: str | None, employer_code: str | None
) -> tuple[Office | None, Employer | None]:
    office_code = (office_code or "").strip()
    employer_code = (employer_code or "").strip()
    if role == Role.CENTRAL:
        if office_code or employer_code:
            raise ValidationError(
                _("A central user belongs to no office and no employer: give neither code."),
                code="central_place",
            )
        return None, None
    if role == Role.EMPLOYER:
        if office_code:
            raise ValidationError(
                _("An employer user belongs to its employer only: give no office code."),
                code="employer_office",
            )
        if not employer_code:
            raise ValidationError(
                _("An employer user needs the code of its employer."), code="employer_missing"
            )
        employer = Employer.objects.filter(code=employer_code).first()
        if employer is None:
            raise ValidationError(
                _("No employer has the code “%(code)s”."),
                code="employer_unknown",
                params={"code": employer_code},
            )
        return None, employer
    return _office(role=role, office_code=office_code, employer_code=employer_code), None


def _office(*, role: Role, office_code: str, employer_code: str) -> Office:
    if role == Role.PROVINCE:
        wanted = _("A province user needs the code of a provincial office (2 digits, e.g. 79).")
        level = Office.Level.PROVINCE
    else:
        wanted = _("A district user needs the code of a district office (3 digits, e.g. 760).")
        level = Office.Level.DISTRICT
    if employer_code:
        raise ValidationError(
            _("An office user belongs to an office, not to an employer: give no employer code."),
            code="office_employer",
        )
    if not office_code:
        raise ValidationError(wanted, code="office_missing")
    office = Office.objects.filter(code=office_code).first()
    if office is None:
        raise ValidationError(
            _("No office has the code “%(code)s”."),
            code="office_unknown",
            params={"code": office_code},
        )
    if office.level != level:
        raise ValidationError(
            _("“%(code)s” is %(office)s, which does not fit this role. %(wanted)s"),
            code="office_level",
            params={"code": office_code, "office": office.office_name, "wanted": wanted},
        )
    return office


def _department(*, role: Role, office: Office | None, function: str | None) -> Department | None:
    function = (function or "").strip()
    if not function:
        return None
    home = department_office_code(role, office)
    if home is None:
        raise ValidationError(NO_DEPARTMENT_FOR_ROLE, code="department_role")
    if function not in Function.values:
        raise ValidationError(
            _(
                "Unknown department “%(department)s”: choose book_card, it, finance, revenue "
                "or benefits."
            ),
            code="department_unknown",
            params={"department": function},
        )
    office = office or Office.objects.get(code=home)
    found = department_in(office, function)
    if found is None:
        raise ValidationError(
            _("%(office)s has no department for “%(function)s”."),
            code="department_missing",
            params={"office": office.office_name, "function": Function(function).label},
        )
    return found
