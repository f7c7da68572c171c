from django.contrib import admin

from hyoka.evaluations.actions import observation_snapshot, record_change
from hyoka.evaluations.admin import LockOnPost, RecordedAdmin, VersionedForm
from hyoka.evaluations.models import Change
from hyoka.jp import format_cell

from .models import Indicator, Observation, TargetRevision


class ObservationInline(admin.TabularInline):
    model = Observation
    form = VersionedForm  # a value saved since the page was opened (by its department, say) is not overwritten
    extra = 0
    fields = ["period_label", "fiscal_year", "value", "status", "text", "note", "position", "expected_version"]


class TargetRevisionInline(admin.TabularInline):
    """The target's history (目標改定), read only: a revision is made with ``revise_target`` (the KPI page's
    form), which also records it in the history; a row edited here would rewrite what was decided."""

    model = TargetRevision
    extra = 0
    can_delete = False
    fields = readonly_fields = [
        "position",
        "decided",
        "effective_from_fy",
        "before_value",
        "before_text",
        "before_label",
        "after_value",
        "after_text",
        "after_label",
        "reason",
        "by",
        "created_at",
    ]
    ordering = ["position"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(LockOnPost, RecordedAdmin):
    """Edits of a KPI (baseline, target …) and of its values are recorded; the KPI row is locked while saving,
    which serialises these saves with the cycle's own writes of its values."""

    list_display = ["name", "direction", "baseline", "target", "target_text", "plan"]
    list_filter = ["plan", "direction"]
    list_select_related = ["plan"]
    search_fields = ["name"]
    raw_id_fields = ["section", "project"]
    inlines = [ObservationInline, TargetRevisionInline]  # values first (tests and people find them there)

    def history_kwargs(self, obj: Indicator) -> dict:
        return {**super().history_kwargs(obj), "indicator": obj, "subject": obj.name}

    def save_formset(self, request, form, formset, change: bool) -> None:
        """Values edited here keep the same history as the cycle's, and bump each value's version."""
        if formset.model is not Observation:
            return super().save_formset(request, form, formset, change)
        stored = {o.pk: observation_snapshot(o) for o in Observation.objects.filter(indicator=form.instance)}
        saved = formset.save(commit=False)
        indicator = form.instance
        for observation in formset.deleted_objects:
            record = f"{indicator.name}（{observation.period_label}）（管理画面）"
            record_change(
                None, request.user, Change.Action.EDITED, record, stored[observation.pk], {}, indicator=indicator
            )
            observation.delete()
        for observation in saved:
            before = stored.get(observation.pk, {})  # a new value has no before
            observation.version += 1
            observation.save()
            record = f"{indicator.name}（{observation.period_label}）（管理画面）"
            after = observation_snapshot(observation)
            record_change(None, request.user, Change.Action.EDITED, record, before, after, indicator=indicator)
        formset.save_m2m()

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
