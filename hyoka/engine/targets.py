"""Which target a KPI is judged against in a given year, when the plan revised it (目標改定).

A city lowers 合計特殊出生率 from 1.8 to 1.6 in its 改定 of FY2022: FY2020 and FY2021 were set out to
reach 1.8 and are still judged against 1.8; from FY2022 the year is judged against 1.6. Pure Python,
no Django; the rule is written out in docs/progress.md ("Target revisions").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from hyoka.engine.progress import Comparator, GradeRule, IndicatorSpec, Point, Progress, assess


@dataclass(frozen=True)
class Target:
    """A target as the engine needs it: value and comparator, and the fiscal year it is set for."""

    value: Decimal | None
    comparator: Comparator | None
    fiscal_year: int | None


@dataclass(frozen=True)
class TargetChange:
    """One revision: from ``effective_from_fy`` on, ``after`` is the target; listed in the order decided."""

    effective_from_fy: int
    after: Target


def target_for_year(original: Target, revisions: Sequence[TargetChange], fiscal_year: int | None) -> Target:
    """The target in force in ``fiscal_year``.

    ``revisions`` are in the order they were decided. Of those already in force in the year
    (effective_from_fy ≤ fiscal_year) the one decided last wins: a later decision overrides an
    earlier one for every year it covers. None in force → the original. ``fiscal_year`` None asks
    for the target in force now: the last revision's, or the original.
    """
    index = revision_in_force(revisions, fiscal_year)
    return original if index is None else revisions[index].after


def revision_in_force(revisions: Sequence[TargetChange], fiscal_year: int | None) -> int | None:
    """The index of the revision whose target is in force in ``fiscal_year`` (None: the original's);
    the rule of ``target_for_year``, for callers that need to know which revision set the target."""
    if fiscal_year is None:
        return len(revisions) - 1 if revisions else None
    in_force = [i for i, r in enumerate(revisions) if r.effective_from_fy <= fiscal_year]
    return in_force[-1] if in_force else None


def spec_with_target(spec: IndicatorSpec, target: Target) -> IndicatorSpec:
    """``spec`` judged against ``target`` (value, comparator and target year) instead of its own."""
    return replace(spec, target=target.value, target_comparator=target.comparator, target_fy=target.fiscal_year)


def assess_in_force(
    spec: IndicatorSpec,
    points: Sequence[Point],
    *,
    original: Target,
    revisions: Sequence[TargetChange],
    fiscal_year: int | None = None,
    rules: Sequence[GradeRule] = (),
) -> Progress:
    """``assess`` against the target in force in the assessed year (``spec``'s own target is not used
    when there are revisions). Without ``fiscal_year`` the engine picks the latest year with a value,
    so that year's target is looked up once the year is known."""
    if not revisions:
        return assess(spec, points, fiscal_year=fiscal_year, rules=rules)
    now = target_for_year(original, revisions, fiscal_year)
    result = assess(spec_with_target(spec, now), points, fiscal_year=fiscal_year, rules=rules)
    if fiscal_year is not None or result.fiscal_year is None or result.actual is None:
        return result
    then = target_for_year(original, revisions, result.fiscal_year)
    if then == now:
        return result
    return assess(spec_with_target(spec, then), points, fiscal_year=result.fiscal_year, rules=rules)
