"""Report layouts, one package each, all alike: ``LABEL`` (Japanese name) and ``build(data) -> Report``.

A new layout starts as a copy of the nearest one and is added to ``LAYOUTS``.
"""

from __future__ import annotations

from types import ModuleType

from hyoka.plans.models import Plan
from hyoka.reports.data import PlanData, load_plan_data
from hyoka.reports.layouts import evaluation, initiatives, kpi_tables, progress_summary, revision_points
from hyoka.reports.model import Report

LAYOUTS: dict[str, ModuleType] = {
    "progress_summary": progress_summary,  # 青梅市: 事業の推進状況
    "kpi_tables": kpi_tables,  # 入間市: 数値目標・KPI・事業一覧
    "evaluation": evaluation,  # あきる野市: 主な事業の実績及び評価
    "initiatives": initiatives,  # 清瀬市: 戦略の展開・取り組み内容
    "revision_points": revision_points,  # 清瀬市: 改定ポイント
}


def default_layout(data: PlanData) -> str:
    """The layout whose content the plan's data has: revisions, budget items, grades, before/after metrics, else KPIs."""
    projects = data.projects()
    if data.revisions:
        return "revision_points"
    if any(p.project.budget_links.all() for p in projects):
        return "initiatives"
    if any(p.evaluation and (p.evaluation.grade_id or p.evaluation.achievement_id) for p in projects):
        return "evaluation"
    if any(m.before for p in projects if p.evaluation for m in p.evaluation.metrics.all()):
        return "progress_summary"
    return "kpi_tables"


def build_report(plan: Plan, layout: str | None = None, fiscal_year: int | None = None) -> Report:
    """The report model of ``plan`` in ``layout`` (default: the plan's own) as of ``fiscal_year``."""
    data = load_plan_data(plan, fiscal_year)
    name = layout or default_layout(data)
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; one of {', '.join(LAYOUTS)}")
    return LAYOUTS[name].build(data)
