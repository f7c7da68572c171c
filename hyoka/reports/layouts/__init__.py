"""Report layouts, one package each, all alike: ``LABEL`` (Japanese name) and ``build(data) -> Report``.

A new layout starts as a copy of the nearest one and is added to ``LAYOUTS``.
"""

from __future__ import annotations

from types import ModuleType

from django.db.models import Q

from hyoka.evaluations.models import Evaluation, EvaluationMetric
from hyoka.plans.models import Plan, Revision
from hyoka.projects.models import ProjectBudgetItem
from hyoka.reports.data import load_plan_data
from hyoka.reports.layouts import evaluation, initiatives, kpi_tables, progress_summary, revision_points
from hyoka.reports.model import Report

LAYOUTS: dict[str, ModuleType] = {
    "progress_summary": progress_summary,  # 青梅市: 事業の推進状況
    "kpi_tables": kpi_tables,  # 入間市: 数値目標・KPI・事業一覧
    "evaluation": evaluation,  # あきる野市: 主な事業の実績及び評価
    "initiatives": initiatives,  # 清瀬市: 戦略の展開・取り組み内容
    "revision_points": revision_points,  # 清瀬市: 改定ポイント
}


def default_layout(plan: Plan) -> str:
    """The layout whose content the plan has: revision points, budget items, grades, before/after metrics, else KPIs.

    Four cheap existence queries, so a plan page can mark the default without building a report.
    """
    if Revision.objects.filter(plan=plan).exists():
        return "revision_points"
    if ProjectBudgetItem.objects.filter(project__plan=plan).exists():
        return "initiatives"
    graded = Q(grade__isnull=False) | Q(achievement__isnull=False)
    if Evaluation.objects.filter(graded, project__plan=plan).exists():
        return "evaluation"
    if EvaluationMetric.objects.filter(evaluation__project__plan=plan, before__isnull=False).exists():
        return "progress_summary"
    return "kpi_tables"


def build_report(plan: Plan, layout: str | None = None, fiscal_year: int | None = None) -> Report:
    """The report model of ``plan`` in ``layout`` (default: the plan's own) as of ``fiscal_year``."""
    name = layout or default_layout(plan)
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; one of {', '.join(LAYOUTS)}")
    return LAYOUTS[name].build(load_plan_data(plan, fiscal_year))
