"""The money in the admin: read only. Rates, budgets and settlements are written on the
money pages, through the services that check who may write them; the database refuses any
change of a rate or an approved settlement anyway."""

from django.contrib import admin

from .models import Budget, Settlement, UnitCost


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UnitCost)
class UnitCostAdmin(ReadOnly):
    list_display = ["activity", "amount", "valid_from", "is_example", "legal_basis"]
    list_filter = ["activity", "is_example"]


@admin.register(Budget)
class BudgetAdmin(ReadOnly):
    list_display = ["province", "year", "amount", "entered_at"]
    list_filter = ["year"]
    list_select_related = ["province"]


@admin.register(Settlement)
class SettlementAdmin(ReadOnly):
    list_display = ["province", "year", "state", "spent", "submitted_at"]
    list_filter = ["year", "state"]
    list_select_related = ["province"]
