"""The offices an import knows: each by its code, the one its rows fall back on, and the
area it may write for (a user's scope, DESIGN.md invariant 3)."""

from django.utils.translation import gettext_lazy as _

from sobhxh.units.models import Office

from .errors import UnusableFile


class Offices:
    def __init__(self, *, default_code: str | None, within: Office | None):
        """`default_code`: the office that manages a new employer whose row names none (the
        command's `--office`). `within`: the office whose area the import is limited to; rows
        of books or employers managed elsewhere are rejected. None: the whole country."""
        self.by_code = dict(Office.objects.exclude(level="centre").values_list("code", "pk"))
        self.default = None
        if default_code:
            if default_code not in self.by_code:
                raise UnusableFile(_("No office has the code “%(code)s”."), code=default_code)
            self.default = self.by_code[default_code]
        self.area = _area(within)

    def in_area(self, office_id: int | None) -> bool:
        return self.area is None or office_id in self.area


def _area(office: Office | None) -> set[int] | None:
    """The ids of the offices an import limited to `office` may write for."""
    if office is None or office.level == Office.Level.CENTRE:
        return None
    if office.level == Office.Level.PROVINCE:
        return set(Office.objects.filter(province_id=office.pk).values_list("pk", flat=True))
    return {office.pk}
