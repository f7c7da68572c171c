"""入間市's KPI tables after a target revision: 目標値 is the target in force in the report's year, the
other one is in a ※ note under the table."""

import datetime
from decimal import Decimal as D

import pytest

from hyoka.indicators.actions import revise_target
from hyoka.reports.layouts import build_report
from hyoka.reports.model import Table, Text

pytestmark = pytest.mark.django_db


@pytest.fixture
def iruma(people, demo_plans):
    """合計特殊出生率 (target 基準値 1.18 for H31) raised to 1.25 from FY2016."""
    plan = demo_plans["iruma_strategy_h29"]
    revise_target(
        indicator=plan.indicators.get(name="合計特殊出生率"),
        value=D("1.25"),
        comparator=">=",
        text="",
        fiscal_year=None,
        effective_from_fy=2016,
        reason="総合戦略の改定",
        by=people.alice,
        decided=datetime.date(2016, 3, 30),
    )
    return plan


def kpi_row(report, name):
    for part in report.parts:
        for block in part.blocks:
            if isinstance(block, Table):
                for row in block.rows:
                    if row[0].text == name:
                        return row, [b.text for b in part.blocks if isinstance(b, Text)]
    raise AssertionError(name)


def test_a_report_after_the_revision_prints_the_revised_target_and_the_original_in_a_note(iruma):
    row, notes = kpi_row(build_report(iruma, "kpi_tables", fiscal_year=2016), "合計特殊出生率")
    assert (row[6].text, row[7].text) == ("1.25", "H31")
    assert "※目標値は2016年3月30日の改定後の値です（平成28年度から適用。当初目標 1.18。理由：総合戦略の改定）" in notes


def test_a_report_before_the_revision_prints_the_original_target(iruma):
    row, notes = kpi_row(build_report(iruma, "kpi_tables", fiscal_year=2015), "合計特殊出生率")
    assert row[6].text == "1.18（基準値）"
    assert any(n.startswith("※目標値は当初の目標です。") and "1.25" in n for n in notes)


def test_the_trend_part_lists_the_target_in_force_and_the_revision(iruma):
    report = build_report(iruma, "kpi_tables", fiscal_year=2016)
    trend = report.parts[-1]
    tables = [b for b in trend.blocks if isinstance(b, Table)]
    rows = [[c.text for c in row] for t in tables for row in t.rows if row[0].text in ("目標値", "目標改定")]
    assert ["目標値", "H31", "1.25", ""] in rows
    assert any(r[0] == "目標改定" and "当初目標 1.18" in r[3] for r in rows)
