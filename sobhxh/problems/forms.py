"""Forms of the problem pages. A form gathers what a service needs; the rules (who may do
what, from which state, which links a user may make, what a file may be) are the services'
own, and their refusals (`ProblemRefused`) come back to the form as non-field errors."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.books.numbers import is_book_number, searched_book_number
from sobhxh.intake.models import Upload
from sobhxh.organisation.models import Department, Function
from sobhxh.organisation.selectors import departments_for

from . import selectors
from .files import ACCEPTED, MAX_BYTES
from .models import Category, Level
from .states import State

MAX_FILES = 10
MAX_BOOKS = 50
# Lazy, so that it is in the language of the request that shows it.
FILES_HELP = lazy(
    lambda: (
        _("Up to %(count)s files of at most %(size)s MB each: %(accepted)s.")
        % {"count": MAX_FILES, "size": MAX_BYTES // (1024 * 1024), "accepted": ACCEPTED}
    ),
    str,
)()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by the service (`files.check`)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED}))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", FILES_HELP)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = [file for file in data if file] if isinstance(data, list | tuple) else [data]
        files = [file for file in files if file]
        if not files:
            return super().clean(None, initial) or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Attach at most %(count)s files at once."), params={"count": MAX_FILES}
            )
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


def _category_choices(*, with_tops: bool) -> list:
    """The active categories grouped by their parent: the subcategories to choose from (a
    top-level category without any is offered itself); `with_tops` also offers each whole
    group, for a filter."""
    choices = []
    for top, children in selectors.categories():
        options = [(top.code, _("All of “%(name)s”") % {"name": top.label})] if with_tops else []
        options += [(child.code, child.label) for child in children] or [(top.code, top.label)]
        choices.append((top.label, options))
    return choices


def _text(label, rows=4, **kwargs) -> forms.CharField:
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


class CategoryField(forms.ChoiceField):
    def clean(self, value):
        code = super().clean(value)
        return Category.objects.filter(code=code).first() if code else None


# -- the list --------------------------------------------------------------------------------


class ListFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    category = CategoryField(label=_("Category"), required=False)
    function = forms.ChoiceField(label=_("Department"), required=False)
    level = forms.ChoiceField(label=_("Level"), required=False)
    late = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["state"].choices = [*everything, *State.choices]
        self.fields["category"].choices = [*everything, *_category_choices(with_tops=True)]
        self.fields["function"].choices = [*everything, *Function.choices]
        self.fields["level"].choices = [*everything, *Level.choices]

    def filters(self) -> dict:
        """The keyword arguments of `selectors.problem_list` (none when the form is wrong)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "state": data["state"],
            "category": data["category"],
            "function": data["function"],
            "level": data["level"],
            "late_only": data["late"],
        }


# -- raising ---------------------------------------------------------------------------------


class DraftForm(forms.Form):
    """The first step of raising a problem: what it is about, which is enough to look for
    answered questions like it."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = _text(_("Description"), rows=6)
    category = CategoryField(label=_("Category"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *_category_choices(with_tops=False)]


class RaiseForm(DraftForm):
    """The second step: the links and the files, then the service raises the problem."""

    employer = forms.CharField(
        label=_("Employer code"),
        required=False,
        max_length=20,
        help_text=_("Optional: the employer the problem is about, within your scope."),
    )
    books = forms.CharField(
        label=_("Social insurance numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: the books concerned, 10 digits each, separated by spaces."),
    )
    upload = forms.IntegerField(
        label=_("Upload number"),
        required=False,
        min_value=1,
        help_text=_("Optional: the number of a file you uploaded (see Uploads)."),
    )
    files = MultipleFileField(label=_("Attachments"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if scope.role(user) == Role.EMPLOYER:
            # An employer's user raises about their own employer, which the service adds.
            del self.fields["employer"]
            del self.fields["upload"]

    def clean_employer(self):
        code = self.cleaned_data["employer"].strip()
        if not code:
            return None
        found = scope.employers(self.user).filter(code=code).first()
        if found is None:
            raise forms.ValidationError(
                _("No employer with the code “%(code)s” is within your scope."),
                params={"code": code},
            )
        return found

    def clean_books(self):
        wanted = []
        for text in self.cleaned_data["books"].replace(",", " ").replace(";", " ").split():
            number = searched_book_number(text)
            if number is None or not is_book_number(number):
                raise forms.ValidationError(
                    _("“%(text)s” is not a social insurance number (10 digits)."),
                    params={"text": text},
                )
            wanted.append(number)
        wanted = list(dict.fromkeys(wanted))
        if len(wanted) > MAX_BOOKS:
            raise forms.ValidationError(
                _("Link at most %(count)s books."), params={"count": MAX_BOOKS}
            )
        found = list(scope.books(self.user).filter(number__in=wanted))
        missing = sorted(set(wanted) - {book.number for book in found})
        if missing:
            raise forms.ValidationError(
                _("No book with the number %(numbers)s is within your scope."),
                params={"numbers": ", ".join(missing)},
            )
        return found

    def clean_upload(self):
        number = self.cleaned_data["upload"]
        if number is None:
            return None
        found = Upload.objects.filter(pk=number).first()
        # One answer for an upload that does not exist and one the user may not name, so
        # that the form tells nothing of others' uploads.
        if found is None or not selectors.may_link_upload(self.user, found):
            raise forms.ValidationError(
                _("You have no upload number %(number)s."), params={"number": number}
            )
        return found


# -- the actions on a problem ----------------------------------------------------------------


class ButtonForm(forms.Form):
    """An action that needs nothing but its button (take, accept, share, stop sharing)."""


class TextForm(forms.Form):
    """An answer or an internal note, with its files."""

    text = _text(pgettext_lazy("problem", "Text"), rows=5)
    files = MultipleFileField(label=_("Attachments"))


class NoteForm(forms.Form):
    note = _text(_("Note"), rows=2, required=False, help_text=_("Optional."))


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), rows=3)


class CloseForm(forms.Form):
    note = _text(_("Why it is closed"), rows=2)


class AttachForm(forms.Form):
    files = MultipleFileField(label=_("Files"), required=True)


class RerouteForm(NoteForm):
    department = forms.ModelChoiceField(queryset=Department.objects.none(), label=_("Department"))
    field_order = ["department", "note"]

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        offered = [
            department.pk
            for function in Function
            for department in departments_for(problem.office, function)
            if department.pk != problem.department_id
        ]
        self.fields["department"].queryset = Department.objects.filter(
            pk__in=offered
        ).select_related("office")


class RecategoriseForm(NoteForm):
    category = CategoryField(label=_("New category"))
    field_order = ["category", "note"]

    def __init__(self, *args, problem, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "—"), *_category_choices(with_tops=False)]
        self.fields["category"].initial = problem.category.code
