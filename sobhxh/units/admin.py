from django.contrib import admin

from .models import Employer, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent", "province"]


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "tax_code", "unit"]
    search_fields = ["code", "name", "tax_code"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    show_full_result_count = False
