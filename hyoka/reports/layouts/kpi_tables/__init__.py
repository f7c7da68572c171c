"""入間市 (seed 002): per basic goal the numerical goal table, per policy the KPI table with ※ notes,
then the continuing and new projects (事業名, 取組内容, 所管課) and, once entered, their year's cost and direction."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from hyoka.reports.common import cost_table, finish, kpi_table, new_report, section_title
from hyoka.reports.data import PlanData, ProjectData
from hyoka.reports.model import Cell, Column, Heading, Part, Report, Table, Text

# The document's name: the report stays Japanese, the download table shows it translated.
LABEL = gettext_noop("数値目標・KPI・事業一覧")
STATUS_ORDER = ["継続", "新規", "拡充"]


def build(data: PlanData) -> Report:
    report = new_report(data, "まち・ひと・しごと創生総合戦略 対象事業", "kpi_tables")
    if data.plan_kpis or data.plan_projects:
        part = Part("計画全体").add(Heading("計画全体", 2))
        part.add(*kpi_table(data.plan_kpis, "数値目標"), *project_tables(data.plan_projects))
        part.add(*cost_table(data.plan_projects, data))
        report.parts.append(part)
    for goal in data.goals:
        part = Part(f"{goal.section.level}{goal.section.number}").add(Heading(section_title(goal), 2))
        part.add(*kpi_table(goal.kpis, "数値目標"), *project_tables(goal.projects), *cost_table(goal.projects, data))
        for node in goal.walk()[1:]:
            part.add(Heading(section_title(node), 3))
            part.add(*kpi_table(node.kpis, "重要業績評価指標（KPI）"), *project_tables(node.projects))
            part.add(*cost_table(node.projects, data))
            if not node.kpis and not node.projects:
                part.add(Text("指標・事業の登録はありません。", "note"))
        report.parts.append(part)
    return finish(report, data)


def project_tables(projects: list[ProjectData]) -> list[Table]:
    """One table per status, 継続 then 新規 then the rest, each in document order."""
    statuses = sorted({p.project.status for p in projects}, key=_status_key)
    tables = []
    for status in statuses:
        table = Table([Column("事業名", 26), Column("取組内容", 60), Column("所管課", 14)], [])
        table.caption = f"{status}事業" if status else "事業"
        for p in projects:
            if p.project.status == status:
                table.rows.append([Cell(p.project.name), Cell(p.project.description), Cell("、".join(p.departments))])
        tables.append(table)
    return tables


def _status_key(status: str) -> tuple[int, str]:
    return (STATUS_ORDER.index(status) if status in STATUS_ORDER else len(STATUS_ORDER), status)
