from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

USERNAME = "demo"
PASSWORD = "demo-112"


class Command(BaseCommand):
    help = _(
        "Create the demo central user (a superuser) if it does not exist, and print its login."
    )

    def handle(self, *args, **options):
        users = get_user_model()
        if not users.objects.filter(username=USERNAME).exists():
            users.objects.create_superuser(
                username=USERNAME, password=PASSWORD, first_name="Trung ương", last_name="Demo"
            )
        self.stdout.write(
            _("Demo central user: %(username)s / password: %(password)s")
            % {"username": USERNAME, "password": PASSWORD}
        )
