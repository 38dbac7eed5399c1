"""Forms of the report pages: the month picker, the remarks and the decision. The rules
(who may send or decide, which months) are the services'; their refusals come back to the
form as non-field errors."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from . import due

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str | None) -> date | None:
    """`YYYY-MM` (as `<input type="month">` sends it) as the month's first day, or None."""
    found = MONTH.match((text or "").strip())
    if not found or not 1 <= int(found[2]) <= 12:
        return None
    return date(int(found[1]), int(found[2]), 1)


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthForm(forms.Form):
    month = forms.CharField(
        label=_("Month"),
        widget=MonthInput(attrs={"min": f"{due.FIRST_MONTH:%Y-%m}"}),
        help_text=_("For example 2018-06."),
    )

    def clean_month(self) -> date:
        month = parse_month(self.cleaned_data["month"])
        if month is None:
            raise forms.ValidationError(_("Give a month as year-month, for example 2018-06."))
        if month < due.FIRST_MONTH:
            raise forms.ValidationError(_("The campaign's reports start with 01/2017."))
        return month


def month_of(data, today: date) -> tuple[MonthForm, date]:
    """The month a page asks for (`?month=YYYY-MM`), the last ended month by default."""
    default = due.last_ended_month(today)
    if not data.get("month"):
        return MonthForm(initial={"month": f"{default:%Y-%m}"}), default
    form = MonthForm(data)
    return form, form.cleaned_data["month"] if form.is_valid() else default


class RemarksForm(forms.Form):
    difficulties = forms.CharField(
        label=_("Difficulties"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What held the work back this month. Figures come from the registry."),
    )
    proposals = forms.CharField(
        label=_("Proposals"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the office proposes to the office above."),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when returning the report: what the office must correct."),
    )
