from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import Profile


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    extra = 0
    max_num = 1
    raw_id_fields = ["office", "employer"]
    autocomplete_fields = ["department"]


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class UserWithProfileAdmin(UserAdmin):
    inlines = [ProfileInline]
    list_display = [*UserAdmin.list_display, "profile__role", "profile__department"]
    list_select_related = ["profile__department__office"]
    list_filter = [*UserAdmin.list_filter, "profile__role", "profile__department__function"]
