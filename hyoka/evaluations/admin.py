"""The admin of schemes, entries and history. Every edit here is recorded like the cycle's own steps
(RecordedAdmin, used by the plans, indicators and projects admins too), and the versioned rows
(Evaluation, Observation) carry their version in the form, so a stale admin form never overwrites a
newer save."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from hyoka.evaluations.actions import evaluation_snapshot, metric_snapshot, record_change

from .models import AchievementLevel, Change, Evaluation, EvaluationCycle, EvaluationMetric, EvaluationScheme, Grade


def field_values(obj: models.Model, names: list[str]) -> dict[str, str]:
    """The named concrete fields of a row as text, keyed by their Japanese label (verbose_name)."""
    values = {}
    for name in names:
        try:
            f = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field (expected_version)
            continue
        if not f.concrete or f.many_to_many:
            continue
        value = getattr(obj, name)
        values[str(f.verbose_name)] = "" if value is None else str(value)
    return values


class RecordedAdmin(admin.ModelAdmin):
    """Admin edits and deletions go into the history (変更履歴) with the plan and a readable subject.

    Subclasses say which plan a row belongs to (``history_plan_id``) and, for a KPI, pass it as the indicator.
    """

    def history_plan_id(self, obj) -> int | None:
        return getattr(obj, "plan_id", None)

    def history_kwargs(self, obj) -> dict:
        return {"plan_id": self.history_plan_id(obj), "subject": str(obj)[:400]}

    def save_model(self, request, obj, form, change: bool) -> None:
        names = form.changed_data if change else [f.name for f in obj._meta.concrete_fields if f.name != "id"]
        before = field_values(type(obj).objects.get(pk=obj.pk), names) if change else {}
        super().save_model(request, obj, form, change)
        record = f"{obj._meta.verbose_name}（管理画面）"
        after = field_values(obj, names)
        changed = {k for k in after if before.get(k) != after[k]}
        if changed:
            Change.objects.create(
                user=request.user,
                action=Change.Action.EDITED,
                record=record,
                before={k: v for k, v in before.items() if k in changed},
                after={k: after[k] for k in changed},
                **self.history_kwargs(obj),
            )

    def delete_model(self, request, obj) -> None:
        self._record_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self._record_deletion(request, obj)
        super().delete_queryset(request, queryset)

    def _record_deletion(self, request, obj) -> None:
        Change.objects.create(
            user=request.user,
            action=Change.Action.DELETED,
            record=f"{obj._meta.verbose_name}（管理画面）",
            before={str(obj._meta.verbose_name): str(obj)},
            **self.history_kwargs(obj),
        )


class VersionedForm(forms.ModelForm):
    """Carries the row's version as it was when the form was opened, and refuses a save against a newer one.

    The admin locks the row before validating (``get_object`` below), so the check and the save are one step.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            expected = data.get("expected_version")
            if expected is None or expected != self.instance.version:
                raise forms.ValidationError(
                    _(
                        "開いた後に別の保存がありました（版 %(expected)s → %(current)s）。"
                        "上書きを防ぐため保存していません。開き直して最新の内容を確認してください。"
                    )
                    % {"expected": "—" if expected is None else expected, "current": self.instance.version},
                    code="stale",
                )
            year_locked(self.instance)
        return data


def year_locked(instance) -> None:
    """Refuse an admin edit of a published year's entry or value: that year changes only through a reopen."""
    if isinstance(instance, Evaluation):
        plan_id, year = instance.project.plan_id, instance.fiscal_year
    else:
        plan_id, year = instance.indicator.plan_id, instance.fiscal_year or instance.year
    cycle = EvaluationCycle.objects.filter(plan_id=plan_id, fiscal_year=year).first() if year else None
    if cycle is not None and cycle.is_published:
        raise forms.ValidationError(
            _("%(year)s年度は公開済みのため編集できません。訂正には、理由を添えて年度を再開してください。")
            % {"year": year},
            code="locked",
        )


class LockOnPost:
    """On a POST the admin fetches the row FOR UPDATE, so validating its version and saving cannot interleave
    with another save (the admin runs the whole view in one transaction)."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method != "POST":
            return obj
        return type(obj).objects.select_for_update(of=("self",)).get(pk=obj.pk)


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


class AchievementLevelInline(admin.TabularInline):
    model = AchievementLevel
    extra = 0


@admin.register(EvaluationScheme)
class EvaluationSchemeAdmin(RecordedAdmin):
    list_display = ["plan"]
    inlines = [GradeInline, AchievementLevelInline]


class MetricInline(admin.TabularInline):
    model = EvaluationMetric
    extra = 0
    fields = ["name", "value", "unit", "period_label", "fiscal_year", "text", "delta_text", "position"]


@admin.register(Evaluation)
class EvaluationAdmin(LockOnPost, admin.ModelAdmin):
    """Edits here keep the cycle's history and bump the version, so an open entry form is not overwritten,
    and are refused when the entry was saved since this form was opened; the workflow state changes only
    through the cycle's own steps."""

    form = VersionedForm
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
        record_change(obj, request.user, Change.Action.EDITED, "評価（管理画面）", before, evaluation_snapshot(obj))

    def save_formset(self, request, form, formset, change: bool) -> None:
        """Metric rows (実績の数値) edited here are recorded like those saved through the entry form."""
        if formset.model is not EvaluationMetric:
            return super().save_formset(request, form, formset, change)
        evaluation = form.instance
        stored = {m.pk: metric_snapshot(m) for m in EvaluationMetric.objects.filter(evaluation=evaluation)}
        saved = formset.save(commit=False)
        for metric in formset.deleted_objects:
            record = f"実績の数値「{metric.name}」（管理画面）"
            record_change(evaluation, request.user, Change.Action.EDITED, record, stored[metric.pk], {})
            metric.delete()
        for metric in saved:
            metric.save()
            record = f"実績の数値「{metric.name}」（管理画面）"
            before = stored.get(metric.pk, {})
            record_change(evaluation, request.user, Change.Action.EDITED, record, before, metric_snapshot(metric))
        formset.save_m2m()


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The history as written: readable by the planning office, never added to, changed or deleted here."""

    list_display = ["at", "action", "plan", "subject", "record", "user"]
    list_filter = ["action", "plan"]
    list_select_related = ["plan", "user"]
    search_fields = ["subject", "record", "user__username"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
