"""Progress of a plan's indicators: database rows in, the pure engine's verdicts out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from hyoka.engine import GradeRule, IndicatorSpec, Point, Progress, assess
from hyoka.evaluations.models import AchievementLevel
from hyoka.indicators.models import Indicator, Observation
from hyoka.plans.models import Plan

if TYPE_CHECKING:
    from hyoka.evaluations.visibility import Visibility

STATUS_LABELS = {
    "achieved": "達成",
    "on_track": "順調",
    "behind": "遅れ",
    "no_data": "データなし",
    "pending": "集計中",
}


@dataclass(frozen=True)
class ProgressRow:
    indicator: Indicator
    latest: Observation | None  # the observation assessed, or the last one printed when none has a value
    progress: Progress
    observations: list[Observation] = field(default_factory=list)  # the visible ones, oldest first

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.progress.status]


def spec_for(indicator: Indicator) -> IndicatorSpec:
    return IndicatorSpec(
        name=indicator.name,
        unit=indicator.unit or None,
        direction=indicator.direction,
        baseline=indicator.baseline_value,
        baseline_fy=indicator.baseline_fiscal_year or indicator.baseline_year,
        target=indicator.target_value,
        target_comparator=indicator.target_comparator or None,
        target_fy=indicator.target_fiscal_year or indicator.target_year,
    )


def point_for(observation: Observation) -> Point:
    # A statistic published by calendar year (合計特殊出生率, 平成29年) sits on the same axis as fiscal years.
    return Point(
        fiscal_year=observation.fiscal_year or observation.year,
        value=observation.value,
        status=observation.status,
    )


def grade_rules(plan: Plan) -> list[GradeRule]:
    levels = AchievementLevel.objects.filter(scheme__plan=plan).order_by("position")
    return [GradeRule(code=a.code, min_percent=a.min_percent, max_percent=a.max_percent) for a in levels]


def progress_rows(
    plan: Plan, fiscal_year: int | None = None, visibility: Visibility | None = None, indicators=None
) -> list[ProgressRow]:
    """One row per indicator of the plan (or of ``indicators``, a queryset from ``Indicator.objects.for_plan``).

    With a ``visibility``, observations the reader may not see (an opened, unpublished year) are dropped
    before assessing, in Python: the prefetched observations are filtered, no query is added.
    """
    rules = grade_rules(plan)
    rows = []
    for indicator in Indicator.objects.for_plan(plan) if indicators is None else indicators:
        observations = visible_observations(indicator, visibility)
        result = assess(spec_for(indicator), [point_for(o) for o in observations], fiscal_year=fiscal_year, rules=rules)
        latest = _assessed_observation(observations, result)
        rows.append(ProgressRow(indicator=indicator, latest=latest, progress=result, observations=observations))
    return rows


def visible_observations(indicator: Indicator, visibility: Visibility | None = None) -> list[Observation]:
    """The indicator's prefetched observations, in order, less those ``visibility`` hides."""
    observations = list(indicator.observations.all())
    if visibility is None or visibility.everything:
        return observations
    return visibility.observations(indicator, observations)


def _assessed_observation(observations: list[Observation], result: Progress) -> Observation | None:
    """The observation of the year the engine assessed (its value, or the pending one); else the last printed."""
    same_year = [o for o in observations if (o.fiscal_year or o.year) == result.fiscal_year]
    with_value = [o for o in same_year if o.value is not None]
    return (with_value or same_year or observations or [None])[-1]
