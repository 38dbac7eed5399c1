import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sobhxh.api.services import create_service_account, create_token


class Command(BaseCommand):
    help = _(
        "Make an API token for a user and print its secret, once: it is not kept. With "
        "--service-account, first make the user: an account with a role and a place and no "
        "password, for a partner system."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", metavar="USERNAME")
        parser.add_argument("--name", required=True, help=_("what the token is for"))
        parser.add_argument("--days", type=int, default=90, help=_("days it is valid"))
        parser.add_argument("--service-account", action="store_true")
        parser.add_argument("--role", metavar="central|province|district|employer")
        parser.add_argument("--office", metavar="CODE", help=_("code of the office"))
        parser.add_argument("--employer", metavar="CODE", help=_("code of the employer"))

    def handle(self, *args, username, name, days, service_account, role, office, employer,
               **options):  # fmt: skip
        try:
            with transaction.atomic():
                if service_account:
                    user = create_service_account(
                        username=username,
                        role=role or "",
                        office_code=office,
                        employer_code=employer,
                    )
                else:
                    user = get_user_model().objects.filter(username=username).first()
                    if user is None:
                        raise ValidationError(
                            _("There is no user “%(username)s”."), params={"username": username}
                        )
                made = create_token(user=user, name=name, days=days)
        except ValidationError as refused:
            self.stderr.write("\n".join(refused.messages))
            sys.exit(2)
        expires = timezone.localtime(made.token.expires_at)
        self.stderr.write(
            _(
                "Token “%(name)s” of %(username)s, valid until %(day)s. Its secret is below; "
                "it is shown this once and cannot be shown again."
            )
            % {"name": made.token.name, "username": user.username, "day": f"{expires:%d/%m/%Y}"}
        )
        # The secret alone on standard output, so that a script can take it.
        self.stdout.write(made.secret)
