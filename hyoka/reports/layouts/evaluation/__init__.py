"""あきる野市 (seed 003): numbered projects grouped by goal and policy with 事業内容, 今後の方針 (the direction
chosen from the plan's list, then the department's words), targets, 担当課, grade, achievement level, cost and
the three viewpoints, and 実績 followed by the committee's opinion and the city's response; the plan's legend on
every page."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from hyoka.jp import format_fiscal_year
from hyoka.reports.common import finish, latest_cell, new_report, section_title, target_cell
from hyoka.reports.data import PlanData, ProjectData
from hyoka.reports.model import Cell, Column, Heading, Part, Report, Table, Text

# The document's name: the report stays Japanese, the download table shows it translated.
LABEL = gettext_noop("事業の実績及び評価")


def build(data: PlanData) -> Report:
    report = new_report(data, f"主な{LABEL}", "evaluation", landscape=True)
    if data.plan_projects:
        report.parts.append(Part("計画全体").add(Heading("計画全体", 2), _table(data, data.plan_projects)))
    for goal in data.goals:
        part = Part(f"{goal.section.level}{goal.section.number}").add(Heading(section_title(goal), 2))
        for node in goal.walk():
            if node is not goal:
                part.add(Heading(section_title(node), 3))
            if node.projects:
                part.add(_table(data, node.projects))
            elif node is not goal or not goal.children:
                part.add(Text("事業の登録はありません。", "note"))
        report.parts.append(part)
    return finish(report, data)


def _table(data: PlanData, projects: list[ProjectData]) -> Table:
    year = format_fiscal_year(data.fiscal_year) if data.fiscal_year else "当該年度"
    target_year = format_fiscal_year(data.plan.end_fy) if data.plan.end_fy else "計画期間"
    table = Table(
        [
            Column("No.", 5),
            Column("事業名", 14),
            Column("事業内容", 30),
            Column("今後の方針", 12),
            Column(f"《{target_year}目標値》", 18),
            Column("担当課", 10),
            Column("評価", 6),
            Column("達成度", 6),
            Column("コスト・評価の観点", 16),
            Column(f"{year}（実績・取組状況）", 36),
        ],
        [],
        groups=[("事業", 4), ("目標", 1), ("", 1), (f"{year}の評価", 4)],
    )
    for p in projects:
        e = p.evaluation
        narrative = e.narrative if e else "（評価未登録）"
        if e and e.references:
            narrative += "\n" + "　".join(f"→{r}" for r in e.references)
        if e and e.committee_opinion:
            narrative += f"\n【外部評価委員会の意見】{e.committee_opinion}"
        if e and e.city_response:
            narrative += f"\n【対応方針】{e.city_response}"
        table.rows.append(
            [
                Cell(p.project.number),
                Cell(p.project.name),
                Cell(p.project.description),
                Cell(_direction(e)),
                Cell("\n".join(_kpi_line(r) for r in p.kpis)),
                Cell("\n".join(p.departments)),
                Cell(e.grade.code if e and e.grade else "—"),
                Cell(e.achievement.code if e and e.achievement else "—"),
                Cell(_cost_and_viewpoints(e, p, data) if e else ""),
                Cell(narrative),
            ]
        )
    return table


def _kpi_line(row) -> str:
    k = row.indicator
    actual = latest_cell(row).text
    return f"{k.name}：{target_cell(row).text}（実績 {actual}）"


def _direction(e) -> str:
    """【継続】 then the department's own words, as the city's sheet prints its 今後の方針."""
    if e is None:
        return ""
    return "\n".join(part for part in (f"【{e.direction}】" if e.direction else "", e.future_direction) if part)


def _cost_and_viewpoints(e, p: ProjectData, data: PlanData) -> str:
    cost = e.cost(unit_cost=data.unit_cost, kpis=p.kpis)
    lines = []
    if cost.project is not None:
        lines.append(f"事業費 {_yen(cost.project)}（{'決算' if cost.from_settlement else '予算'}）")
    if e.person_years is not None:
        personnel = _yen(cost.personnel) if cost.personnel is not None else "単価未設定"
        lines.append(f"人件費 {e.person_years}人工 {personnel}")
    if cost.total is not None:
        lines.append(f"総コスト {_yen(cost.total)}")
    if cost.per_output is not None:
        lines.append(f"単位当たり {_yen(cost.per_output)}/{cost.output_unit or '件'}")
    lines += [f"{v['label']} {v['grade']}" for v in e.viewpoints() if v["grade"]]
    return "\n".join(lines)


def _yen(value) -> str:
    return f"{value:,.0f}円"
