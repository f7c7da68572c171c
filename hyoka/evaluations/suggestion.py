"""The engine's word on an entry: which achievement level (達成度) the project's KPIs suggest for the year."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from hyoka.evaluations.models import AchievementLevel, Evaluation
from hyoka.indicators.progress import assess_indicator, grade_rules


@dataclass(frozen=True)
class Suggestion:
    code: str | None  # the suggested level's code, None when no KPI has a rate for the year
    reasons: list[str]  # one line per KPI: its name, rate and the level it suggests

    def contradicts(self, chosen: AchievementLevel | None, levels: list[AchievementLevel]) -> str | None:
        """A warning when the chosen level differs from the KPIs' suggestion, else None."""
        if not self.code or chosen is None or chosen.code == self.code:
            return None
        order = {level.code: i for i, level in enumerate(levels)}
        better = order.get(chosen.code, 0) < order.get(self.code, 0)
        if better:
            message = _("選んだ達成度「%(chosen)s」は、KPIの進捗から示される「%(suggested)s」より高い評価です。")
        else:
            message = _("選んだ達成度「%(chosen)s」は、KPIの進捗から示される「%(suggested)s」より低い評価です。")
        return message % {"chosen": chosen.code, "suggested": self.code} + _("理由を実績・取組状況に書いてください。")


def suggest_for(evaluation: Evaluation, indicators) -> Suggestion:
    """The worst level any of the project's KPIs suggests for the entry's year (a chain is as strong as…)."""
    rules = grade_rules(evaluation.project.plan)
    order = {rule.code: i for i, rule in enumerate(rules)}
    suggested: list[str] = []
    reasons = []
    for indicator in indicators:
        # judged against the target in force in the entry's year (a 改定 may have changed it since)
        result = assess_indicator(
            indicator, indicator.observation_list, fiscal_year=evaluation.fiscal_year, rules=rules
        )
        if result.fiscal_year != evaluation.fiscal_year or result.suggested_grade is None:
            continue
        suggested.append(result.suggested_grade)
        rate = result.achievement_rate if result.achievement_rate is not None else result.progress_percent
        reasons.append(f"{indicator.name}：{rate}% → {result.suggested_grade}")
    worst = max(suggested, key=lambda code: order.get(code, 0)) if suggested else None
    return Suggestion(code=worst, reasons=reasons)
