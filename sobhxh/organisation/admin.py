from django.contrib import admin

from .models import Committee, Decision, DecisionChange, Department, Meeting, Member


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


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    """Committees are made with their offices: the admin may fix a name, the date and the
    number of the decision that set one up. Members, meetings and decisions are changed
    on the committee's pages, through the services that hold their rules."""

    list_display = ["name", "office", "established_on", "decision_number"]
    list_filter = ["office__level"]
    search_fields = ["name", "office__code", "office__name"]
    list_select_related = ["office"]
    readonly_fields = ["office"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "committee",
        "role",
        "title",
        "department",
        "active_from",
        "active_to",
    ]
    list_filter = ["role", "committee__office__level"]
    search_fields = ["full_name", "user__username", "committee__office__code"]
    list_select_related = ["committee", "user", "department__office"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["held_on", "committee", "place"]
    search_fields = ["committee__office__code", "place"]
    list_select_related = ["committee"]
    date_hierarchy = "held_on"


class DecisionChangeInline(admin.TabularInline):
    model = DecisionChange
    fields = ["at", "actor", "from_state", "to_state", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "owner", "due_on", "state"]
    list_filter = ["state"]
    search_fields = ["text", "meeting__committee__office__code"]
    list_select_related = ["meeting__committee", "owner__user"]
    inlines = [DecisionChangeInline]
