"""The record a published year keeps (公開時の記録), and reading it back.

``publish_year`` freezes, per project and KPI, what the year published: each public entry as it stood
(grade and level as codes and labels, cost, viewpoints, direction, the committee's opinion and the city's
response, and the level the KPIs suggested — PublishedEvaluation), each KPI's rule (unit, direction, baseline,
the target in force that year), its values up to that year, the value used and the engine's verdict
(PublishedIndicator), the year's KPI values (PublishedObservation) and the scheme in force
(``EvaluationCycle.published_scheme``). Later edits of the plan — a revised target, a changed threshold or
unit cost — do not reach it: the year's reports print this record (``year_record``), and the public reads it
while the year is reopened (``visibility.py``). Publishing again replaces it.
"""

from __future__ import annotations

import copy
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from hyoka.engine import GradeRule
from hyoka.evaluations.models import (
    DEFAULT_DIRECTIONS,
    AchievementLevel,
    Evaluation,
    EvaluationCycle,
    EvaluationMetric,
    EvaluationScheme,
    Grade,
    PublishedEvaluation,
    PublishedIndicator,
    PublishedObservation,
)
from hyoka.indicators.models import Indicator, Observation
from hyoka.indicators.progress import ProgressRow, assess_indicator, target_in_force

if TYPE_CHECKING:
    from hyoka.evaluations.visibility import Visibility

SHEET_COPIED = [
    "budget_amount",
    "settlement_amount",
    "person_years",
    "necessity_grade",
    "necessity_comment",
    "effectiveness_grade",
    "effectiveness_comment",
    "efficiency_grade",
    "efficiency_comment",
    "direction",
    "committee_opinion",
    "city_response",
]
OBSERVATION_FIELDS = ["period_label", "fiscal_year", "year", "date", "value", "status", "text", "note", "position"]
RULE_FIELDS = [
    "name",
    "unit",
    "direction",
    "baseline_value",
    "baseline_text",
    "baseline_label",
    "baseline_fiscal_year",
    "baseline_year",
]


def scheme_snapshot(plan_id: int) -> dict[str, Any]:
    """The plan's scheme as it is now (two queries): grades, levels with thresholds, directions, unit cost."""
    scheme = EvaluationScheme.objects.filter(plan_id=plan_id).prefetch_related("grades", "achievement_levels").first()
    if scheme is None:
        return {"grades": [], "achievement_levels": [], "directions": list(DEFAULT_DIRECTIONS), "unit_cost": None}
    return {
        "legend_text": scheme.legend_text,
        "grades": [{"code": g.code, "label": g.label} for g in scheme.grades.all()],
        "achievement_levels": [
            {"code": a.code, "label": a.label, "min_percent": _text(a.min_percent), "max_percent": _text(a.max_percent)}
            for a in scheme.achievement_levels.all()
        ],
        "directions": list(scheme.directions or DEFAULT_DIRECTIONS),
        "unit_cost": _text(scheme.unit_cost_per_person_year),
    }


def freeze_year(cycle: EvaluationCycle, shown: Visibility) -> None:
    """Record what ``shown`` (the public's view) shows of the cycle's year, adding to the record what it lacks:
    the scheme, the entries not yet recorded, and the KPIs (all of them the first time; afterwards those of the
    projects whose entries are newly recorded, i.e. approved after publication). A fixed number of queries."""
    fy = cycle.fiscal_year
    if not cycle.published_scheme:
        cycle.published_scheme = scheme_snapshot(cycle.plan_id)
        cycle.save(update_fields=["published_scheme"])
    rules = grade_rules_of(cycle.published_scheme)
    recorded = set(cycle.published_evaluations.values_list("evaluation_id", flat=True))
    entries = [
        e
        for e in Evaluation.objects.for_cycle(cycle).select_related("grade", "achievement").prefetch_related("metrics")
        if e.pk not in recorded and shown.shows_evaluation(e)
    ]
    first = not cycle.published_indicators.exists()
    projects = {e.project_id for e in entries}
    results: dict[int | None, list] = defaultdict(list)  # the engine's verdicts per project
    frozen_kpis, frozen_values = [], []
    for position, indicator in enumerate(Indicator.objects.for_plan(cycle.plan).with_values()):
        if not first and indicator.project_id not in projects:
            continue
        visible = shown.observations(indicator, indicator.observation_list)
        kept = [o for o in visible if (o.fiscal_year or o.year or 0) <= fy]
        result = assess_indicator(indicator, kept, rules=rules)
        results[indicator.project_id].append(result)
        used = _assessed(kept, result)
        frozen_kpis.append(
            PublishedIndicator(
                cycle=cycle,
                indicator=indicator,
                name=indicator.name,
                rule=_rule(indicator, target_in_force(indicator, result.fiscal_year or fy)),
                observations=[_observation_fields(o) for o in kept],
                value_text=(used.text or _text(used.value) or "") if used else "",
                value_label=used.period_label if used else "",
                progress_percent=result.progress_percent,
                status=result.status,
                suggested_achievement=result.suggested_grade or "" if result.fiscal_year == fy else "",
                position=position,
            )
        )
        frozen_values += [
            PublishedObservation(cycle=cycle, indicator=indicator, **{f: getattr(o, f) for f in OBSERVATION_FIELDS})
            for o in kept
            if o.fiscal_year == fy or (o.fiscal_year is None and o.year == fy)
        ]
    if not first:
        cycle.published_indicators.filter(indicator__project_id__in=projects).delete()
        cycle.published_observations.filter(indicator__project_id__in=projects).delete()
    PublishedIndicator.objects.bulk_create(frozen_kpis)
    PublishedObservation.objects.bulk_create(frozen_values)
    order = {rule.code: i for i, rule in enumerate(rules)}
    unit_cost = cycle.published_scheme.get("unit_cost")
    PublishedEvaluation.objects.bulk_create(
        PublishedEvaluation(
            cycle=cycle,
            evaluation=e,
            grade_id=e.grade_id,
            achievement_id=e.achievement_id,
            grade_code=e.grade.code if e.grade else "",
            grade_label=e.grade.label if e.grade else "",
            achievement_code=e.achievement.code if e.achievement else "",
            achievement_label=e.achievement.label if e.achievement else "",
            suggested_achievement=_worst(results[e.project_id], fy, order),
            narrative=e.narrative,
            future_direction=e.future_direction,
            references=e.references,
            metrics=[_metric_fields(m) for m in e.metrics.all()],
            unit_cost_per_person_year=None if unit_cost is None else Decimal(unit_cost),
            **{name: getattr(e, name) for name in SHEET_COPIED},
        )
        for e in entries
    )


@dataclass(frozen=True)
class YearRecord:
    """A published year's record, as the year's reports read it."""

    cycle: EvaluationCycle
    evaluations: dict[int, PublishedEvaluation]  # by entry id
    indicators: list[PublishedIndicator]

    @property
    def scheme(self) -> dict[str, Any]:
        return self.cycle.published_scheme

    @property
    def unit_cost(self) -> Decimal | None:
        value = self.scheme.get("unit_cost")
        return None if value is None else Decimal(value)

    def grades(self) -> list[Grade]:
        return [Grade(code=g["code"], label=g["label"], position=i) for i, g in enumerate(self.scheme["grades"])]

    def achievement_levels(self) -> list[AchievementLevel]:
        return [
            AchievementLevel(
                code=a["code"],
                label=a["label"],
                min_percent=_decimal(a["min_percent"]),
                max_percent=_decimal(a["max_percent"]),
                position=i,
            )
            for i, a in enumerate(self.scheme["achievement_levels"])
        ]

    def rows(self, live: dict[int, Indicator]) -> list[ProgressRow]:
        """The KPIs as published, judged again from the record (the engine is pure, so the verdict is the one
        published): each row's indicator is the live one with the recorded rule in place of its own. A KPI
        deleted since is left out; one added since was not published and is not shown."""
        rules = grade_rules_of(self.scheme)
        rows = []
        for record in self.indicators:
            indicator = live.get(record.indicator_id)
            if indicator is None:
                continue
            frozen = frozen_indicator(indicator, record)
            observations = list(frozen.observation_list)
            result = assess_indicator(frozen, observations, rules=rules)
            rows.append(
                ProgressRow(
                    indicator=frozen,
                    latest=_assessed(observations, result),
                    progress=result,
                    observations=observations,
                    as_of=self.cycle.fiscal_year,
                )
            )
        return rows


def year_record(plan_id: int, fiscal_year: int | None) -> YearRecord | None:
    """The record of a published (and not reopened) year that has one, else None; three queries."""
    cycle = EvaluationCycle.objects.filter(
        plan_id=plan_id, fiscal_year=fiscal_year, published_at__isnull=False, reopened_at__isnull=True
    ).first()
    if cycle is None or not cycle.published_scheme:
        return None
    return YearRecord(
        cycle=cycle,
        evaluations={p.evaluation_id: p for p in cycle.published_evaluations.all()},
        indicators=list(cycle.published_indicators.order_by("position")),
    )


def as_published(live: Evaluation, published: PublishedEvaluation) -> Evaluation:
    """The live entry (same project, year and id, so links hold) with the recorded content in its place;
    grade and level as recorded (their codes and labels), whatever the scheme says since."""
    shown = copy.copy(live)
    shown.status = Evaluation.Status.APPROVED
    shown.grade = Grade(code=published.grade_code, label=published.grade_label) if published.grade_code else None
    shown.achievement = (
        AchievementLevel(code=published.achievement_code, label=published.achievement_label)
        if published.achievement_code
        else None
    )
    if not published.grade_code and not published.achievement_code:  # a copy kept before codes were recorded
        shown.grade, shown.achievement = published.grade, published.achievement
    shown.narrative, shown.future_direction = published.narrative, published.future_direction
    shown.references = published.references
    for name in SHEET_COPIED:
        setattr(shown, name, getattr(published, name))
    metrics = [_metric(live.pk, fields) for fields in published.metrics]
    shown._prefetched_objects_cache = {
        **getattr(live, "_prefetched_objects_cache", {}),
        "metrics": _cached(EvaluationMetric.objects.filter(evaluation_id=live.pk), metrics),
    }
    return shown


def frozen_indicator(live: Indicator, record: PublishedIndicator) -> Indicator:
    """The live KPI (same id, section and project) with the recorded rule, values and target in force."""
    frozen = copy.copy(live)
    rule = record.rule
    for name in RULE_FIELDS:
        setattr(frozen, name, rule[name])
    frozen.baseline_value = _decimal(rule["baseline_value"])
    target = rule["target"]
    frozen.target_value, frozen.target_comparator = _decimal(target["value"]), target["comparator"]
    frozen.target_text, frozen.target_label = target["text"], target["label"]
    frozen.target_fiscal_year, frozen.target_year = target["fiscal_year"], None
    frozen.observation_list = [_observation(frozen, fields) for fields in record.observations]
    frozen.revision_list = []  # the recorded target is the one in force: nothing to revise it
    return frozen


def grade_rules_of(scheme: dict[str, Any]) -> list[GradeRule]:
    return [
        GradeRule(code=a["code"], min_percent=_decimal(a["min_percent"]), max_percent=_decimal(a["max_percent"]))
        for a in scheme.get("achievement_levels", [])
    ]


# ---- internals ---------------------------------------------------------------------------------------


def _rule(indicator: Indicator, target) -> dict[str, Any]:
    rule = {name: getattr(indicator, name) for name in RULE_FIELDS}
    rule["baseline_value"] = _text(indicator.baseline_value)
    rule["target"] = {
        "value": _text(target.value),
        "comparator": target.comparator,
        "text": target.text,
        "label": target.label,
        "fiscal_year": target.fiscal_year,
        "revised": target.revised,
    }
    return rule


def _assessed(observations: list[Observation], result) -> Observation | None:
    """The observation of the year the engine assessed (its value, or the pending one); else the last."""
    same_year = [o for o in observations if (o.fiscal_year or o.year) == result.fiscal_year]
    with_value = [o for o in same_year if o.value is not None]
    return (with_value or same_year or observations or [None])[-1]


def _worst(results: list, fiscal_year: int, order: dict[str, int]) -> str:
    """The worst level the project's KPIs suggest for the year (as the entry form's suggestion)."""
    codes = [r.suggested_grade for r in results if r.fiscal_year == fiscal_year and r.suggested_grade]
    return max(codes, key=lambda code: order.get(code, 0)) if codes else ""


def _observation_fields(o: Observation) -> dict[str, Any]:
    fields = {name: getattr(o, name) for name in OBSERVATION_FIELDS}
    fields["value"] = _text(o.value)
    fields["date"] = o.date.isoformat() if o.date else None
    return fields


def _observation(indicator: Indicator, fields: dict[str, Any]) -> Observation:
    day = datetime.date.fromisoformat(fields["date"]) if fields.get("date") else None
    return Observation(indicator=indicator, **{**fields, "value": _decimal(fields["value"]), "date": day})


def _metric_fields(m: EvaluationMetric) -> dict[str, Any]:
    return {
        "name": m.name,
        "value": _text(m.value),
        "unit": m.unit,
        "text": m.text,
        "before": m.before,
        "delta_text": m.delta_text,
        "position": m.position,
        "period_label": m.period_label,
        "fiscal_year": m.fiscal_year,
        "year": m.year,
        "date": m.date.isoformat() if m.date else None,
    }


def _metric(evaluation_id: int, fields: dict) -> EvaluationMetric:
    day = datetime.date.fromisoformat(fields["date"]) if fields.get("date") else None
    return EvaluationMetric(evaluation_id=evaluation_id, **{**fields, "value": _decimal(fields["value"]), "date": day})


def _cached(queryset, items: list):
    """A queryset that reads ``items`` the way prefetch_related stores them, so ``x.related.all()`` returns them."""
    queryset._result_cache, queryset._prefetch_done = items, True
    return queryset


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None or value == "" else Decimal(value)
