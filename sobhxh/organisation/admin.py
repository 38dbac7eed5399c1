from django.contrib import admin

from .models import Department


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    """Departments are data, made with their offices: the admin lists them and may fix a
    name, but neither adds nor deletes one."""

    list_display = ["name", "office", "function"]
    list_filter = ["function", "office__level"]
    search_fields = ["name", "office__code", "office__name"]
    list_select_related = ["office"]
    readonly_fields = ["office", "function"]
    ordering = ["office__code", "function"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
