"""The steering committee pages: the list (central users), a committee, a meeting and a
decision, and the forms that change them.

A committee is found through `selectors.committee_or_404` (scope: a province its own, the
centre all; anything else 404). Its head and secretary in place, and central users, may
change it (`selectors.may_manage`); everyone else who sees it reads only, and a form they
post answers 403. Every change goes through `services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.problems.selectors import problems_of_decision

from . import selectors, services
from .forms import DeactivateForm, DecisionForm, DecisionStateForm, MeetingForm, MemberForm


@login_required
@require_GET
def index(request):
    """The list for central users; a province user goes straight to their committee."""
    if scope.role(request.user) != Role.CENTRAL:
        own = selectors.committee_for(request.user)
        if own is None:
            raise Http404
        return redirect("committees:committee", code=own.office.code)
    today = timezone.localdate()
    context = {"committees": selectors.committee_list(request.user, today), "today": today}
    return render(request, "organisation/committees.html", context)


@login_required
@require_GET
def committee_detail(request, code: str):
    committee = selectors.committee_or_404(request.user, code)
    today = timezone.localdate()
    decisions = list(selectors.open_decisions(committee))
    for decision in decisions:
        decision.overdue = decision.due_on < today
    context = {
        "committee": committee,
        "members": selectors.current_members(committee, today),
        "former": selectors.former_members(committee, today),
        "upcoming": selectors.upcoming_meetings(committee, today),
        "recent": selectors.recent_meetings(committee, today),
        "decisions": decisions,
        "overdue_count": sum(d.overdue for d in decisions),
        "may_manage": selectors.may_manage(request.user, committee, today),
        "today": today,
    }
    return render(request, "organisation/committee.html", context)


def _managed(request, code: str):
    committee = selectors.committee_or_404(request.user, code)
    if not selectors.may_manage(request.user, committee):
        raise PermissionDenied
    return committee


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


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request, code: str):
    committee = _managed(request, code)
    form = MemberForm(request.POST or None, committee=committee)
    if request.method == "POST" and _saved(
        form, lambda data: services.add_member(committee=committee, actor=request.user, **data)
    ):
        messages.success(request, _("The member was added."))
        return redirect("committees:committee", code=code)
    return render(request, "organisation/form.html", _form_page(committee, form, _("Add a member")))


@login_required
@require_http_methods(["GET", "POST"])
def member_deactivate(request, code: str, pk: int):
    committee = _managed(request, code)
    member = get_object_or_404(committee.members.select_related("user"), pk=pk)
    form = DeactivateForm(request.POST or None)
    if request.method == "POST" and _saved(
        form,
        lambda data: services.deactivate_member(member=member, on=data["on"], actor=request.user),
    ):
        messages.success(
            request, _("%(member)s left the committee.") % {"member": member.display_name}
        )
        return redirect("committees:committee", code=code)
    title = _("End the membership of %(member)s") % {"member": member.display_name}
    return render(request, "organisation/form.html", _form_page(committee, form, title))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request, code: str):
    committee = _managed(request, code)
    form = MeetingForm(request.POST or None, committee=committee)
    made = {}
    if request.method == "POST" and _saved(
        form,
        lambda data: made.update(
            meeting=services.record_meeting(committee=committee, actor=request.user, **data)
        ),
    ):
        messages.success(request, _("The meeting was recorded."))
        return redirect("committees:meeting", code=code, pk=made["meeting"].pk)
    page = _form_page(committee, form, _("Record a meeting"))
    return render(request, "organisation/form.html", page)


@login_required
@require_GET
def meeting_detail(request, code: str, pk: int):
    committee = selectors.committee_or_404(request.user, code)
    meeting = selectors.meeting_or_404(committee, pk)
    today = timezone.localdate()
    decisions = list(meeting.decisions.select_related("owner__user").order_by("due_on", "pk"))
    for decision in decisions:
        decision.overdue = decision.is_overdue(today)
    context = {
        "committee": committee,
        "meeting": meeting,
        "attendees": meeting.attendees.select_related("user", "department").order_by("pk"),
        "decisions": decisions,
        "held": meeting.held_on <= today,
        "may_manage": selectors.may_manage(request.user, committee, today),
    }
    return render(request, "organisation/meeting.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decision_new(request, code: str, pk: int):
    committee = _managed(request, code)
    meeting = selectors.meeting_or_404(committee, pk)
    form = DecisionForm(request.POST or None, meeting=meeting, user=request.user)
    if request.method == "POST" and _saved(
        form,
        lambda data: services.record_decision(meeting=meeting, actor=request.user, **data),
    ):
        messages.success(request, _("The decision was recorded."))
        return redirect("committees:meeting", code=code, pk=meeting.pk)
    page = _form_page(committee, form, _("Add a decision"), meeting=meeting)
    return render(request, "organisation/form.html", page)


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request, code: str, pk: int):
    committee = selectors.committee_or_404(request.user, code)
    decision = selectors.decision_or_404(committee, pk)
    may_manage = selectors.may_manage(request.user, committee)
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = DecisionStateForm(request.POST or None, decision=decision) if may_manage else None
    if request.method == "POST" and _saved(
        form,
        lambda data: services.change_decision_state(
            decision=decision, to=data["to"], note=data["note"], actor=request.user
        ),
    ):
        messages.success(request, _("The state of the decision was changed."))
        return redirect("committees:decision", code=code, pk=decision.pk)
    context = {
        "committee": committee,
        "meeting": decision.meeting,
        "decision": decision,
        "overdue": decision.is_overdue(timezone.localdate()),
        "history": decision.history.select_related("actor").order_by("at", "pk"),
        "problems": problems_of_decision(decision, request.user),
        "form": form if form is not None and form.fields["to"].choices else None,
    }
    return render(request, "organisation/decision.html", context)


def _form_page(committee, form, title: str, meeting=None) -> dict:
    return {"committee": committee, "form": form, "title": title, "meeting": meeting}
