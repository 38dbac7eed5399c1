"""Review rounds, handover batches and returned answer lists in the admin: to look at, never
to change. They are made by the services and the background job, together with the moves of
their books."""

from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from .models import HandoverBatch, ReturnedListUpload, ReviewRound


class ReadOnlyAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReviewRound)
class ReviewRoundAdmin(ReadOnlyAdmin):
    list_display = ["number", "employer", "office", "started_on", "book_count", "created_by"]
    list_select_related = ["employer", "office", "created_by"]
    list_filter = ["year"]
    search_fields = ["employer__code"]
    search_help_text = _("The employer code.")
    fields = [
        "number",
        "employer",
        "office",
        "started_on",
        "book_count",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(book_total=Count("lines"))

    @admin.display(description=_("number"))
    def number(self, obj):
        return obj.number

    @admin.display(description=_("books"), ordering="book_total")
    def book_count(self, obj):
        return obj.book_total


@admin.register(HandoverBatch)
class HandoverBatchAdmin(ReadOnlyAdmin):
    list_display = [
        "number",
        "employer",
        "office",
        "handed_on",
        "book_count",
        "received_count",
        "created_by",
    ]
    list_select_related = ["employer", "office", "created_by"]
    list_filter = ["year"]
    search_fields = ["employer__code"]
    search_help_text = _("The employer code.")
    fields = [
        "number",
        "employer",
        "office",
        "handed_on",
        "book_count",
        "received_count",
        "created_by",
        "created_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                book_total=Count("lines"),
                received_total=Count("lines", filter=Q(lines__received_on__isnull=False)),
            )
        )

    @admin.display(description=_("number"))
    def number(self, obj):
        return obj.number

    @admin.display(description=_("books"), ordering="book_total")
    def book_count(self, obj):
        return obj.book_total

    @admin.display(description=_("received"), ordering="received_total")
    def received_count(self, obj):
        return obj.received_total


@admin.register(ReturnedListUpload)
class ReturnedListUploadAdmin(ReadOnlyAdmin):
    list_display = ["pk", "file_name", "employer", "on", "status", "user", "created_at"]
    list_select_related = ["employer", "user"]
    list_filter = ["status"]
    search_fields = ["employer__code"]
    search_help_text = _("The employer code.")
    fields = [
        "employer",
        "file_name",
        "on",
        "status",
        "user",
        "created_at",
        "started_at",
        "finished_at",
        "outcome",
        "message",
        "message_en",
        "file",
        "task_id",
    ]
    readonly_fields = fields
