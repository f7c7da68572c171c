from django.contrib import admin

from hyoka.jp import format_cell

from .models import Indicator, Observation


class ObservationInline(admin.TabularInline):
    model = Observation
    extra = 0
    fields = ["period_label", "fiscal_year", "value", "status", "text", "note", "position"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "direction", "baseline", "target", "target_text", "plan"]
    list_filter = ["plan", "direction"]
    list_select_related = ["plan"]
    search_fields = ["name"]
    raw_id_fields = ["section", "project"]
    inlines = [ObservationInline]

    @admin.display(description="基準値", ordering="baseline_value")
    def baseline(self, indicator: Indicator) -> str:
        return format_cell(indicator.baseline_value, indicator.unit, indicator.baseline_text)

    @admin.display(description="目標値", ordering="target_value")
    def target(self, indicator: Indicator) -> str:
        return format_cell(indicator.target_value, indicator.unit)

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
