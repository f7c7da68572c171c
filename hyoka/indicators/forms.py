"""The planning office's form for a target revision (目標改定) on the KPI page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hyoka.evaluations.forms import QuantityField
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import TargetInForce
from hyoka.jp import format_fiscal_year


class TargetRevisionForm(forms.Form):
    value = QuantityField(required=False, label=_("新しい目標値"))
    comparator = forms.ChoiceField(choices=[("", "—"), *Indicator.Comparator.choices], required=False, label=_("比較"))
    text = forms.CharField(max_length=200, required=False, label=_("目標値（表記）"))
    fiscal_year = forms.IntegerField(min_value=1989, max_value=2100, required=False, label=_("目標年度（西暦）"))
    effective_from_fy = forms.IntegerField(min_value=1989, max_value=2100, label=_("適用開始年度（西暦）"))
    decided = forms.DateField(label=_("改定日"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, label=_("改定の理由"))

    @classmethod
    def for_indicator(cls, k: Indicator) -> TargetRevisionForm:
        """An empty form starting from the KPI's current target, decided today."""
        year = k.target_fiscal_year or k.target_year
        return cls(initial={"comparator": k.target_comparator, "fiscal_year": year, "decided": timezone.localdate()})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("value") is None and not (data.get("text") or "").strip() and "value" not in self.errors:
            raise forms.ValidationError(_("新しい目標値（数値または表記）を入力してください。"))
        return data

    def action_args(self) -> dict[str, Any]:
        """The keyword arguments of ``revise_target`` (less the indicator and who)."""
        return {name: self.cleaned_data[name] for name in self.fields}

    def after(self, k: Indicator) -> TargetInForce:
        """The new target as it will read (the period label kept when the target year is), for the confirmation."""
        d = self.cleaned_data
        year = k.target_fiscal_year or k.target_year
        same = d["fiscal_year"] in (None, year)
        label = k.target_label if same else format_fiscal_year(d["fiscal_year"])
        return TargetInForce(d["value"], d["comparator"], d["text"].strip(), label, year if same else d["fiscal_year"])
