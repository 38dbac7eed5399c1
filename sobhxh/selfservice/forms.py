"""The worker's forms: the lookup (with the challenge), and the answer to the statement."""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from sobhxh.books.lifecycle import DisputeReason
from sobhxh.books.numbers import NotANumber, parse_book_number, parse_identity_number
from sobhxh.challenge import ChallengeField


def _digits_input(**attrs):
    return forms.TextInput(
        attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false", **attrs}
    )


class LookupForm(forms.Form):
    number = forms.CharField(
        label=_("Social insurance number"),
        max_length=20,
        help_text=_("10 digits, printed on your book and your health insurance card."),
        widget=_digits_input(),
    )
    identity_number = forms.CharField(
        label=_("Citizen ID number (CCCD) or old ID card (CMND)"),
        max_length=20,
        required=False,
        help_text=_("12 digits (CCCD) or 9 digits (CMND)."),
        widget=_digits_input(),
    )
    birth_date = forms.CharField(
        label=_("or your date of birth"),
        max_length=20,
        required=False,
        help_text=_("dd/mm/yyyy, e.g. 14/07/1985."),
        widget=forms.TextInput(attrs={"autocomplete": "bday", "inputmode": "numeric"}),
    )
    altcha = ChallengeField()

    def clean_number(self) -> str:
        try:
            return parse_book_number(self.cleaned_data["number"])
        except NotANumber as error:
            raise forms.ValidationError(error.message, code="invalid") from None

    def clean_identity_number(self) -> str:
        text = self.cleaned_data["identity_number"]
        if not text.strip():
            return ""
        try:
            return parse_identity_number(text)
        except NotANumber as error:
            raise forms.ValidationError(error.message, code="invalid") from None

    def clean_birth_date(self):
        text = self.cleaned_data["birth_date"].strip()
        if not text:
            return None
        try:
            born = datetime.strptime(text, "%d/%m/%Y").date()
        except ValueError:
            born = None
        if born is None or born.year < 1900 or len(text.rsplit("/", 1)[-1]) != 4:
            raise forms.ValidationError(
                _("Write the date of birth as dd/mm/yyyy, e.g. 14/07/1985."), code="invalid"
            )
        return born

    def clean(self):
        data = super().clean()
        identity, born = data.get("identity_number"), data.get("birth_date")
        if "identity_number" in data and "birth_date" in data:
            if not identity and not born:
                raise forms.ValidationError(
                    _("Give your citizen ID number or your date of birth."), code="required"
                )
            if identity and born:
                raise forms.ValidationError(
                    _("Give only one of the two: your citizen ID number or your date of birth."),
                    code="both",
                )
        return data


class ConfirmForm(forms.Form):
    checked = forms.BooleanField(
        label=_("I have checked my contribution history above: it is right."),
        error_messages={"required": _("Tick the box to confirm that you have checked it.")},
    )


class DisputeForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("What is wrong"),
        choices=DisputeReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one thing that is wrong.")},
    )
    period = forms.ChoiceField(label=_("The period concerned (if any)"), required=False)
    words = forms.CharField(
        label=_("What is wrong, in your own words"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For example: the months missing and where you worked then, or the right wage. "
            "Keep the papers that prove it (labour contract, pay decision)."
        ),
        error_messages={"required": _("Write down what is wrong.")},
    )

    def __init__(self, *args, periods: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("— none in particular —")), *periods]
