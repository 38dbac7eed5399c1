"""The admin shows the reports and decisions but changes none: a sent report is a record
(append-only in the database), written only through `services.submit` and `services.decide`."""

from django.contrib import admin

from .models import Decision, Draft, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "office",
        "month",
        "version",
        "submitted_by_name",
        "submitted_on",
        "due_on",
    ]
    list_filter = ["form", "month"]
    search_fields = ["number", "office__code", "office__name"]
    list_select_related = ["office"]
    date_hierarchy = "month"


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["report", "outcome", "decided_by_name", "decided_at"]
    list_filter = ["outcome"]
    list_select_related = ["report__office"]


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["office", "month", "updated_at"]
    list_select_related = ["office"]
