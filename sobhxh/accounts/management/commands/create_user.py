import getpass
import os
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sobhxh.accounts.models import Role
from sobhxh.accounts.scope import home
from sobhxh.accounts.services import create_user
from sobhxh.organisation.selectors import department_of

PASSWORD_VARIABLE = "SOBHXH_PASSWORD"


def interactive() -> bool:
    return sys.stdin.isatty()


class Command(BaseCommand):
    help = _(
        "Create a user of the web application with its role and its office or employer. "
        "The password is read from the SOBHXH_PASSWORD environment variable, or asked twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USERNAME")
        # Checked by the service rather than by argparse, whose messages are English only.
        parser.add_argument("--role", metavar="central|province|district|employer")
        parser.add_argument("--office", "--unit", metavar="CODE", help=_("code of the office"))
        parser.add_argument("--employer", metavar="CODE", help=_("code of the employer"))
        parser.add_argument(
            "--department",
            metavar="FUNCTION",
            help=_(
                "the user's department in their office (the centre's for a central user): "
                "book_card, it, finance, revenue or benefits"
            ),
        )

    def handle(self, *args, username: str, role, office, employer, department, **options):
        if not role:
            self._refuse(_("Choose a role: --role central|province|district|employer."))
        password = os.environ.get(PASSWORD_VARIABLE) or self._ask_password()
        try:
            user = create_user(
                username=username,
                password=password,
                role=role,
                office_code=office,
                employer_code=employer,
                department=department,
            )
        except ValidationError as refused:
            self._refuse("\n".join(refused.messages))
        place = home(user)
        facts = {
            "username": user.username,
            "role": Role(role).label,
            "place": getattr(place, "office_name", None) or place.name,
        }
        joined = department_of(user)
        if joined is None:
            message = _("Created the user “%(username)s”: %(role)s, %(place)s.")
        else:
            message = _("Created the user “%(username)s”: %(role)s, %(place)s, %(department)s.")
            facts["department"] = joined.name
        self.stdout.write(message % facts)

    def _ask_password(self) -> str:
        if not interactive():
            self._refuse(
                _(
                    "No terminal to ask the password on: set it in the SOBHXH_PASSWORD "
                    "environment variable."
                )
            )
        try:
            first = getpass.getpass(_("Password: "))
            second = getpass.getpass(_("Password (again): "))
        except (EOFError, KeyboardInterrupt):
            self.stderr.write("")
            self._refuse(_("Cancelled: no user was created."))
        if first != second:
            self._refuse(_("The two passwords differ: no user was created."))
        if not first:
            self._refuse(_("The password is empty: no user was created."))
        return first

    def _refuse(self, message: str):
        self.stderr.write(message)
        sys.exit(2)
