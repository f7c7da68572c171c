import pytest

from hyoka.reports.layouts import LAYOUTS
from hyoka.reports.output import render_report

pytestmark = pytest.mark.django_db


def test_report_command_writes_the_file_with_a_progress_bar(cli, demo_plans, tmp_path):
    plan = demo_plans["akiruno_child_plan_r2"]
    out = tmp_path / "r.pdf"
    code, _, err = cli(
        "report", str(plan.pk), "--fy", "2020", "--layout", "evaluation", "--format", "pdf", "-o", str(out)
    )
    assert code == 0, err
    assert out.read_bytes().startswith(b"%PDF")
    assert "100%" in err and "\r[" in err and f"wrote {out}" in err


def test_report_command_by_title_in_the_plans_own_layout(cli, demo_plans, tmp_path):
    out = tmp_path / "r.xlsx"
    code, _, err = cli("report", "入間市まち・ひと・しごと創生総合戦略", "--format", "xlsx", "-o", str(out), "--quiet")
    assert code == 0, err
    assert out.read_bytes().startswith(b"PK") and "%" not in err


def test_report_command_refuses_an_unknown_plan(cli, demo_plans):
    code, _, err = cli("report", "存在しない計画")
    assert code != 0 and "no plan" in err


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_layout_renders_every_plan_in_every_format(demo_plans, layout):
    for plan in demo_plans.values():
        assert render_report(plan, layout=layout, fmt="html").startswith(b"<!doctype html>")
        assert render_report(plan, layout=layout, fmt="xlsx").startswith(b"PK")
        assert render_report(plan, layout=layout, fmt="pdf").startswith(b"%PDF")
