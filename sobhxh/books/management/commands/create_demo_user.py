from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.utils.translation import gettext as _

from sobhxh.accounts.models import Profile, Role
from sobhxh.accounts.scope import home, role
from sobhxh.accounts.services import create_user
from sobhxh.ops.demo import real_data
from sobhxh.organisation.models import Function
from sobhxh.organisation.selectors import department_in, department_of
from sobhxh.units.models import CENTRE_CODE, Employer, Office

USERNAME = "demo"
PASSWORD = "demo-112"
PROVINCE_CODE = "79"  # Hồ Chí Minh: the most books in the demo data
DEPARTMENT = Function.BOOK_CARD  # the central and provincial demo users work on books


class Command(BaseCommand):
    help = _(
        "Create the demo users if they do not exist (central, a province, a district, an "
        "employer; all with the password demo-112), and print their logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help=_("create them even though the database holds real data"),
        )

    def handle(self, *args, force: bool, **options):
        others = list(_others())
        wanted = [USERNAME, *(username for username, _role, _place in others)]
        missing = get_user_model().objects.filter(username__in=wanted).count() < len(wanted)
        if missing and not force and (real := real_data()):
            raise CommandError(
                _(
                    "This database holds real data (%(what)s): no demo user, whose password "
                    "everyone knows, is added to it. Add --force if you are sure."
                )
                % {"what": real}
            )
        users = [_central()]
        users += [_ensure(username, kind, place) for username, kind, place in others]
        self.stdout.write(_("Demo users (password: %(password)s):") % {"password": PASSWORD})
        width = max(len(user.username) for user in users)
        for user in users:
            user_role = role(user)
            department = department_of(user)
            self.stdout.write(
                f"  {user.username:<{width}}  {user_role.label if user_role else '—'}: "
                f"{_place_name(home(user))}" + (f", {department.name}" if department else "")
            )
        if not any(user.username == "demo-donvi" for user in users):
            self.stdout.write(
                _("No employer in province %(code)s yet, so no demo employer user.")
                % {"code": PROVINCE_CODE}
            )


def _central():
    users = get_user_model()
    user = users.objects.filter(username=USERNAME).first()
    if user is None:
        return create_user(
            username=USERNAME,
            password=PASSWORD,
            role=Role.CENTRAL,
            department=DEPARTMENT,
            first_name="Trung ương",
            last_name="Demo",
            is_superuser=True,
        )
    # A demo database made before roles existed has the user without a profile.
    centre = Office.objects.get(code=CENTRE_CODE)
    Profile.objects.get_or_create(
        user=user,
        defaults={"role": Role.CENTRAL, "department": department_in(centre, DEPARTMENT)},
    )
    return user


def _others():
    province = Office.objects.get(code=PROVINCE_CODE)
    yield "demo-tinh", Role.PROVINCE, province
    district = (
        Office.objects.filter(province=province, level=Office.Level.DISTRICT)
        .annotate(employer_count=Count("employers"))
        .order_by("-employer_count", "code")
        .first()
    )
    if district is not None:
        yield "demo-huyen", Role.DISTRICT, district
    employer = (
        Employer.objects.filter(office__province=province)
        .annotate(book_count=Count("books"))
        .order_by("-book_count", "code")
        .first()
    )
    if employer is not None:
        yield "demo-donvi", Role.EMPLOYER, employer


def _ensure(username: str, role: Role, place: Office | Employer):
    user = get_user_model().objects.filter(username=username).first()
    if user is not None:
        return user  # already there, keeping the place it was given
    if role == Role.EMPLOYER:
        return create_user(
            username=username, password=PASSWORD, role=role, employer_code=place.code
        )
    department = DEPARTMENT if role == Role.PROVINCE else None
    return create_user(
        username=username,
        password=PASSWORD,
        role=role,
        office_code=place.code,
        department=department,
    )


def _place_name(place) -> str:
    if place is None:
        return "—"
    name = getattr(place, "office_name", None) or place.name
    return f"{name} ({place.code})"
