from django.contrib import admin

from .models import Indicator, Observation


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ["period_label", "fiscal_year", "value", "status", "text", "note", "position"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "direction", "baseline_value", "target_value", "target_text", "plan"]
    list_filter = ["plan", "direction"]
    list_select_related = ["plan"]
    search_fields = ["name"]
    raw_id_fields = ["section", "project"]
    inlines = [ObservationInline]
    fieldsets = [
        (
            None,
            {"fields": ["plan", "section", "project", "name", "unit", "direction", "definition", "source", "notes"]},
        ),
        ("基準値", {"fields": ["baseline_value", "baseline_text", "baseline_label", "baseline_fiscal_year"]}),
        (
            "目標値",
            {"fields": ["target_value", "target_comparator", "target_text", "target_label", "target_fiscal_year"]},
        ),
        ("記載の増減", {"fields": ["stated_delta_value", "stated_delta_text"]}),
    ]
