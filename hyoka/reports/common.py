"""Parts and cells every layout shares: KPI cells, the progress summary per basic goal, KPI trend charts."""

from __future__ import annotations

import unicodedata
from collections import Counter
from decimal import Decimal

from hyoka.indicators.progress import STATUS_LABELS, ProgressRow, revision_note
from hyoka.jp import delta_phrase
from hyoka.reports.data import PlanData, SectionNode
from hyoka.reports.model import BarChart, Cell, Column, Heading, Part, Report, Table, Text, TrendChart
from hyoka.vocabulary import SUMMARY_STATUSES, summary_status

STATUSES = SUMMARY_STATUSES  # 達成・順調・遅れ・判定不可, the columns the plan page counts too
UNGRADED = "未評価"


def new_report(data: PlanData, title: str, layout: str, *, landscape: bool = False) -> Report:
    plan = data.plan
    name = f"{plan.title}　{plan.version}".strip() if plan.version else plan.title
    return Report(
        f"{data.year_label} {title}".strip(),
        name,
        plan.municipality.name,
        data.year_label,
        layout,
        legend=legend(data),
        landscape=landscape,
    )


def finish(report: Report, data: PlanData) -> Report:
    """Every layout ends with the summary per basic goal and the KPI trend charts."""
    report.parts += [summary_part(data), trend_part(data)]
    return report


def section_title(node: SectionNode) -> str:
    s = node.section
    return f"{s.level}{s.number}　{s.title}".strip() if s.number else f"{s.level}　{s.title}".strip()


def legend(data: PlanData) -> str:
    """The plan's evaluation scheme as one line; the stored legend text when the plan printed one."""
    if data.legend:
        return data.legend
    grades = "　".join(f"{g.code}：{g.label}" if g.label else g.code for g in data.grades)
    levels = "　".join(f"{a.code}：{a.label}" if a.label else a.code for a in data.achievement_levels)
    parts = [f"【評価】{grades}" if grades else "", f"【達成度】{levels}" if levels else ""]
    return "　".join(p for p in parts if p)


def baseline_cell(row: ProgressRow) -> Cell:
    k = row.indicator
    return Cell.quantity(k.baseline_value, k.unit, k.baseline_text)


def latest_cell(row: ProgressRow) -> Cell:
    o = row.latest
    if o is None:
        return Cell("—")
    return Cell.quantity(o.value, row.indicator.unit, o.text)


def target_cell(row: ProgressRow) -> Cell:
    """The target in force in the year the row was judged (after a 改定, the revised one; see revision_note)."""
    k, t = row.indicator, row.target
    cell = Cell.quantity(t.value, k.unit, t.text)
    printed = unicodedata.normalize("NFKC", t.text).replace(" ", "")
    if t.value is None or not printed or printed == cell.text:
        return cell
    if cell.text in printed:  # 528人（100％）, 年間15件: the printed target says more
        return Cell(t.text, cell.value, cell.unit)
    return Cell(f"{cell.text}（{t.text}）", cell.value, cell.unit)  # 基準値 → 50,909人（基準値）


def delta_cell(row: ProgressRow) -> Cell:
    """基準値からの増減 as computed (△24事業所); the document's own figure where nothing can be computed."""
    k = row.indicator
    if row.progress.delta is not None:
        return Cell(row.progress.delta_phrase or "", row.progress.delta, k.unit)
    if k.stated_delta_value is not None or k.stated_delta_text:
        return Cell.quantity(k.stated_delta_value, k.unit, k.stated_delta_text)
    return Cell("—")


def when(label: str) -> str:
    return f"（{label}）" if label else ""


def metric_delta(before: Decimal | None, after: Decimal | None, unit: str) -> str:
    if before is None or after is None:
        return ""
    return delta_phrase(after - before, unit or None, verb="増加" if unit not in ("人", "") else "増")


def summary_part(data: PlanData) -> Part:
    """Per basic goal: KPIs achieved / on track / behind / not judgeable (hyoka.vocabulary, as on the plan page),
    and the grades given, as tables and charts."""
    part = Part("進捗の概要").add(Heading(f"進捗の概要（{data.year_label}）"))
    groups: list[tuple[str, list[ProgressRow], list]] = []
    if data.plan_kpis or data.plan_projects:
        groups.append(("計画全体", data.plan_kpis, data.plan_projects))
    for goal in data.goals:
        nodes = goal.walk()
        groups.append((section_title(goal), [r for n in nodes for r in n.kpis], [p for n in nodes for p in n.projects]))

    status_cols = [Column(STATUS_LABELS[s], 8, numeric=True) for s in STATUSES]
    kpi_table = Table([Column("基本目標", 40), *status_cols, Column("計", 6, numeric=True)], [], caption="指標の状況")
    kpi_table.groups = [("", 1), ("指標（KPI）の数", len(STATUSES) + 1)]
    codes = [g.code for g in data.grades]
    grade_counts = [
        Counter(p.evaluation.grade.code if p.evaluation and p.evaluation.grade else UNGRADED for p in ps)
        for _, _, ps in groups
    ]
    if any(c[UNGRADED] for c in grade_counts):
        codes.append(UNGRADED)
    grade_table = Table(
        [Column("基本目標", 40), *(Column(c, 6, numeric=True) for c in codes), Column("計", 6, numeric=True)],
        [],
        caption=f"評価の分布（{data.year_label}）",
    )
    grade_table.groups = [("", 1), ("事業の数", len(codes) + 1)]
    charts: list = []
    for (title, rows, projects), grades in zip(groups, grade_counts, strict=True):
        counts = Counter(summary_status(r.status) for r in rows)
        kpi_table.rows.append([Cell(title), *(_count(counts[s]) for s in STATUSES), _count(len(rows))])
        grade_table.rows.append([Cell(title), *(_count(grades[c]) for c in codes), _count(len(projects))])
        if rows:  # a goal without KPIs gets no empty chart
            status_bars = [(STATUS_LABELS[s], Decimal(counts[s])) for s in STATUSES]
            charts.append(BarChart(f"{title[:24]} 指標の状況", status_bars, "件"))
        if data.grades and projects:
            charts.append(BarChart(f"{title[:24]} 評価の分布", [(c, Decimal(grades[c])) for c in codes], "事業"))
    part.add(kpi_table)
    if data.grades:
        part.add(grade_table)
    else:
        part.add(Text("この計画には評価基準（評価区分）が登録されていないため、評価の分布はありません。", "note"))
    return part.add(*charts)


def trend_part(data: PlanData) -> Part:
    """Per KPI: a trend chart (baseline, actuals, target) and the values behind it."""
    part = Part("指標の推移").add(Heading("指標（KPI）の推移"))
    if not data.kpis:
        return part.add(Text("この計画には指標（KPI）が登録されていません。", "note"))
    for row in data.kpis:
        k = row.indicator
        observations = [o for o in k.observations.all() if row.latest is None or o.position <= row.latest.position]
        points = [(o.period_label or "—", o.value) for o in observations]
        part.add(Heading(k.name, 3))
        part.add(TrendChart(k.name, k.unit, points, k.baseline_value, row.target.value))
        table = Table(
            [Column("区分", 8), Column("時点", 18), Column("値", 14, numeric=True), Column("表記・注記", 50)], []
        )
        table.rows.append([Cell("基準値"), Cell(k.baseline_label or "—"), baseline_cell(row), Cell("")])
        for o in observations:
            note = "　".join(x for x in (o.text, o.note, "" if o.status == "final" else o.get_status_display()) if x)
            table.rows.append(
                [Cell("実績値"), Cell(o.period_label or "—"), Cell.quantity(o.value, k.unit, o.text), Cell(note)]
            )
        table.rows.append([Cell("目標値"), Cell(row.target.label or "—"), target_cell(row), Cell(row.target.text)])
        if revised := revision_note(row):  # 目標改定: the other target, dated, with its reason
            table.rows.append([Cell("目標改定"), Cell(""), Cell(""), Cell(revised.removeprefix("※"))])
        status = f"状況：{row.status_label}。{row.progress.explanation}"
        part.add(table, Text(status, "small"))
    return part


def _count(n: int) -> Cell:
    return Cell(str(n), Decimal(n), "")


def kpi_table(rows: list[ProgressRow], caption: str = "") -> list[Table | Text]:
    """The KPI table as 入間市 prints it: 指標, 基準値 and its year, latest value, 基準値からの増減, 目標値; ※ notes below."""
    table = Table(
        [
            Column("指標", 30),
            Column("値", 13, numeric=True),
            Column("時点", 9),
            Column("値", 13, numeric=True),
            Column("時点", 11),
            Column("基準値からの増減", 12, numeric=True),
            Column("値", 16, numeric=True),
            Column("時点", 9),
        ],
        [],
        groups=[("", 1), ("基準値", 2), ("現状値", 2), ("", 1), ("目標値", 2)],
        caption=caption,
    )
    notes: list[Text] = []
    for row in rows:
        k, o = row.indicator, row.latest
        table.rows.append(
            [
                Cell(k.name),
                baseline_cell(row),
                Cell(k.baseline_label),
                latest_cell(row),
                Cell(o.period_label if o else ""),
                delta_cell(row),
                target_cell(row),
                Cell(row.target.label),
            ]
        )
        notes += [Text(n if n.startswith("※") else f"※{n}", "note") for n in k.notes]
        if revised := revision_note(row):  # the original target beside the revised one (目標改定)
            notes.append(Text(revised, "note"))
    return [table, *notes] if rows else []


def cost_table(projects: list, data: PlanData) -> list[Table]:
    """事業費・人件費・総コスト and 今後の方向性 of the year's entries, for the layouts whose city prints no evaluation
    sheet (the evaluation layout has its own column): empty when no project of the list has any of them."""
    rows = []
    for p in projects:
        e = p.evaluation
        if e is None:
            continue
        cost = e.cost(unit_cost=data.unit_cost, kpis=p.kpis)
        if cost.project is None and cost.personnel is None and not e.direction:
            continue
        rows.append(
            [
                Cell(f"{p.project.number}　{p.project.name}".strip()),
                Cell.quantity(cost.project, "円"),
                Cell.quantity(cost.personnel, "円"),
                Cell.quantity(cost.total, "円"),
                Cell(e.direction),
            ]
        )
    if not rows:
        return []
    table = Table(
        [
            Column("事業名", 30),
            Column("事業費", 14, numeric=True),
            Column("人件費", 14, numeric=True),
            Column("総コスト", 14, numeric=True),
            Column("今後の方向性", 10),
        ],
        rows,
    )
    table.caption = f"事業費・人件費（{data.year_label}）"
    return [table]
