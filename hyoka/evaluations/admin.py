from django.contrib import admin
from django.utils import timezone

from hyoka.evaluations.actions import evaluation_snapshot, record_change

from .models import AchievementLevel, Change, Evaluation, EvaluationMetric, EvaluationScheme, Grade


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
    """Edits here keep the cycle's history and bump the version, so an open entry form is not overwritten;
    the workflow state changes only through the cycle's own steps."""

    list_display = ["project", "fiscal_year", "grade", "achievement", "status"]
    readonly_fields = ["status", "version", "updated_at", "updated_by"]
    list_filter = ["fiscal_year", "grade", "achievement", "project__plan"]
    list_select_related = ["project", "grade", "achievement"]
    search_fields = ["project__name", "narrative"]
    raw_id_fields = ["project"]
    inlines = [MetricInline]

    def save_model(self, request, obj: Evaluation, form, change: bool) -> None:
        before = evaluation_snapshot(Evaluation.objects.get(pk=obj.pk)) if change else {}
        obj.version += 1
        obj.updated_at, obj.updated_by = timezone.now(), request.user
        super().save_model(request, obj, form, change)
        record_change(obj, request.user, Change.Action.SAVED, "評価（管理画面）", before, evaluation_snapshot(obj))
