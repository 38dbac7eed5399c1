"""Forms of the books pages: the search box, and one form per lifecycle action.

An action form only gathers what `services.transition` needs (the date, the details,
for `correct` the changed data); the service is the one that decides whether the move is
allowed and checks the details again.
"""

from datetime import date, datetime

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from sobhxh import formatting

from .lifecycle import Action, DisputeReason, ExclusionReason, Receiver, State, WaitingReason
from .models import Book, Precision, Sex
from .selectors import employer_in_scope
from .text import clean_name
from .validators import validate_identity_number


def _label(name: str):
    """A book field's own name (already translated in the project catalogue)."""
    return capfirst(Book._meta.get_field(name).verbose_name)


BIRTH_FORMATS = (("%d/%m/%Y", Precision.DAY), ("%m/%Y", Precision.MONTH), ("%Y", Precision.YEAR))


def parse_birth(text: str) -> tuple[date, str]:
    """The date of birth and its precision from dd/mm/yyyy, mm/yyyy or yyyy."""
    text = text.strip()
    for pattern, precision in BIRTH_FORMATS:
        try:
            born = datetime.strptime(text, pattern).date()
        except ValueError:
            continue
        if len(text.rsplit("/", 1)[-1]) == 4:
            return born, precision
    raise forms.ValidationError(
        _("Write the date of birth as dd/mm/yyyy, mm/yyyy or yyyy."), code="invalid"
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Number or name"),
        required=False,
        max_length=200,
        help_text=_("The 10-digit number, or the start of the name (with or without accents)."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    employer = forms.CharField(
        label=_("Employer code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "list": "employer-codes"}),
    )
    state = forms.ChoiceField(
        label=_label("state"), required=False, choices=[("", _("All states")), *State.choices]
    )

    def __init__(self, *args, user, employer_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if employer_fixed:
            # An employer user sees only its own workers: nothing to choose.
            del self.fields["employer"]

    def clean_employer(self):
        code = self.cleaned_data["employer"].strip()
        if not code:
            return None
        found = employer_in_scope(self.user, code)
        if found is None:
            raise forms.ValidationError(
                _("No employer has the code “%(code)s” among those you can see."),
                params={"code": code},
                code="unknown",
            )
        return found


class ActionForm(forms.Form):
    """The business date every action records; today unless told otherwise."""

    on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        help_text=_("dd/mm/yyyy, today or earlier."),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, book: Book, **kwargs):
        super().__init__(*args, **kwargs)
        self.book = book

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."), code="future")
        return on

    def details(self) -> dict:
        return {}

    def changes(self) -> dict | None:
        return None


def _text(label, *, required: bool = True, long: bool = False, help_text="") -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput
    return forms.CharField(
        label=label, required=required, max_length=1000, widget=widget, help_text=help_text
    )


class StartReviewForm(ActionForm):
    printed_by = _text(
        _("Statement printed by"),
        required=False,
        help_text=_("Leave empty if you printed it yourself."),
    )

    def details(self) -> dict:
        return {"printed_by": self.cleaned_data["printed_by"]}


class ConfirmForm(ActionForm):
    pass


class DisputeForm(ActionForm):
    reasons = forms.MultipleChoiceField(
        label=_("What is wrong"),
        choices=DisputeReason.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one thing that is wrong.")},
    )
    worker_words = _text(_("The worker's words"), required=False, long=True)

    def details(self) -> dict:
        return {
            "reasons": self.cleaned_data["reasons"],
            "worker_words": self.cleaned_data["worker_words"],
        }


class CorrectForm(ActionForm):
    note = _text(_("What was corrected"), required=False, long=True)
    full_name = forms.CharField(label=_label("full_name"), max_length=200)
    birth = forms.CharField(
        label=_label("birth_date"),
        max_length=10,
        help_text=_("dd/mm/yyyy, or mm/yyyy or yyyy when only the month or year is known."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = forms.ChoiceField(label=_label("sex"), choices=Sex.choices, widget=forms.RadioSelect)
    identity_number = forms.CharField(
        label=_label("identity_number"),
        required=False,
        max_length=12,
        validators=[validate_identity_number],
        help_text=_("9 digits (CMND) or 12 digits (CCCD)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, book: Book, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "full_name": book.full_name,
                "birth": formatting.birth_date(book.birth_date, book.birth_precision),
                "sex": book.sex,
                "identity_number": book.identity_number,
            },
        )
        super().__init__(*args, book=book, **kwargs)

    def clean_birth(self) -> tuple[date, str]:
        born, precision = parse_birth(self.cleaned_data["birth"])
        if born.year < 1900 or born > timezone.localdate():
            raise forms.ValidationError(
                _("The date of birth must be between 1900 and today."), code="range"
            )
        return born, precision

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.changes() and not cleaned.get("note"):
            raise forms.ValidationError(
                _("Change the book's data, or write what was corrected."), code="nothing"
            )
        return cleaned

    def details(self) -> dict:
        return {"note": self.cleaned_data["note"]}

    def changes(self) -> dict:
        data = self.cleaned_data
        born, precision = data["birth"]
        wanted = {
            "full_name": clean_name(data["full_name"]),
            "birth_date": born,
            "birth_precision": precision,
            "sex": data["sex"],
            "identity_number": data["identity_number"].strip(),
        }
        return {name: value for name, value in wanted.items() if getattr(self.book, name) != value}


class HandOverForm(ActionForm):
    receiver = forms.ChoiceField(
        label=_("Received by"),
        choices=Receiver.choices,
        initial=Receiver.WORKER,
        widget=forms.RadioSelect,
    )
    receiver_name = _text(
        _("Name of the authorised person"),
        required=False,
        help_text=_("Required when an authorised person received the book."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("receiver") == Receiver.AUTHORISED and not cleaned.get("receiver_name"):
            self.add_error(
                "receiver_name",
                forms.ValidationError(
                    _("Give the name of the authorised person who received the book."),
                    code="required",
                ),
            )
        return cleaned

    def details(self) -> dict:
        details = {"receiver": self.cleaned_data["receiver"]}
        if self.cleaned_data["receiver"] == Receiver.AUTHORISED:
            details["receiver_name"] = self.cleaned_data["receiver_name"]
        return details


class ExcludeForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("Why the book is not due"),
        choices=ExclusionReason.choices,
        widget=forms.RadioSelect,
    )
    note = _text(_("Note"), required=False, long=True)

    def details(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "note": self.cleaned_data["note"]}


class ReasonForm(ActionForm):
    reason = _text(_("Reason"), long=True)

    def details(self) -> dict:
        return {"reason": self.cleaned_data["reason"]}


class WaitingForm(ActionForm):
    reason = forms.ChoiceField(
        label=_("Why the book is still waiting"),
        choices=WaitingReason.choices,
        widget=forms.RadioSelect,
    )
    words = _text(_("In words"), required=False, long=True, help_text=_("Required for “Other”."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == WaitingReason.OTHER and not cleaned.get("words", "").strip():
            self.add_error("words", _("Say in words why the book is still waiting."))
        return cleaned

    def details(self) -> dict:
        return {"reason": self.cleaned_data["reason"], "words": self.cleaned_data["words"]}


class ClearWaitingForm(ActionForm):
    note = _text(_("Note"), required=False, long=True)

    def details(self) -> dict:
        return {"note": self.cleaned_data["note"]}


class ArrearsForm(forms.Form):
    """An employer's arrears from a date, or their payment: for all its books at once."""

    MARK, PAID = "mark", "paid"
    # Sent by the button pressed, not rendered as a field.
    what = forms.ChoiceField(choices=[(MARK, MARK), (PAID, PAID)])
    on = forms.DateField(
        label=_("Date"),
        initial=timezone.localdate,
        help_text=_("dd/mm/yyyy, today or earlier."),
        widget=forms.DateInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_on(self) -> date:
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError(_("The date is in the future."), code="future")
        return on


ACTION_FORMS: dict[str, type[ActionForm]] = {
    Action.START_REVIEW: StartReviewForm,
    Action.CONFIRM: ConfirmForm,
    Action.DISPUTE: DisputeForm,
    Action.CORRECT: CorrectForm,
    Action.HAND_OVER: HandOverForm,
    Action.EXCLUDE: ExcludeForm,
    Action.REINSTATE: ReasonForm,
    Action.UNDO_HANDOVER: ReasonForm,
    Action.SET_WAITING: WaitingForm,
    Action.CLEAR_WAITING: ClearWaitingForm,
}


def action_form(action: str, *, book: Book, data=None) -> ActionForm:
    # The action is the prefix, so that every form of a book's page has its own field ids.
    return ACTION_FORMS[action](data, book=book, prefix=action)
