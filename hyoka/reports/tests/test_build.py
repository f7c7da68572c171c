import pytest

from hyoka.reports.layouts import LAYOUTS, build_report, default_layout
from hyoka.reports.model import SPANNED, Cell, Column, Table
from hyoka.reports.tests.conftest import OWN


def test_each_plan_defaults_to_its_own_layout(demo_plans):
    for stem, plan in demo_plans.items():
        assert default_layout(plan) == OWN[stem], stem


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_builds_for_every_plan(demo_plans, layout):
    for plan in demo_plans.values():
        report = build_report(plan, layout)
        assert report.parts and report.layout == layout
        for table in report.tables():
            width = len(table.columns)
            assert sum(span for _, span in table.groups) in (0, width)
            assert all(len(row) == width for row in table.rows)


def test_unknown_layout_is_refused(demo_plans):
    with pytest.raises(ValueError, match="unknown layout"):
        build_report(demo_plans["iruma_strategy_h29"], "nonsense")


def test_report_year_defaults_to_the_latest_evaluated(demo_plans):
    report = build_report(demo_plans["akiruno_child_plan_r2"])
    assert report.year_label == "令和2年度"
    assert "令和2年度" in report.running_header and "あきる野市" in report.running_header
    assert isinstance(report.tables()[0], Table)


def test_a_group_spans_the_shared_cells_over_one_row_per_item():
    table = Table([Column("取り組み"), Column("コード"), Column("所管課")], [])
    table.add_group([Cell("◇A"), [Cell("01"), Cell("02"), Cell("03")], [Cell("健康課")]])
    table.add_group([Cell("◇B"), [], Cell("保育課")])  # no budget item: one row
    assert [[c.text for c in row] for row in table.rows] == [
        ["◇A", "01", "健康課"],
        ["", "02", ""],
        ["", "03", ""],
        ["◇B", "", "保育課"],
    ]
    assert table.rows[0][0].rowspan == 3 and table.rows[1][0] is SPANNED and not table.rows[1][2].covered
    assert table.row_groups() == [(0, 3), (3, 4)]
