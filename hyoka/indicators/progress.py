"""Progress of a plan's indicators: database rows in, the pure engine's verdicts out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from hyoka.engine import (
    GradeRule,
    IndicatorSpec,
    Point,
    Progress,
    Target,
    TargetChange,
    assess_in_force,
    revision_in_force,
)
from hyoka.evaluations.models import AchievementLevel
from hyoka.indicators.models import Indicator, Observation, TargetRevision
from hyoka.jp import format_cell, format_fiscal_year
from hyoka.plans.models import Plan
from hyoka.vocabulary import KPI_STATUSES, kpi_status

if TYPE_CHECKING:
    from hyoka.evaluations.visibility import Visibility

STATUS_LABELS = {code: term.label for code, term in KPI_STATUSES.items()}  # one home: hyoka.vocabulary


@dataclass(frozen=True)
class ProgressRow:
    indicator: Indicator
    latest: Observation | None  # the observation assessed, or the last one printed when none has a value
    progress: Progress
    observations: list[Observation] = field(default_factory=list)  # the visible ones, oldest first
    as_of: int | None = None  # the year asked for (a page's or report's year), when one was

    @cached_property  # a page asks for it several times a KPI (card, table, counts)
    def status(self) -> str:
        """The engine's verdict, or why there is none (判定不可, 目標なし) when the KPI has a value."""
        target = self.target
        has_value = any(o.value is not None for o in self.observations) or (
            self.latest is not None and self.latest.value is not None
        )
        return kpi_status(self.progress.status, has_value=has_value, target_value=target.value, target_text=target.text)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @cached_property
    def target(self) -> TargetInForce:
        """The target the assessed year was judged against (after a 改定, not always the KPI's own); with no
        year assessed (no values), the one in force in the year asked for, else now."""
        return target_in_force(self.indicator, self.progress.fiscal_year or self.as_of)


@dataclass(frozen=True)
class TargetInForce:
    """A KPI's target as printed, and the revision that set it (None: the original target)."""

    value: Decimal | None
    comparator: str
    text: str
    label: str
    fiscal_year: int | None
    revision: TargetRevision | None = None

    @property
    def revised(self) -> bool:
        return self.revision is not None


def revisions_of(indicator: Indicator) -> list[TargetRevision]:
    """The KPI's target revisions in the order decided (read by ``IndicatorQuerySet.with_values``)."""
    return indicator.revision_list


def original_target(indicator: Indicator) -> TargetInForce:
    """The target the plan first set: what the first revision replaced, or the KPI's own when never revised."""
    revisions = revisions_of(indicator)
    if not revisions:
        return _current(indicator)
    r = revisions[0]
    return TargetInForce(r.before_value, r.before_comparator, r.before_text, r.before_label, r.before_fiscal_year)


def target_in_force(indicator: Indicator, fiscal_year: int | None) -> TargetInForce:
    """The target in force in ``fiscal_year`` (None: now), by the engine's rule (``target_for_year``)."""
    revisions = revisions_of(indicator)
    index = revision_in_force([_change(r) for r in revisions], fiscal_year)
    if index is None:
        return original_target(indicator)
    r = revisions[index]
    return TargetInForce(r.after_value, r.after_comparator, r.after_text, r.after_label, r.after_fiscal_year, r)


@dataclass(frozen=True)
class YearInView:
    """What a KPI row of the entry form shows beside the value being entered for ``fiscal_year``."""

    last: Observation | None  # the latest value of an earlier year (前年度の値), None when there is none
    target: TargetInForce  # the target in force in the year entered, not today's
    interim: Decimal | None  # the year's interim target (中間目標), when the plan set one
    baseline_instead: bool = False  # no earlier value, but the baseline (基準値) is of an earlier year: show that


def year_in_view(indicator: Indicator, fiscal_year: int) -> YearInView:
    """From what ``IndicatorQuerySet.with_values`` read: no query."""
    earlier = [o for o in indicator.observation_list if (o.fiscal_year or o.year or fiscal_year) < fiscal_year]
    last = max(earlier, key=lambda o: (o.fiscal_year or o.year, o.position), default=None)
    baseline_year = indicator.baseline_fiscal_year or indicator.baseline_year
    baseline_instead = (
        last is None and indicator.baseline_value is not None and (baseline_year or fiscal_year) < fiscal_year
    )
    return YearInView(
        last, target_in_force(indicator, fiscal_year), indicator.interim_for(fiscal_year), baseline_instead
    )


def _current(k: Indicator) -> TargetInForce:
    return TargetInForce(
        k.target_value, k.target_comparator, k.target_text, k.target_label, k.target_fiscal_year or k.target_year
    )


def _engine_target(t: TargetInForce) -> Target:
    return Target(t.value, t.comparator or None, t.fiscal_year)


def _change(r: TargetRevision) -> TargetChange:
    return TargetChange(r.effective_from_fy, Target(r.after_value, r.after_comparator or None, r.after_fiscal_year))


def assess_indicator(
    indicator: Indicator,
    observations: Sequence[Observation],
    *,
    fiscal_year: int | None = None,
    rules: Sequence[GradeRule] = (),
) -> Progress:
    """The engine's verdict on the KPI's ``observations``, each year judged against the target in force then."""
    return assess_in_force(
        spec_for(indicator),
        [point_for(o) for o in observations],
        original=_engine_target(original_target(indicator)),
        revisions=[_change(r) for r in revisions_of(indicator)],
        fiscal_year=fiscal_year,
        rules=rules,
    )


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
        interim=indicator.interim,
    )


def point_for(observation: Observation) -> Point:
    # A statistic published by calendar year (合計特殊出生率, 平成29年) sits on the same axis as fiscal years.
    return Point(
        fiscal_year=observation.fiscal_year or observation.year,
        value=observation.value,
        status=observation.status,
    )


def grade_rules(plan: Plan, levels: Sequence[AchievementLevel] | None = None) -> list[GradeRule]:
    """The plan's achievement levels as the engine's rules (one query, none when ``levels`` are given)."""
    if levels is None:
        levels = AchievementLevel.objects.filter(scheme__plan=plan).order_by("position")
    return [GradeRule(code=a.code, min_percent=a.min_percent, max_percent=a.max_percent) for a in levels]


def progress_rows(
    plan: Plan,
    fiscal_year: int | None = None,
    visibility: Visibility | None = None,
    indicators=None,
    rules: list[GradeRule] | None = None,
) -> list[ProgressRow]:
    """One row per indicator of the plan (or ``indicators``, read by ``with_values``).

    Each KPI is judged against the target in force in the assessed year (``row.target``): a year before a
    target revision against the original target, a later year against the revised one.
    With a ``visibility``, observations the reader may not see (an opened, unpublished year) are dropped
    before assessing, in Python: the observations read are filtered, no query is added.
    """
    rules = grade_rules(plan) if rules is None else rules
    rows = []
    for indicator in Indicator.objects.for_plan(plan).with_values() if indicators is None else indicators:
        observations = visible_observations(indicator, visibility)
        result = assess_indicator(indicator, observations, fiscal_year=fiscal_year, rules=rules)
        latest = _assessed_observation(observations, result)
        rows.append(
            ProgressRow(
                indicator=indicator, latest=latest, progress=result, observations=observations, as_of=fiscal_year
            )
        )
    return rows


def visible_observations(indicator: Indicator, visibility: Visibility | None = None) -> list[Observation]:
    """The indicator's observations (``with_values``), in order, less those ``visibility`` hides."""
    observations = list(indicator.observation_list)
    if visibility is None or visibility.everything:
        return observations
    return visibility.observations(indicator, observations)


def _assessed_observation(observations: list[Observation], result: Progress) -> Observation | None:
    """The observation of the year the engine assessed (its value, or the pending one); else the last printed."""
    same_year = [o for o in observations if (o.fiscal_year or o.year) == result.fiscal_year]
    with_value = [o for o in same_year if o.value is not None]
    return (with_value or same_year or observations or [None])[-1]


def revision_note(row: ProgressRow) -> str:
    """One printed line (reports stay Japanese) saying which target the row shows when the KPI's target
    was revised: the revised one with the original beside it, or the original with what replaced it later."""
    revisions = revisions_of(row.indicator)
    if not revisions:
        return ""
    unit = row.indicator.unit
    shown = row.target
    if shown.revision is not None:
        r = shown.revision
        original = original_target(row.indicator)
        return (
            f"※目標値は{_date(r)}の改定後の値です（{format_fiscal_year(r.effective_from_fy)}から適用。"
            f"当初目標 {format_cell(original.value, unit, original.text)}。理由：{r.reason}）"
        )
    r = revisions[0]
    return (
        f"※目標値は当初の目標です。{_date(r)}の改定により、{format_fiscal_year(r.effective_from_fy)}からは"
        f"{format_cell(r.after_value, unit, r.after_text)}です（理由：{r.reason}）"
    )


def _date(r: TargetRevision) -> str:
    return f"{r.decided.year}年{r.decided.month}月{r.decided.day}日"
