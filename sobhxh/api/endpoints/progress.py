"""Progress of an office or an employer as of a date, read from the counters
(`progress.selectors`); the office or employer through `accounts.scope`. An office's own
employers are a list of their own, a page at a time: a district of the national registry
manages tens of thousands."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from sobhxh.accounts import scope
from sobhxh.progress.selectors import (
    employer_figures,
    managed_employer_figures,
    managed_employers,
    office_figures,
)

from ..errors import ApiError
from ..pagination import keyset_page
from ..schemas import Day, FiguresOut, FiguresPage, PageQuery, figures_out
from . import READ_ERRORS, answers

router = Router(tags=["progress"])
EARLIEST = date(1900, 1, 1)


class AsOf(Schema):
    as_of: Day | None = None
    children: bool = True


class EmployersQuery(PageQuery):
    as_of: Day | None = None


BY_CODE = ("code",)


def _day(asked: date | None) -> date:
    today = timezone.localdate()
    if asked is None:
        return today
    if asked > today:
        # The dashboard's own words for the same mistake.
        raise ApiError(
            422, _("The date cannot be after today (%(today)s).") % {"today": f"{today:%d/%m/%Y}"}
        )
    if asked < EARLIEST:
        raise ApiError(422, _("The date is too far in the past: give one from 1900 on."))
    return asked


@router.get(
    "/progress/offices/{code}",
    response=answers(FiguresOut, READ_ERRORS),
    summary="An office's figures as of a date, with the offices under it",
)
def office_progress(request, code: str, query: Query[AsOf]):
    office = scope.office_or_404(request.user, code)
    figures = office_figures(
        office, _day(query.as_of), with_children=query.children, with_employers=False
    )
    return figures_out(figures)


@router.get(
    "/progress/offices/{code}/employers",
    response=answers(FiguresPage, READ_ERRORS),
    summary="The figures of the employers an office manages itself, by code, a page at a time",
)
def office_employers_progress(request, code: str, query: Query[EmployersQuery]):
    office = scope.office_or_404(request.user, code)
    day = _day(query.as_of)
    page = keyset_page(managed_employers(office), BY_CODE, after=query.cursor, size=query.limit)
    rows = [(employer.pk, employer.code, employer.name) for employer in page.items]
    figures = managed_employer_figures(office, rows, day)
    return {"items": [{**f.as_dict(with_children=False), "kind": f.kind} for f in figures],
            "next": page.next}  # fmt: skip


@router.get(
    "/progress/employers/{code}",
    response=answers(FiguresOut, READ_ERRORS),
    summary="An employer's figures as of a date",
)
def employer_progress(request, code: str, query: Query[AsOf]):
    employer = scope.employer_or_404(request.user, code)
    return figures_out(employer_figures(employer, _day(query.as_of)))
