"""清瀬市 (seed 004): per strategy and policy, ◇initiative【status】 with its 施策 number in the
master plan, its budget items (10-digit code, name, department; a row each) and 取組内容; once entered, the year's
cost (事業費・人件費・総コスト) and direction per initiative."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from hyoka.reports.common import cost_table, finish, new_report, section_title
from hyoka.reports.data import PlanData, ProjectData
from hyoka.reports.model import Cell, Column, Heading, Part, Report, Table, Text

# The document's name: the report stays Japanese, the download table shows it translated.
LABEL = gettext_noop("戦略の展開・取り組み内容")


def build(data: PlanData) -> Report:
    report = new_report(data, f"{LABEL}（予算事務事業別）", "initiatives", landscape=True)
    if data.plan_projects:
        part = Part("計画全体").add(Heading("計画全体", 2), _table(data.plan_projects))
        report.parts.append(part.add(*cost_table(data.plan_projects, data)))
    for goal in data.goals:
        part = Part(f"{goal.section.level}{goal.section.number}").add(Heading(section_title(goal), 2))
        for node in goal.walk():
            if node is not goal:
                part.add(Heading(section_title(node), 3))
            if node.projects:
                part.add(_table(node.projects), *cost_table(node.projects, data))
                part.add(*(Text(f"※{n}", "note") for p in node.projects for n in p.project.notes))
            elif node is not goal or not goal.children:
                part.add(Text("取り組みの登録はありません。", "note"))
        report.parts.append(part)
    return finish(report, data)


def _table(projects: list[ProjectData]) -> Table:
    table = Table(
        [
            Column("取り組み", 26),
            Column("施策", 8),
            Column("コード", 12),
            Column("事業名", 20),
            Column("所管課", 12),
            Column("取組内容", 56),
        ],
        [],
        groups=[("", 2), ("予算事務事業", 3), ("", 1)],
    )
    # One row per budget item, as the city prints it, so a code stays beside its own name and department
    # however they wrap; the project's own cells span its rows. Without budget items: one row, with the
    # project's departments.
    for p in projects:
        links = list(p.project.budget_links.all())
        status = f"【{p.project.status}】" if p.project.status else ""
        table.add_group(
            [
                Cell(f"◇{p.project.name}{status}"),
                Cell("\n".join(p.project.policy_refs)),
                [Cell(link.budget_item.code or "—") for link in links],
                [Cell(link.budget_item.name) for link in links],
                [Cell(link.department.name if link.department else "") for link in links]
                or Cell("\n".join(p.departments)),
                Cell(p.project.description),
            ]
        )
    return table
