"""清瀬市 (seed 001): the revision points per section with the page range they revise, the
plan's long-range indicators and other cities' benchmark values."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_noop

from hyoka.reports.common import finish, kpi_table, new_report
from hyoka.reports.data import PlanData
from hyoka.reports.model import BarChart, Cell, Column, Heading, Part, Report, Table, Text

# The document's name: the report stays Japanese, the download table shows it translated.
LABEL = gettext_noop("改定ポイント")


def build(data: PlanData) -> Report:
    report = new_report(data, LABEL, "revision_points")
    points = Part(LABEL).add(Heading(f"{data.plan.title} {LABEL}", 2))
    for revision in data.revisions:
        pages = f"（{revision.pages}）" if revision.pages else ""
        points.add(Heading(f"{revision.section}{pages}", 3))
        points.add(*(Text(p, "point") for p in revision.points), *(Text(n, "note") for n in revision.notes))
    if not data.revisions:
        points.add(Text("改定ポイントの登録はありません。", "note"))
    sections = Table(
        [Column("区分", 14), Column("名称", 50), Column("対象ページ", 14)], [], caption="施策体系と対象ページ"
    )
    for goal in data.goals:
        for node in goal.walk():
            s = node.section
            sections.rows.append([Cell(f"{s.level}{s.number}"), Cell(s.title), Cell(s.pages or "—")])
    points.add(sections)
    report.parts.append(points)
    report.parts.append(_figures(data))
    return finish(report, data)


def _figures(data: PlanData) -> Part:
    part = Part("指標と比較値").add(Heading("計画全体の指標", 2))
    part.add(*kpi_table(data.plan_kpis or data.kpis, "指標"))
    if not data.kpis:
        part.add(Text("指標の登録はありません。", "note"))
    part.add(Heading("他地域との比較", 2))
    if not data.benchmarks:
        return part.add(Text("比較値の登録はありません。", "note"))
    table = Table(
        [
            Column("指標", 20),
            Column("地域", 14),
            Column("値", 10, numeric=True),
            Column("時点", 12),
            Column("出典", 40),
        ],
        [],
    )
    by_indicator: dict[str, list[tuple[str, Decimal]]] = defaultdict(list)
    for b in data.benchmarks:
        table.rows.append(
            [Cell(b.indicator), Cell(b.area), Cell.quantity(b.value, b.unit), Cell(b.period_label), Cell(b.source)]
        )
        by_indicator[b.indicator].append((b.area, b.value))
    part.add(table)
    return part.add(*(BarChart(name, bars) for name, bars in by_indicator.items()))
