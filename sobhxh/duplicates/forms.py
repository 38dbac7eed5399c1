from django import forms
from django.utils.translation import gettext_lazy as _

from sobhxh.books.services import today


class MergeForm(forms.Form):
    kept = forms.ChoiceField(label=_("Number to keep"), widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, numbers: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kept"].choices = [(number, number) for number in numbers]
        self.fields["on"].initial = today()
