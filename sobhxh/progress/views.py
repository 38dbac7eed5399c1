"""The dashboard: where the campaign stands in an office or at an employer, on a date.

Every page starts from the scoping door (`accounts.scope`) and reads counters and daily
deltas only (`selectors`), so its cost depends on the number of rows shown and of
months, never on the number of books.
"""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.accounts import scope
from sobhxh.books.forms import ArrearsForm
from sobhxh.books.lifecycle import Action, State, WaitingReason
from sobhxh.books.selectors import role_may
from sobhxh.units.models import CENTRE_CODE, Employer, Office

from . import exports
from .charts import chart_rows, handed_over_chart
from .employer_order import employers_in_order
from .selectors import (
    Figures,
    default_campaign,
    employer_figures,
    employer_waiting_totals,
    handed_over_history,
    managed_employer_figures,
    office_figures,
    office_waiting_totals,
)
from .targets import load_schedule

EMPLOYERS_PER_PAGE = 50
# Books due and not yet handed over, in the order they move.
OPEN_STATES = (State.NOT_REVIEWED, State.IN_REVIEW, State.DISPUTED, State.CONFIRMED)
EARLIEST_YEAR = 1900


class AsOfForm(forms.Form):
    as_of = forms.DateField(
        label=pgettext_lazy("dashboard", "As of"),
        required=False,
        # dd/mm/yyyy as offices write it; yyyy-mm-dd is what a browser's date picker sends.
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"}
        ),
        help_text=_("Day/month/year, for example 31/12/2017"),
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy, for example 31/12/2017.")},
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day is None:
            return None
        if day.year < EARLIEST_YEAR:
            raise forms.ValidationError(self.fields["as_of"].error_messages["invalid"])
        if day > timezone.localdate():
            raise forms.ValidationError(
                _("The date cannot be after today (%(today)s).")
                % {"today": f"{timezone.localdate():%d/%m/%Y}"}
            )
        return day


@dataclass(frozen=True)
class Sort:
    key: str = "code"
    descending: bool = False

    @classmethod
    def from_request(cls, request) -> "Sort":
        key = request.GET.get("sort", "code")
        if key not in exports.BY_KEY:
            key = "code"
        return cls(key, request.GET.get("dir") == "desc")

    def headers(self) -> list[dict]:
        """Each column's label, aria-sort and the query that sorts by it (the current
        column's link turns the order round)."""
        headers = []
        for column in exports.COLUMNS:
            current = column.key == self.key
            descending = not self.descending if current else False
            headers.append(
                {
                    "key": column.key,
                    "label": column.label,
                    "numeric": column.numeric,
                    "aria_sort": ("descending" if self.descending else "ascending")
                    if current
                    else "",
                    "sort": column.key,
                    "dir": "desc" if descending else "asc",
                }
            )
        return headers

    def apply(self, rows: list[Figures]) -> list[Figures]:
        return exports.sort_rows(rows, key=self.key, descending=self.descending)


@dataclass(frozen=True)
class Row:
    """A table row, formatted once here: a national page shows hundreds of numbers, and
    Django's filters would cost more than reading them."""

    figures: Figures
    url: str
    counts: list[str]
    percent: str
    width: str  # CSS, so never localised
    target: str
    target_left: str


def table_rows(rows, *, as_of_query: str) -> list[Row]:
    thousands = formats.get_format("THOUSAND_SEPARATOR")
    decimal = formats.get_format("DECIMAL_SEPARATOR")
    made = []
    for f in rows:
        name = "progress:employer" if f.kind == "employer" else "progress:office"
        target = f.target_percent
        made.append(
            Row(
                figures=f,
                url=reverse(name, args=[f.code]) + as_of_query,
                counts=[f"{c.value(f):,}".replace(",", thousands) for c in exports.COUNTS],
                percent="–" if f.percent is None else f"{f.percent:.2f}".replace(".", decimal),
                width=str(f.percent or 0),
                target="–" if target is None else floatformat(target, -2),
                target_left="" if target is None else str(target),
            )
        )
    return made


@login_required
def dashboard(request):
    """The user's own starting point: the centre, their office or their employer."""
    viewed = scope.home(request.user)
    if viewed is None:
        return redirect("home")  # the home page tells a user without a role what to do
    return redirect(figures_url(viewed))


def figures_url(viewed: Office | Employer) -> str:
    """The progress page of an office or an employer."""
    if isinstance(viewed, Employer):
        return reverse("progress:employer", args=[viewed.code])
    return reverse("progress:office", args=[viewed.code])


@login_required
def office(request, code: str):
    office = scope.office_or_404(request.user, code)
    as_of, form = _as_of(request)
    sort = Sort.from_request(request)
    figures = office_figures(office, as_of, with_employers=False)
    waiting = office_waiting_totals([office.pk], as_of)[office.pk]
    offices = sort.apply(figures.children)
    # A page of employers in the order asked, then the figures of that page alone.
    employers = Paginator(
        employers_in_order(office, sort.key, descending=sort.descending, as_of=as_of),
        EMPLOYERS_PER_PAGE,
    ).get_page(request.GET.get("page"))
    employers.object_list = managed_employer_figures(office, list(employers.object_list), as_of)
    common = _common(request, viewed=office, figures=figures, form=form)
    as_of_query = common["as_of_query"]
    context = {
        **common,
        "sort": sort,
        "headers": sort.headers(),
        "offices": table_rows(offices, as_of_query=as_of_query),
        "offices_title": _children_title(office),
        "employers": employers,
        "employer_rows": table_rows(employers.object_list, as_of_query=as_of_query),
        "employers_title": _employers_title(office),
        "export_url": reverse("progress:office_xlsx", args=[office.code]),
        "waiting": _waiting_rows(waiting),
    }
    return render(request, "progress/office.html", context)


@login_required
def employer(request, code: str):
    found = scope.employer_or_404(request.user, code)
    as_of, form = _as_of(request)
    figures = employer_figures(found, as_of)
    waiting = employer_waiting_totals([found.pk], as_of)[found.pk]
    context = {
        **_common(request, viewed=found, figures=figures, form=form),
        "waiting": _waiting_rows(waiting),
        "export_url": reverse("progress:employer_xlsx", args=[found.code]),
        # The arrears forms: for the offices, which the door checks again.
        "arrears_form": ArrearsForm() if role_may(request.user, Action.SET_WAITING) else None,
        "in_arrears": waiting[WaitingReason.ARREARS],
    }
    return render(request, "progress/employer.html", context)


def _waiting_rows(totals: dict[str, int]) -> list[dict]:
    return [
        {"key": reason, "label": WaitingReason(reason).label, "count": count}
        for reason, count in totals.items()
        if count
    ]


@login_required
def office_xlsx(request, code: str):
    office = scope.office_or_404(request.user, code)
    as_of, form = _as_of(request)
    if form.errors:
        return _back_to_page(request, "progress:office", office.code)
    figures = office_figures(office, as_of)
    sort = Sort.from_request(request)
    rows = sort.apply([c for c in figures.children if c.kind != "employer"])
    rows += sort.apply([c for c in figures.children if c.kind == "employer"])
    return _xlsx(exports.workbook(figures=figures, rows=rows), exports.export_filename(figures))


@login_required
def employer_xlsx(request, code: str):
    found = scope.employer_or_404(request.user, code)
    as_of, form = _as_of(request)
    if form.errors:
        return _back_to_page(request, "progress:employer", found.code)
    figures = employer_figures(found, as_of)
    return _xlsx(
        exports.workbook(figures=figures, rows=[figures]), exports.export_filename(figures)
    )


def _as_of(request) -> tuple[date, AsOfForm]:
    """The date asked for, or today when none was or it cannot be used (the form then
    carries the message)."""
    today = timezone.localdate()
    if not request.GET.get("as_of", "").strip():
        return today, AsOfForm(initial={"as_of": today})
    form = AsOfForm({"as_of": request.GET["as_of"].strip()})
    if form.is_valid():
        # Shown back as dd/mm/yyyy, whichever form it was typed in.
        day = form.cleaned_data["as_of"]
        return day, AsOfForm(initial={"as_of": day})
    return today, form


def _common(request, *, viewed: Office | Employer, figures: Figures, form: AsOfForm) -> dict:
    today = timezone.localdate()
    as_of = figures.as_of
    as_of_query = "" if as_of == today else "?" + urlencode({"as_of": f"{as_of:%d/%m/%Y}"})
    province_id = viewed.office.province_id if isinstance(viewed, Employer) else viewed.province_id
    campaign = default_campaign()
    milestones = load_schedule(campaign).milestones_for(province_id)
    start = campaign.starts_on if campaign else None
    points = handed_over_history(viewed, until=as_of, start=start) if start else []
    chart = (
        handed_over_chart(
            points=points, milestones=milestones, start=start, until=as_of, name=figures.name
        )
        if start
        else ""
    )
    return {
        "figures": figures,
        "form": form,
        "is_today": as_of == today,
        "as_of_query": as_of_query,
        "breadcrumbs": _breadcrumbs(request.user, viewed),
        "chart": chart,
        "chart_rows": chart_rows(points, milestones),
        "excluded_label": State.EXCLUDED.label,
        "handed_over_label": State.HANDED_OVER.label,
        "handed_over_percent_label": exports.BY_KEY["percent"].label,
        "open_states": [
            {"key": state, "label": State(state).label, "count": figures.by_state[state]}
            for state in OPEN_STATES
        ],
    }


def _breadcrumbs(user, viewed: Office | Employer) -> list[dict]:
    """From the country down to the office or employer in view; the offices the user may open
    are links."""
    office = viewed.office if isinstance(viewed, Employer) else viewed
    above = Office.objects.filter(Q(code=CENTRE_CODE) | Q(pk=office.province_id) | Q(pk=office.pk))
    chain = sorted(above, key=lambda u: ("centre", "province", "district").index(u.level))
    visible = set(
        scope.offices(user).filter(pk__in=[u.pk for u in chain]).values_list("pk", flat=True)
    )
    crumbs = [
        {
            "name": u.office_name,
            "url": reverse("progress:office", args=[u.code]) if u.pk in visible else "",
            "current": u == viewed,
        }
        for u in chain
    ]
    if isinstance(viewed, Employer):
        crumbs.append({"name": viewed.name, "url": "", "current": True})
    return crumbs


def _children_title(office: Office) -> str:
    if office.level == Office.Level.CENTRE:
        return pgettext_lazy("dashboard", "Provincial offices")
    return pgettext_lazy("dashboard", "District offices")


def _employers_title(office: Office) -> str:
    if office.level == Office.Level.PROVINCE:
        return pgettext_lazy("dashboard", "Employers managed by the provincial office")
    return pgettext_lazy("dashboard", "Employers")


def _back_to_page(request, name: str, code: str):
    return redirect(reverse(name, args=[code]) + "?" + request.GET.urlencode())


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
