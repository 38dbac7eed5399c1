"""The money pages: the rates, the centre's list of provinces, an office's year (work,
cost, budget, forecast), a province's budget and its settlement with its documents.

Offices are found through `selectors.office_or_404` (scope: a province its own and its
districts, a district itself, the centre all; an employer nothing). Who may write is asked
of the selectors and checked again by the services; a form posted by anyone else is 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role

from . import documents, selectors, services
from .activities import Activity
from .forms import BudgetForm, ReturnForm, SpentForm, UnitCostForm
from .models import SettlementState

FIRST_YEAR, LAST_YEAR = 2016, 2100


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    return year


def _default_year(today) -> int:
    years = [y for y in selectors.budget_years() if y <= today.year]
    return years[-1] if years else today.year


def _seen(request):
    """The user's place, or 404 for anyone who has no money pages (employers)."""
    role = scope.role(request.user)
    if role not in (Role.CENTRAL, Role.PROVINCE, Role.DISTRICT):
        raise Http404
    return scope.place(request.user)


@login_required
@require_GET
def index(request):
    """The centre's list of provinces; a province or district goes to its own year."""
    place = _seen(request)
    today = timezone.localdate()
    year = _year(request.GET.get("year", _default_year(today)))
    if place.role != Role.CENTRAL:
        code = scope.home(request.user).code
        return redirect("money:office", code=code, year=year)
    rows = selectors.province_list(year, today)
    context = {
        "year": year,
        "years": selectors.budget_years(),
        "rows": rows,
        "total_budget": sum(row.budget or 0 for row in rows),
        "total_cost": sum(row.cost for row in rows),
        "has_examples": selectors.examples_in_year(year),
    }
    return render(request, "money/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rates(request):
    _seen(request)
    may_edit = selectors.is_central_finance(request.user)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    form = UnitCostForm(request.POST or None) if may_edit else None
    if request.method == "POST" and _saved(
        form, lambda data: services.add_unit_cost(actor=request.user, **data)
    ):
        messages.success(request, _("The new rate was saved."))
        return redirect("money:rates")
    today = timezone.localdate()
    in_force = selectors.rates_in_force(today)
    context = {
        "rates": selectors.unit_costs(),
        "example_in_force": any(rate and rate.is_example for _activity, rate in in_force),
        "form": form,
    }
    return render(request, "money/rates.html", context)


@login_required
@require_GET
def office_year(request, code: str, year: int):
    _seen(request)
    office = selectors.office_or_404(request.user, code)
    year = _year(year)
    today = timezone.localdate()
    figures = selectors.office_year(office, year, today)
    context = {
        "office": office,
        "year": year,
        "figures": figures,
        "activities": Activity.choices,
        "show_budget": office.level == "province" and selectors.may_see_budget(request.user),
        "has_examples": selectors.has_example_rates(figures.lines),
        "may_edit_budget": selectors.is_central_finance(request.user),
        "settleable": office.level == "province",
        "children": office.children.order_by("code") if office.level == "province" else [],
    }
    return render(request, "money/office_year.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def budget(request, code: str, year: int):
    province = selectors.province_or_404(request.user, code)
    year = _year(year)
    if not selectors.is_central_finance(request.user):
        raise PermissionDenied
    current = selectors.budget_of(province, year)
    form = BudgetForm(request.POST or None, initial={"amount": current})
    if request.method == "POST" and _saved(
        form,
        lambda data: services.set_budget(
            province=province, year=year, amount=data["amount"], actor=request.user
        ),
    ):
        messages.success(request, _("The budget was saved."))
        return redirect("money:office", code=code, year=year)
    title = _("Budget %(year)s of %(office)s") % {"year": year, "office": province.office_name}
    context = {"office": province, "year": year, "form": form, "title": title}
    return render(request, "money/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def settlement(request, code: str, year: int):
    province = selectors.province_or_404(request.user, code)
    year = _year(year)
    today = timezone.localdate()
    prepares = selectors.may_prepare_settlement(request.user, province)
    approves = selectors.is_central_finance(request.user)
    if request.method == "POST":
        done = _settlement_post(request, province, year, today, prepares, approves)
        if done:
            return redirect("money:settlement", code=code, year=year)
    figures = selectors.settlement_figures(province, year)
    editable = figures.state in (SettlementState.DRAFT, SettlementState.RETURNED)
    context = {
        "office": province,
        "year": year,
        "figures": figures,
        "ended": selectors.year_has_ended(year, today),
        "spent_form": SpentForm(initial={"spent": figures.spent})
        if prepares and editable
        else None,
        "may_submit": prepares and editable and figures.settlement is not None,
        "may_decide": approves and figures.state == SettlementState.SUBMITTED,
        "return_form": ReturnForm() if approves else None,
    }
    return render(request, "money/settlement.html", context)


def _settlement_post(request, province, year, today, prepares, approves) -> bool:
    step = request.POST.get("step")
    if step in ("spent", "submit") and not prepares:
        raise PermissionDenied
    if step in ("approve", "return") and not approves:
        raise PermissionDenied
    try:
        if step == "spent":
            form = SpentForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Enter the amount spent in whole đồng."))
                return True
            services.save_spent(
                province=province, year=year, spent=form.cleaned_data["spent"],
                actor=request.user, today=today,
            )  # fmt: skip
            messages.success(request, _("The amount spent was saved."))
        elif step == "submit":
            services.submit_settlement(province=province, year=year, actor=request.user,
                                       today=today)  # fmt: skip
            messages.success(request, _("The settlement was submitted to the centre."))
        elif step in ("approve", "return"):
            found = selectors.settlement_of(province, year)
            if found is None:
                raise Http404
            if step == "approve":
                services.approve_settlement(settlement=found, actor=request.user)
                messages.success(request, _("The settlement was approved."))
            else:
                services.return_settlement(
                    settlement=found, comment=request.POST.get("comment", ""), actor=request.user
                )
                messages.success(request, _("The settlement was returned to the province."))
        else:
            raise Http404
    except ValidationError as refused:
        for message in refused.messages:
            messages.error(request, message)
    return True


@login_required
@require_GET
def settlement_document(request, code: str, year: int, kind: str):
    province = selectors.province_or_404(request.user, code)
    year = _year(year)
    figures = selectors.settlement_figures(province, year)
    name = f"quyet-toan_{province.code}_{year}"
    if kind == "pdf":
        body, content_type = documents.settlement_pdf(figures), "application/pdf"
    elif kind == "xlsx":
        body = documents.settlement_xlsx(figures)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


def _saved(form, write) -> bool:
    """Run `write` when the form is valid; put a service's refusal on the form."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as refused:
        form.add_error(None, refused)
        return False
    return True
