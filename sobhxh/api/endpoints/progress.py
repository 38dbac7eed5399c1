"""Progress of an office or an employer as of a date, read from the counters
(`progress.selectors`); the office or employer through `accounts.scope`."""

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from sobhxh.accounts import scope
from sobhxh.progress.selectors import employer_figures, office_figures

from ..errors import ApiError
from ..schemas import Day, FiguresOut, figures_out
from . import READ_ERRORS, answers

router = Router(tags=["progress"])
EARLIEST = date(1900, 1, 1)


class AsOf(Schema):
    as_of: Day | None = None
    children: bool = True


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
    summary="An office's figures as of a date, with its offices and employers below",
)
def office_progress(request, code: str, query: Query[AsOf]):
    office = scope.office_or_404(request.user, code)
    return figures_out(office_figures(office, _day(query.as_of), with_children=query.children))


@router.get(
    "/progress/employers/{code}",
    response=answers(FiguresOut, READ_ERRORS),
    summary="An employer's figures as of a date",
)
def employer_progress(request, code: str, query: Query[AsOf]):
    employer = scope.employer_or_404(request.user, code)
    return figures_out(employer_figures(employer, _day(query.as_of)))
