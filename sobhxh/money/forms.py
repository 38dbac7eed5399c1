from django import forms
from django.utils.translation import gettext_lazy as _

from .activities import Activity

MAX_AMOUNT = 10**15  # a thousand trillion đồng: far above any budget, below BIGINT


class UnitCostForm(forms.Form):
    activity = forms.ChoiceField(label=_("Activity"), choices=Activity.choices)
    amount = forms.IntegerField(label=_("Amount (đồng)"), min_value=0, max_value=MAX_AMOUNT)
    valid_from = forms.DateField(
        label=_("Applies from"),
        help_text=_("dd/mm/yyyy"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        help_text=_("The decision or letter that sets the rate: number, date, issuer."),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )
    is_example = forms.BooleanField(label=_("Example rate, not an official one"), required=False)


class BudgetForm(forms.Form):
    amount = forms.IntegerField(label=_("Budget (đồng)"), min_value=0, max_value=MAX_AMOUNT)


class SpentForm(forms.Form):
    spent = forms.IntegerField(label=_("Amount spent (đồng)"), min_value=0, max_value=MAX_AMOUNT)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Why it is returned"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
