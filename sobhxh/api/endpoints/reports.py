"""Monthly reports: the submitted versions of the offices the user may see."""

from ninja import Field, Query, Router

from .. import selectors
from ..pagination import keyset_page
from ..schemas import Day, PageQuery, ReportOut, ReportPage, report_out
from . import READ_ERRORS, answers

router = Router(tags=["reports"])
NEWEST_FIRST = ("-id",)


class ReportQuery(PageQuery):
    office: str = Field("", max_length=20, description="An office code")
    month: Day | None = Field(None, description="Any day of the month")


@router.get("/reports", response=answers(ReportPage, READ_ERRORS), summary="Submitted reports")
def list_reports(request, query: Query[ReportQuery]):
    reports = selectors.reports_of(request.user, office_code=query.office, month=query.month)
    page = keyset_page(reports, NEWEST_FIRST, after=query.cursor, size=query.limit)
    return {"items": [report_out(report) for report in page.items], "next": page.next}


@router.get("/reports/{report_id}", response=answers(ReportOut, READ_ERRORS), summary="One report")
def read_report(request, report_id: int):
    return report_out(selectors.report_or_404(request.user, report_id), full=True)
