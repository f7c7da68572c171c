"""The plan upkeep forms: they validate what was typed; the writes are ``hyoka.plans.upkeep``'s actions."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from hyoka.indicators.interim import InterimError, as_lines, pairs_of, parse_interim_lines, stored
from hyoka.indicators.models import Indicator
from hyoka.ingest.forms import _prefecture_choices
from hyoka.jp import municipalities
from hyoka.plans import upkeep
from hyoka.plans.fields import ManyChoiceField
from hyoka.plans.models import Department, Plan, Section
from hyoka.projects.models import Project

LEVEL_SEPARATOR = "＞"


class PlanForm(forms.ModelForm):
    """The plan's basic data; the level names (基本目標＞基本施策…) typed on one line."""

    levels = forms.CharField(
        label=_("施策の階層"),
        required=False,
        help_text=_("上位から「＞」で区切って入力します（例：基本目標＞基本施策＞施策の方向）"),
    )

    class Meta:
        model = Plan
        fields = ["title", "version", "kind", "start_fy", "end_fy", "source"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["levels"].initial = LEVEL_SEPARATOR.join(self.instance.section_levels)

    def clean_levels(self) -> list[str]:
        text = self.cleaned_data["levels"].replace(">", LEVEL_SEPARATOR)
        return [level.strip() for level in text.split(LEVEL_SEPARATOR) if level.strip()]

    def values(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields}
        return {**data, "section_levels": self.cleaned_data["levels"]}


class NewPlanForm(PlanForm):
    """A new plan: its city chosen by name from the national list (全国地方公共団体コード), nobody types a code."""

    municipality = forms.CharField(label=_("自治体名"), help_text=_("例：松戸市、東京都府中市"))
    prefecture = forms.ChoiceField(
        label=_("都道府県"),
        required=False,
        choices=_prefecture_choices,
        help_text=_("同じ名前の自治体が複数あるときだけ（例：府中市は東京都と広島県）"),
    )
    field_order = ["municipality", "prefecture", "title", "version", "kind", "start_fy", "end_fy", "levels"]

    class Meta(PlanForm.Meta):
        fields = ["title", "version", "kind", "start_fy", "end_fy"]  # the source comes with the first import

    def clean(self):
        data = super().clean()
        name, prefecture = data.get("municipality", "").strip(), data.get("prefecture") or None
        if not name:
            return data
        try:
            data["government"] = municipalities.find(name, prefecture)
        except municipalities.AmbiguousMunicipality as e:
            message = _("%(name)s は複数の都道府県にあります（%(candidates)s）。都道府県を選んでください。")
            self.add_error(
                "prefecture", forms.ValidationError(message, params={"name": e.name, "candidates": e.listed})
            )
        except municipalities.UnknownMunicipality:
            message = _("「%(name)s」は全国地方公共団体コードの一覧にありません。")
            self.add_error("municipality", forms.ValidationError(message, params={"name": name}))
        return data


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = upkeep.SECTION_FIELDS

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Section.objects.filter(plan=plan).order_by("position")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("（最上位）")
        if plan.section_levels and not self.instance.pk:
            self.fields["level"].widget = forms.TextInput(attrs={"list": "section-levels"})

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class InterimTargetsField(forms.CharField):
    """中間目標, one year a line (令和7年度 5,010); cleaned to what ``Indicator.interim_targets`` stores."""

    problems = {
        "shape": _("%(line)s行目：「年度 値」の形で入力してください（例：令和7年度 5,010）。"),
        "year": _("%(line)s行目：年度「%(text)s」を読めません（例：2025、令和7年度）。"),
        "value": _("%(line)s行目：値「%(text)s」を数値として読めません。"),
        "twice": _("%(line)s行目：%(text)sが2回あります。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return as_lines(pairs_of(value)) if isinstance(value, list) else value

    def clean(self, value):
        try:
            return stored(parse_interim_lines(super().clean(value) or ""))
        except InterimError as e:
            raise forms.ValidationError(self.problems[e.problem] % {"line": e.line, "text": e.text}) from e


class IndicatorForm(forms.ModelForm):
    """What a KPI is; a new KPI also gets its first target (later targets are revisions, on the KPI page)."""

    interim_targets = InterimTargetsField(
        label=_("中間目標"),
        help_text=_(
            "目標年度までの途中の年度に目指す値。1行に1年度（例：令和7年度 5,010）。その年度の進捗はこの値で判定します。"
        ),
    )

    class Meta:
        model = Indicator
        fields = upkeep.INDICATOR_FIELDS + upkeep.TARGET_FIELDS
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in upkeep.TARGET_FIELDS:
                del self.fields[name]
        self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by("position")
        self.fields["project"].queryset = Project.objects.filter(plan=plan).order_by("position")

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}


class ProjectForm(forms.ModelForm):
    departments = ManyChoiceField(
        label=_("所管課"), queryset=Department.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    budget_items = forms.CharField(
        label=_("予算事務事業"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("1行に1件：10桁のコード、名称、（課名）。例：0104010242 妊婦健康診査事業（健康推進課）"),
    )

    class Meta:
        model = Project
        fields = upkeep.PROJECT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["section"].queryset = Section.objects.filter(plan=plan).order_by("position")
        self.fields["departments"].queryset = Department.objects.filter(municipality_id=plan.municipality_id)
        if self.instance.pk and not self.is_bound:
            links = self.instance.department_links.order_by("position")
            self.fields["departments"].initial = [link.department_id for link in links]
            budget = self.instance.budget_links.select_related("budget_item", "department").order_by("position")
            self.fields["budget_items"].initial = "\n".join(upkeep.budget_line_text(b) for b in budget)

    def clean_departments(self) -> list[Department]:
        """The first department stays first (it is the one the cycle lists the project under)."""
        chosen = list(self.cleaned_data["departments"])
        order = (
            {link.department_id: link.position for link in self.instance.department_links.all()}
            if self.instance.pk
            else {}
        )
        return sorted(chosen, key=lambda d: (d.pk not in order, order.get(d.pk, 0), d.name))

    def clean_budget_items(self) -> list[upkeep.BudgetLine]:
        by_name = {d.name: d for d in self.fields["departments"].queryset}
        try:
            return upkeep.parse_budget_lines(self.cleaned_data["budget_items"], by_name)
        except upkeep.UpkeepError as e:
            raise forms.ValidationError(str(e)) from None

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class DepartmentForm(forms.Form):
    name = forms.CharField(label=_("課名"), max_length=100)


class SchemeForm(forms.Form):
    legend_text = forms.CharField(
        label=_("凡例（原文）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("計画書・評価シートに印刷する評価基準の説明"),
    )
    directions = forms.CharField(
        label=_("今後の方向性の選択肢"),
        required=False,
        help_text=_("「、」または改行で区切ります（例：拡充、継続、改善、縮小、統合、休止、廃止）"),
    )
    unit_cost_per_person_year = forms.DecimalField(
        label=_("人件費単価（1人工あたり・円）"), required=False, max_digits=15, decimal_places=0, min_value=0
    )

    def clean_directions(self) -> list[str]:
        return [d.strip() for d in re.split(r"[、,，\n]", self.cleaned_data["directions"]) if d.strip()]


NARROW_NUMBER = forms.NumberInput(attrs={"style": "width: 4.5em"})  # four columns fit a 375 px phone


class GradeForm(forms.Form):
    """One row of the grades (評価) or, with thresholds, of the achievement levels (達成度); a row whose code
    is blank is left out (a stored one is deleted)."""

    code = forms.CharField(
        label=_("記号"), max_length=10, required=False, widget=forms.TextInput(attrs={"style": "width: 3em"})
    )
    label = forms.CharField(
        label=_("意味"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"style": "min-width: 8em"}),
    )

    def choice(self) -> upkeep.SchemeChoice | None:
        data = self.cleaned_data
        if not data.get("code", "").strip():
            return None
        extra = {k: data[k] for k in ("min_percent", "max_percent") if k in data}
        return upkeep.SchemeChoice(code=data["code"].strip(), label=data.get("label", ""), **extra)


class LevelForm(GradeForm):
    min_percent = forms.DecimalField(
        label=_("下限（%以上）"), required=False, max_digits=9, decimal_places=3, widget=NARROW_NUMBER
    )
    max_percent = forms.DecimalField(
        label=_("上限（%未満）"), required=False, max_digits=9, decimal_places=3, widget=NARROW_NUMBER
    )


GradeFormSet = forms.formset_factory(GradeForm, extra=3)
LevelFormSet = forms.formset_factory(LevelForm, extra=3)
