from django.contrib import admin

from .models import Employer, Office


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent", "province"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tax_code", "office"]
    search_fields = ["code", "name", "tax_code"]
    list_select_related = ["office"]
    autocomplete_fields = ["office"]
    show_full_result_count = False
