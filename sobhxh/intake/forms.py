import math
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from sobhxh.accounts import scope
from sobhxh.accounts.models import Role
from sobhxh.units.models import Office

WORKBOOKS = {".xlsx", ".xls", ".ods"}
CSV = {".csv"}
MEGABYTE = 1024 * 1024
DEFAULT_MAX_BYTES = 200 * MEGABYTE


def max_upload_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes(size: int, *, up: bool = False) -> str:
    # A file just over the limit must not read as equal to it.
    whole = math.ceil(size / MEGABYTE) if up else round(size / MEGABYTE)
    return number_format(max(1, whole), force_grouping=True)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files from one <input type=file multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            if not data:
                return super().clean(None, initial)
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("Book file"),
        widget=MultipleFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )
    office = forms.ModelChoiceField(
        label=_("Office managing new employers"),
        help_text=_("For new employers whose rows give no office code."),
        queryset=Office.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("— none: the rows give the office —"),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run: check the file and report, write nothing"), required=False
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["files"].help_text = _(
            "One workbook (.xlsx, .xls, .ods) holding the books and their contribution "
            "history, or one or two CSV files (books, contribution history). At most "
            "%(limit)s MB."
        ) % {"limit": megabytes(max_upload_bytes())}
        if scope.role(user) == Role.CENTRAL:
            self.fields["office"].queryset = (
                scope.offices(user).exclude(level=Office.Level.CENTRE).order_by("code")
            )
        else:
            # An office's upload is made for that office: it is not a choice.
            del self.fields["office"]

    def clean_files(self) -> list:
        files = self.cleaned_data["files"]
        suffixes = [Path(f.name).suffix.lower() for f in files]
        if any(suffix not in WORKBOOKS | CSV for suffix in suffixes):
            raise forms.ValidationError(
                _("Only .xlsx, .xls, .ods and .csv files can be imported."), code="type"
            )
        workbooks = sum(suffix in WORKBOOKS for suffix in suffixes)
        if (workbooks and len(files) > 1) or len(files) > 2:
            raise forms.ValidationError(
                _("Choose one workbook, or one or two CSV files (books and contribution history)."),
                code="count",
            )
        if any(not f.size for f in files):
            raise forms.ValidationError(_("The file is empty."), code="empty")
        size, limit = sum(f.size for f in files), max_upload_bytes()
        if size > limit:
            raise forms.ValidationError(
                _(
                    "The file is too large (%(size)s MB): the limit is %(limit)s MB. Split the "
                    "list into several files, or ask the administrator to raise the limit."
                ),
                code="too_large",
                params={"size": megabytes(size, up=True), "limit": megabytes(limit)},
            )
        return files

    def upload_office(self) -> Office | None:
        """The office the upload is made for: the one chosen centrally, or the user's own."""
        if "office" in self.fields:
            return self.cleaned_data.get("office")
        found = scope.home(self.user)
        return found if isinstance(found, Office) else None
