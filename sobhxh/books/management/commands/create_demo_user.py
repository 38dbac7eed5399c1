from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sobhxh.accounts.demo import PASSWORD, PROVINCE_CODE, USERNAME, demo_places, ensure_demo_users
from sobhxh.accounts.scope import home, role
from sobhxh.ops.demo import real_data
from sobhxh.organisation.selectors import department_of
from sobhxh.selfservice.selectors import demo_example


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
        others = list(demo_places())
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
        users = ensure_demo_users()
        self.stdout.write(_("Demo users (password: %(password)s):") % {"password": PASSWORD})
        width = max(len(user.username) for user in users)
        for user in users:
            user_role = role(user)
            department = department_of(user)
            self.stdout.write(
                f"  {user.username:<{width}}  {user_role.label if user_role else '—'}: "
                f"{_place_name(home(user))}" + (f", {department.name}" if department else "")
            )
        example = demo_example()
        if example:
            number, birth = example
            self.stdout.write(
                _(
                    "A worker's own book at /tra-cuu/: number %(number)s, date of birth "
                    "%(birth)s (in review: it can be confirmed or disputed)."
                )
                % {"number": number, "birth": f"{birth:%d/%m/%Y}"}
            )
        if not any(user.username == "demo-donvi" for user in users):
            self.stdout.write(
                _("No employer in province %(code)s yet, so no demo employer user.")
                % {"code": PROVINCE_CODE}
            )


def _place_name(place) -> str:
    if place is None:
        return "—"
    name = getattr(place, "office_name", None) or place.name
    return f"{name} ({place.code})"
