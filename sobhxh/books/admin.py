"""The admin for books: a window on the registry, writing only through the services.

A book's state is never edited here: it moves through the lifecycle actions (the web
application), and every change of its data made here is recorded by `edit_book` as an
event with old and new values. Periods and events are shown, not edited.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sobhxh.audit.services import record_book_view, record_list, record_search

from .details import EDITABLE_FIELDS
from .lifecycle import Via
from .models import Book, BookEvent, Period
from .numbers import searched_book_number
from .services import NewBook, edit_book, register_books, today
from .text import fold


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PeriodInline(ReadOnlyInline):
    model = Period
    fields = ["fund", "from_month", "to_month", "job", "wage", "rate"]
    readonly_fields = fields


class BookEventInline(ReadOnlyInline):
    model = BookEvent
    verbose_name_plural = _("history (events, oldest first)")
    fields = ["happened_on", "action", "from_state", "to_state", "details", "actor", "via",
              "recorded_at"]  # fmt: skip
    readonly_fields = fields
    ordering = ["id"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["number", "full_name", "birth_date", "sex", "employer", "state", "state_on"]
    list_filter = ["state", "sex", "birth_precision"]
    # Searches stay on indexes (see get_search_results): the registry is too big to scan.
    search_fields = ["number"]
    search_help_text = _("The 10-digit number, or the start of the name (with or without accents).")
    list_select_related = ["employer"]
    raw_id_fields = ["employer"]
    show_full_result_count = False
    readonly_fields = ["office", "state", "state_on", "created_at"]
    fields = [
        "number", "full_name", "birth_date", "birth_precision", "sex", "identity_number",
        "employer", "office", "issued_on", "state", "state_on", "created_at",
    ]  # fmt: skip
    inlines = [PeriodInline, BookEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "number"] if obj else self.readonly_fields

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if number := searched_book_number(term):
            return queryset.filter(number=number), False
        return queryset.filter(search_name__startswith=fold(term)), False

    def has_delete_permission(self, request, obj=None):
        return False

    # The admin shows personal data as the application does: each list and each book shown
    # is recorded in the access log.
    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) or {}
        changelist = changelist.get("cl")
        if changelist is not None:
            numbers = [book.number for book in changelist.result_list]
            if changelist.query:
                record_search(request, numbers=numbers, query=changelist.query, admin=True)
            else:
                record_list(request, numbers=numbers, admin=True)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        book = (getattr(response, "context_data", None) or {}).get("original")
        if book is not None:
            record_book_view(request, book.number)
        return response

    def save_model(self, request, obj, form, change):
        if change:
            changes = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name in EDITABLE_FIELDS
            }
            edit_book(book=obj, changes=changes, on=today(), actor=request.user, via=Via.WEB)
            return
        data = form.cleaned_data
        created = register_books(
            [
                NewBook(
                    number=data["number"],
                    full_name=data["full_name"],
                    birth_date=data["birth_date"],
                    birth_precision=data["birth_precision"],
                    sex=data["sex"],
                    identity_number=data["identity_number"],
                    employer_id=data["employer"].pk,
                    office_id=data["employer"].office_id,
                    issued_on=data["issued_on"],
                )
            ],
            on=today(),
            actor=request.user,
            via=Via.WEB,
        )
        obj.pk = created[data["number"]]
        obj.refresh_from_db()
