import re

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from sobhxh.challenge import ChallengeField

from .models import Topic

PHONE = re.compile(r"^\+?[0-9 .()-]{8,20}$")


class AskForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=100)
    contact = forms.CharField(
        label=_("Phone or email"),
        max_length=100,
        help_text=_("Only the department that answers sees it, to reach you if needed."),
    )
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    text = forms.CharField(
        label=_("Your question"),
        min_length=10,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Do not write your social insurance number or citizen ID number here."),
    )
    altcha = ChallengeField()

    def clean_contact(self):
        contact = self.cleaned_data["contact"].strip()
        if "@" in contact:
            try:
                validate_email(contact)
            except forms.ValidationError:
                raise forms.ValidationError(_("Enter a valid email address.")) from None
        elif not PHONE.match(contact) or sum(ch.isdigit() for ch in contact) < 8:
            raise forms.ValidationError(_("Enter a phone number or an email address."))
        return contact


class LookupForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        max_length=32,
        help_text=_("The 10 letters and digits you were given when you sent your question."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class AnswerForm(forms.Form):
    public_text = forms.CharField(
        label=_("Question as published"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The question as the public list shows it: remove any personal detail."),
    )
    answer = forms.CharField(
        label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
