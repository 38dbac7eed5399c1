"""Writes of the units app. Employers are created here, by the importer today and by any
later way in, under one rule: a new employer needs a name and a managing office.
(Offices are data, loaded by migration: `offices.py`.)"""

from collections.abc import Sequence
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from .models import Employer

NO_NAME = _("Unknown employer code, and no employer name to create it with.")
NO_OFFICE = _("No managing office for the new employer: fill “Mã cơ quan BHXH” or use --office.")


class NewEmployer(NamedTuple):
    code: str
    name: str
    office_id: int | None


def refusal(name: str, office_id: int | None) -> tuple[str, object] | None:
    """Why an employer with this name and office cannot be created, as (what is missing:
    "name" or "office", the message); None when it can."""
    if not name:
        return "name", NO_NAME
    if office_id is None:
        return "office", NO_OFFICE
    return None


def create_employers(new: Sequence[NewEmployer]) -> dict[str, tuple[int, int]]:
    """Create employers, set-based; their (id, office id) by code. A caller asks `refusal`
    first, to say why row by row: one that breaks the rule here is a ValueError."""
    for item in new:
        if refusal(item.name, item.office_id) is not None:
            raise ValueError(f"employer {item.code}: {refusal(item.name, item.office_id)[1]}")
    created = Employer.objects.bulk_create(
        (Employer(code=item.code, name=item.name, office_id=item.office_id) for item in new),
        batch_size=1000,
    )
    return {employer.code: (employer.pk, employer.office_id) for employer in created}
