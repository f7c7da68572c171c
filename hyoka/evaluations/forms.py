"""The department's entry form: the evaluation itself, one row per KPI of the project, and metrics."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from hyoka.evaluations.actions import (
    SHEET_FIELDS,
    EntryInput,
    MetricInput,
    ObservationInput,
    SheetInput,
    plan_directions,
)
from hyoka.evaluations.models import VIEWPOINTS, AchievementLevel, Change, Evaluation, Grade, ViewpointGrade
from hyoka.indicators.models import Observation
from hyoka.jp import QuantityError, format_fiscal_year, parse_quantity
from hyoka.precision import DECIMAL_PLACES, INTEGER_DIGITS, number_problem


class QuantityField(forms.CharField):
    """A number as staff type it: 1,234 / １２３ / △5 / 95.7% / 3万 — read by hyoka.jp, blank for none."""

    def to_python(self, value) -> Decimal | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            quantity = parse_quantity(text)
        except QuantityError as e:
            raise forms.ValidationError(
                _("「%(text)s」を数値として読めません（例：1,234　△5　95.7）。"), params={"text": text}
            ) from e
        if quantity.value is not None and number_problem(quantity.value):  # the one rule: hyoka.precision
            raise forms.ValidationError(
                _("「%(text)s」は大きすぎるか細かすぎます（整数部分%(integer)s桁・小数点以下%(places)s桁まで）。"),
                params={"text": text, "integer": INTEGER_DIGITS, "places": DECIMAL_PLACES},
            )
        return quantity.value


class EvaluationForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    grade = forms.ModelChoiceField(Grade.objects.none(), required=False, label=_("評価"))
    achievement = forms.ModelChoiceField(AchievementLevel.objects.none(), required=False, label=_("達成度"))
    narrative = forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), required=False, label=_("実績・取組状況"))
    future_direction = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("今後の方針"))
    direction = forms.ChoiceField(required=False, label=_("今後の方向性"))
    budget_amount = QuantityField(required=False, label=_("予算額（円）"))
    settlement_amount = QuantityField(required=False, label=_("決算額（円）"))
    person_years = QuantityField(required=False, label=_("人工"))
    necessity_grade = forms.ChoiceField(choices=[("", "—"), *ViewpointGrade.choices], required=False, label=_("必要性"))
    necessity_comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("必要性の説明")
    )
    effectiveness_grade = forms.ChoiceField(
        choices=[("", "—"), *ViewpointGrade.choices], required=False, label=_("有効性")
    )
    effectiveness_comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("有効性の説明")
    )
    efficiency_grade = forms.ChoiceField(
        choices=[("", "—"), *ViewpointGrade.choices], required=False, label=_("効率性")
    )
    efficiency_comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("効率性の説明")
    )

    def __init__(self, *args, evaluation: Evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        plan_id = evaluation.project.plan_id
        self.fields["grade"].queryset = Grade.objects.filter(scheme__plan_id=plan_id)
        self.fields["achievement"].queryset = AchievementLevel.objects.filter(scheme__plan_id=plan_id)
        choices = plan_directions(plan_id)
        if evaluation.direction and evaluation.direction not in choices:  # kept from a list the plan has changed
            choices.append(evaluation.direction)
        self.fields["direction"].choices = [("", "—"), *((d, d) for d in choices)]

    def viewpoint_fields(self) -> list[tuple]:
        """(label, grade field, comment field) per viewpoint, for the template."""
        return [(label, self[f"{key}_grade"], self[f"{key}_comment"]) for key, label in VIEWPOINTS]


class ObservationForm(forms.Form):
    indicator_id = forms.IntegerField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    period_label = forms.CharField(max_length=100, label=_("時点"))
    value = QuantityField(required=False, label=_("実績値"))
    text = forms.CharField(max_length=200, required=False, label=_("表記"))
    status = forms.ChoiceField(choices=Observation.Status.choices, label=_("状態"))
    note = forms.CharField(max_length=500, required=False, label=_("注記"))


class MetricForm(forms.Form):
    name = forms.CharField(max_length=200, required=False, label=_("項目"))
    value = QuantityField(required=False, label=_("値"))
    unit = forms.CharField(max_length=20, required=False, label=_("単位"))


ObservationFormSet = forms.formset_factory(ObservationForm, extra=0)
MetricFormSet = forms.formset_factory(MetricForm, extra=2)


def entry_input(form: EvaluationForm, observations, metrics) -> EntryInput:
    data = form.cleaned_data
    return EntryInput(
        grade_id=data["grade"].pk if data["grade"] else None,
        achievement_id=data["achievement"].pk if data["achievement"] else None,
        narrative=data["narrative"],
        future_direction=data["future_direction"],
        sheet=SheetInput(**{name: data[name] for name in SHEET_FIELDS}),
        observations=observation_inputs(observations),
        metrics=[
            MetricInput(name=f["name"], value=f["value"], unit=f["unit"])
            for f in metrics.cleaned_data
            if f and f.get("name")
        ],
    )


def observation_inputs(formset) -> list[ObservationInput]:
    return [
        ObservationInput(
            indicator_id=f["indicator_id"],
            period_label=f["period_label"],
            value=f["value"],
            text=f["text"],
            status=f["status"],
            note=f["note"],
            expected_version=f["version"],
        )
        for f in formset.cleaned_data
    ]


def observation_initial(indicators, fiscal_year: int) -> list[dict]:
    """One row per KPI (read by ``with_values``): the year's observation as stored (or an empty row labelled with
    the year)."""
    rows = []
    for indicator in indicators:
        same_year = [o for o in indicator.observation_list if o.fiscal_year == fiscal_year]
        o = same_year[-1] if same_year else None
        rows.append(
            {
                "indicator_id": indicator.pk,
                "version": o.version if o else 0,
                "period_label": o.period_label if o else format_fiscal_year(fiscal_year),
                "value": "" if o is None or o.value is None else o.value,
                "text": o.text if o else "",
                "status": o.status if o else "final",
                "note": o.note if o else "",
            }
        )
    return rows


class ReturnForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("差し戻しの理由"))


class CommitteeOpinionForm(forms.Form):
    prefix = "opinion"  # beside the comment form's own "text" on the entry page
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("外部評価委員会の意見"))


class CityResponseForm(forms.Form):
    prefix = "response"
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("対応方針"))


class CommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("コメント"))


class OpenCycleForm(forms.Form):
    fiscal_year = forms.IntegerField(min_value=1989, max_value=2100, label=_("評価年度（西暦）"))
    deadline = forms.DateField(label=_("提出期限"), widget=forms.DateInput(attrs={"type": "date"}))


class ReopenForm(forms.Form):
    """再開: why the published year is opened again (recorded), and, for a year with no cycle yet, a deadline."""

    fiscal_year = forms.IntegerField(min_value=1989, max_value=2100, label=_("評価年度（西暦）"))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("再開の理由"), max_length=2000)
    deadline = forms.DateField(required=False, label=_("提出期限"), widget=forms.DateInput(attrs={"type": "date"}))


class HistoryFilterForm(forms.Form):
    """The filters of a plan's history page: who, from, to, what kind of change."""

    user = forms.ModelChoiceField(queryset=None, required=False, label=_("変更者"))
    since = forms.DateField(required=False, label=_("開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, label=_("終了日"), widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.ChoiceField(choices=[("", _("すべて"))] + Change.Action.choices, required=False, label=_("操作"))

    def __init__(self, *args, plan_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth.models import User

        self.fields["user"].queryset = User.objects.filter(pk__in=Change.objects.filter(plan_id=plan_id).values("user"))

    def filter(self, changes):
        """The changes the filled-in filters keep (all when a filter is empty or invalid)."""
        if not self.is_valid():
            return changes
        data = self.cleaned_data
        if data["user"]:
            changes = changes.filter(user=data["user"])
        if data["since"]:
            changes = changes.filter(at__date__gte=data["since"])
        if data["until"]:
            changes = changes.filter(at__date__lte=data["until"])
        if data["action"]:
            changes = changes.filter(action=data["action"])
        return changes
