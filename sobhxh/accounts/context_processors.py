from functools import cached_property

from . import scope
from .models import Role


class Account:
    """What the site shell shows about the signed-in user, computed only when a page asks."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def role(self):
        return scope.role(self.user)

    @cached_property
    def role_label(self) -> str:
        return self.role.label if self.role else ""

    @cached_property
    def is_office(self) -> bool:
        """Staff of the centre or of an office (uploads and the registry's tools)."""
        return self.role in (Role.CENTRAL, Role.PROVINCE, Role.DISTRICT)

    @cached_property
    def employer_code(self) -> str:
        return self.home.code if self.role == Role.EMPLOYER and self.home else ""

    @cached_property
    def home(self):
        return scope.home(self.user)

    @cached_property
    def home_name(self) -> str:
        place = self.home
        if place is None:
            return ""
        return getattr(place, "office_name", None) or place.name


def account(request) -> dict:
    return {"account": Account(getattr(request, "user", None))}
