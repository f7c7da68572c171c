from django.contrib import admin

from .models import AchievementLevel, Evaluation, EvaluationMetric, EvaluationScheme, Grade


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


class AchievementLevelInline(admin.TabularInline):
    model = AchievementLevel
    extra = 0


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(admin.ModelAdmin):
    list_display = ["plan"]
    inlines = [GradeInline, AchievementLevelInline]


class MetricInline(admin.TabularInline):
    model = EvaluationMetric
    extra = 0
    fields = ["name", "value", "unit", "period_label", "fiscal_year", "text", "delta_text", "position"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["project", "fiscal_year", "grade", "achievement"]
    list_filter = ["fiscal_year", "grade", "achievement", "project__plan"]
    list_select_related = ["project", "grade", "achievement"]
    search_fields = ["project__name", "narrative"]
    raw_id_fields = ["project"]
    inlines = [MetricInline]
