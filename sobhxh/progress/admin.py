from django.contrib import admin

from .models import Campaign, Milestone


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["due_on", "target_percent", "province"]
    raw_id_fields = ["province"]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "starts_on", "is_default"]
    inlines = [MilestoneInline]
