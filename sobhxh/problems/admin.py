"""The admin: categories are the routing table, edited here (function, deadline, name,
whether new problems may use it); problems are shown with their history and thread but
changed only through the services, so that every change keeps its history entry."""

from django.contrib import admin

from .models import Attachment, Category, Message, Problem, ProblemEvent


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "function", "deadline_days", "position", "active"]
    list_editable = ["function", "deadline_days", "active"]
    list_filter = ["function", "active", "parent"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    ordering = ["position", "code"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            kwargs["queryset"] = Category.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None) -> bool:
        # A category with problems stays (PROTECT); one no longer wanted is made inactive.
        return bool(obj is None or not obj.problems.exists()) and super().has_delete_permission(
            request, obj
        )


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class EventInline(ReadOnlyInline):
    model = ProblemEvent
    fields = ["at", "action", "from_state", "to_state", "from_department", "to_department",
              "actor", "note", "details"]  # fmt: skip
    readonly_fields = fields
    ordering = ["id"]


class MessageInline(ReadOnlyInline):
    model = Message
    fields = ["created_at", "kind", "author", "text"]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["created_at", "original_name", "content_type", "size", "uploaded_by", "message"]
    readonly_fields = fields


@admin.register(Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ["pk", "title", "category", "office", "department", "state", "due_on",
                    "overdue"]  # fmt: skip
    list_filter = ["state", "level", "overdue", "shareable", "category__function"]
    search_fields = ["title"]
    list_select_related = ["category__parent", "office", "department__office"]
    date_hierarchy = "created_at"
    inlines = [EventInline, MessageInline, AttachmentInline]
    readonly_fields = [
        "title", "description", "category", "raised_by", "office", "raiser_employer",
        "employer", "upload", "state", "department", "level", "due_on", "overdue",
        "escalated_at", "shareable", "resolution", "answered_at", "answered_in_time",
        "resolved_at", "created_at", "updated_at",
    ]  # fmt: skip
    exclude = ["books"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
