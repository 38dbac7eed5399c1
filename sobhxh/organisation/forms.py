"""Forms of the committee pages. A form gathers what a service needs; the rules (who may sit,
who attended, which moves a decision may make) are the services' own, and their refusals
come back to the form field by field."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.accounts.models import Role
from sobhxh.problems.selectors import problems_numbered

from . import selectors
from .models import (
    DECISION_MOVES,
    Committee,
    Decision,
    DecisionState,
    Department,
    Meeting,
    Member,
    MemberRole,
)

DAY_HELP = _("dd/mm/yyyy")


def _day(label, help_text=DAY_HELP) -> forms.DateField:
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        help_text=help_text,
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class MemberChoice(forms.ModelChoiceField):
    def label_from_instance(self, member) -> str:
        return member.display_name


class MembersChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, member) -> str:
        return member.display_name


class MemberForm(forms.Form):
    user = UserChoice(
        queryset=get_user_model().objects.none(),
        required=False,
        label=_("User"),
        empty_label=_("— a person without an account —"),
        help_text=_("A user of the committee's office; or leave it empty and give a name."),
    )
    full_name = forms.CharField(
        label=_("Full name"),
        required=False,
        max_length=200,
        help_text=_("Only for a person without an account."),
    )
    title = forms.CharField(
        label=_("Job title"),
        required=False,
        max_length=200,
        help_text=_("E.g. Deputy director. Needed for a person without an account."),
    )
    role = forms.ChoiceField(label=_("Role in the committee"), choices=MemberRole.choices)
    department = forms.ModelChoiceField(
        queryset=Department.objects.none(),
        required=False,
        label=_("Department"),
        help_text=_("Left empty, a user's own department."),
    )
    active_from = _day(_("Member from"))

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(is_active=True)
        if committee.office.level == "centre":
            users = users.filter(Q(profile__role=Role.CENTRAL))
        else:
            users = users.filter(profile__role=Role.PROVINCE, profile__office=committee.office)
        seated = committee.members.filter(active_to=None, user__isnull=False).values("user_id")
        self.fields["user"].queryset = users.exclude(pk__in=seated).order_by("username")
        self.fields["department"].queryset = Department.objects.filter(
            Q(office=committee.office) | Q(office__level="centre")
        ).select_related("office")


class DeactivateForm(forms.Form):
    on = _day(_("Last day in the committee"))


class MeetingForm(forms.Form):
    held_on = _day(_("Date of the meeting"), _("dd/mm/yyyy; a later date plans the meeting."))
    place = forms.CharField(label=_("Place"), max_length=200)
    attendees = MembersChoice(
        queryset=Member.objects.none(),
        required=False,
        label=_("Attendees"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Not for a planned meeting."),
    )
    minutes = forms.CharField(
        label=_("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Not for a planned meeting."),
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["attendees"].queryset = selectors.current_members(committee, today)


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("form", "Decision"), widget=forms.Textarea(attrs={"rows": 3})
    )
    owner = MemberChoice(queryset=Member.objects.none(), label=_("Owner"))
    due_on = _day(_("Due date"))
    problems = forms.CharField(
        label=_("Problems it is about"),
        required=False,
        help_text=_("The numbers of the problems (vướng mắc), separated by commas: 12, 40."),
    )

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        members = selectors.members_on(meeting.committee, meeting.held_on)
        self.fields["owner"].queryset = members
        self.user = user

    def clean_problems(self) -> list:
        text = self.cleaned_data["problems"].replace(";", ",")
        parts = [part.strip().lstrip("#") for part in text.split(",") if part.strip()]
        if not all(part.isdigit() for part in parts):
            raise forms.ValidationError(_("Write the problems' numbers, separated by commas."))
        numbers = list(dict.fromkeys(int(part) for part in parts))
        found, missing = problems_numbered(self.user, numbers)
        if missing:
            raise forms.ValidationError(
                _("You may see no problem numbered %(numbers)s.")
                % {"numbers": ", ".join(str(n) for n in missing)}
            )
        return found


class DecisionStateForm(forms.Form):
    to = forms.ChoiceField(label=_("New state"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to mark the decision done or cancelled."),
    )

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        moves = DECISION_MOVES[decision.state]
        self.fields["to"].choices = [(s.value, s.label) for s in DecisionState if s in moves]
