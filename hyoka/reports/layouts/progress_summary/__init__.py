"""青梅市 (seed 000): per basic goal the highlighted KPIs, then each project's narrative with
its "before → after" metrics and delta phrase, and its attached images; once entered, the year's cost and
direction of the goal's projects in one table."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_noop

from hyoka.reports.common import cost_table, finish, kpi_table, metric_delta, new_report, section_title
from hyoka.reports.data import PlanData, ProjectData
from hyoka.reports.model import Cell, Column, Heading, Part, Report, Table, Text

# The document's name: the report stays Japanese, the download table shows it translated.
LABEL = gettext_noop("事業の推進状況")


def build(data: PlanData) -> Report:
    report = new_report(data, f"{LABEL}概要", "progress_summary")
    if data.plan_kpis or data.plan_projects:
        report.parts.append(_part("計画全体", "計画全体", data.plan_kpis, data.plan_projects, data))
    for goal in data.goals:
        nodes = goal.walk()
        kpis = [r for n in nodes for r in n.kpis]
        projects = [p for n in nodes for p in n.projects]
        report.parts.append(
            _part(f"{goal.section.level}{goal.section.number}", section_title(goal), kpis, projects, data)
        )
    return finish(report, data)


def _part(name: str, title: str, kpis: list, projects: list[ProjectData], data: PlanData) -> Part:
    part = Part(name).add(Heading(title, 2))
    part.add(*kpi_table(kpis, "指標"))
    for p in projects:
        part.add(Heading(f"{p.project.number}　{p.project.name}".strip(), 4))
        evaluation = p.evaluation
        part.add(Text(evaluation.narrative if evaluation and evaluation.narrative else p.project.description))
        if p.departments:
            part.add(Text(f"所管課：{'、'.join(p.departments)}", "small"))
        metrics = list(evaluation.metrics.all()) if evaluation else []
        if metrics:
            part.add(_metrics_table(metrics))
        part.add(*(Text(f"【{a.get_kind_display()}】{a.title}", "small") for a in p.project.attachments.all()))
        part.add(*(Text(n, "note") for n in p.project.notes))
    part.add(*cost_table(projects, data))
    if not kpis and not projects:
        part.add(Text("この基本目標には指標・事業が登録されていません。", "note"))
    return part


def _metrics_table(metrics: list) -> Table:
    """前回 ↓ 今回 with the change Hyoka computes and, where it differs, the phrase the document printed."""
    table = Table(
        [
            Column("項目", 24),
            Column("時点", 12),
            Column("値", 12, numeric=True),
            Column("時点", 12),
            Column("値", 12, numeric=True),
            Column("増減", 14),
            Column("資料の記載", 12),
        ],
        [],
        groups=[("", 1), ("前回", 2), ("今回", 2), ("", 2)],
    )
    for m in metrics:
        before = m.before or {}
        before_value = before.get("value")
        before_value = Decimal(str(before_value)) if before_value is not None else None
        label = (before.get("period") or {}).get("label", "")
        delta = metric_delta(before_value, m.value, m.unit)
        table.rows.append(
            [
                Cell(m.name),
                Cell(label),
                Cell.quantity(before_value, m.unit, before.get("text")) if before else Cell("—"),
                Cell(m.period_label),
                Cell.quantity(m.value, m.unit, m.text),
                Cell(delta or "—"),
                Cell(m.delta_text if m.delta_text and m.delta_text != delta else ""),
            ]
        )
    return table
