"""The access log in the admin, for central administrators only: to read, never to change.

Shown to a user of the centre who has the "view" permission of the log (superusers have
it); nobody can add, change or delete a row here. The list never counts the whole log
(`CappedPaginator`), and its search takes a book number, a day or a user name."""

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Access

COUNT_AT_MOST = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_AT_MOST rows: the log grows by the million, and a page of the
    newest rows should not wait for a count of all of them."""

    @cached_property
    def count(self) -> int:
        return self.object_list[:COUNT_AT_MOST].count()


@admin.register(Access)
class AccessAdmin(admin.ModelAdmin):
    list_display = ["when", "user", "action", "what", "books", "path"]
    list_filter = ["action", "at"]
    search_fields = ["numbers"]  # shows the box; the search itself is `selectors.matching`
    search_help_text = _(
        "A 10-digit book number, a day (dd/mm/yyyy) or a user name; several at once narrow "
        "the list."
    )
    list_select_related = ["user"]
    list_per_page = 100
    ordering = ["-at"]
    paginator = CappedPaginator
    show_full_result_count = False
    fields = ["when", "user", "action", "what", "numbers", "details", "path"]
    readonly_fields = fields

    def has_module_permission(self, request):
        return selectors.may_read(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return selectors.may_read(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        return selectors.matching(queryset, search_term), False

    @admin.display(description=_("time"), ordering="at")
    def when(self, obj):
        return f"{timezone.localtime(obj.at):%d/%m/%Y %H:%M:%S}"

    @admin.display(description=_("what was served"))
    def what(self, obj):
        return selectors.describe(obj)

    @admin.display(description=_("book numbers"))
    def books(self, obj):
        numbers = obj.number_list
        shown = " ".join(numbers[:3])
        return f"{shown} …" if len(numbers) > 3 else shown
