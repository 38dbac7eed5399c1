"""The employers of a chunk's book rows: stored ones found by code, new ones created by the
units' door (`units.services`: a name and a managing office are needed), each row's
employer checked against the area the import may write for."""

from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from sobhxh.units import services as employers
from sobhxh.units.selectors import employers_by_code

from .offices import Offices
from .rows import Row

OUTSIDE_AREA = _("This employer is managed by an office outside the area you may import for.")


class Employers:
    def __init__(self, offices: Offices, reject: Callable[[Row, str, object], None]):
        """`reject(row, field name, message)`: refuses a row of books."""
        self.offices = offices
        self.reject = reject
        self.known: dict[str, tuple[int, int]] = {}  # (id, office id) by code

    def resolve(self, accepted: list) -> list:
        """The rows (row, values) whose employer is stored or now created; the others are
        rejected."""
        codes = {v["employer_code"] for _r, v in accepted} - set(self.known)
        self.known.update(employers_by_code(codes))
        kept, new = [], {}
        for row, values in accepted:
            code = values["employer_code"]
            office_code = values["office_code"]
            if office_code and office_code not in self.offices.by_code:
                self.reject(row, "office_code", _("No office has this code."))
                continue
            # An employer's office is its own once it exists, created by an earlier row of
            # this chunk included: a row's office code only places a new employer.
            if code in self.known:
                office = self.known[code][1]
            elif code in new:
                office = new[code].office_id
            else:
                office = self.offices.by_code.get(office_code) or self.offices.default
            if office is not None and not self.offices.in_area(office):
                self.reject(row, "employer_code", OUTSIDE_AREA)
                continue
            if code not in self.known and code not in new:
                refused = employers.refusal(values["employer_name"], office)
                if refused is not None:
                    missing, message = refused
                    column = "employer_code" if missing == "name" else "office_code"
                    self.reject(row, column, message)
                    continue
                new[code] = employers.NewEmployer(code, values["employer_name"], office)
            kept.append((row, values))
        self.known.update(employers.create_employers(list(new.values())))
        return kept
