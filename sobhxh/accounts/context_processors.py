from functools import cached_property

from . import scope


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
