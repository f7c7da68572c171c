"""Each seed plan in its own layout, in all three formats, shows every KPI value, project, department and grade."""

import html
import re

import pytest

from hyoka.reports.data import default_fiscal_year
from hyoka.reports.output import render_report
from hyoka.reports.tests.conftest import OWN, expected_facts, pdf_pages, squash, xlsx_cells

pytestmark = pytest.mark.django_db


def _missing_text(text: str, facts: dict) -> list[str]:
    wanted = [t for _, t in facts["values"]] + facts["projects"] + facts["departments"]
    wanted += [code for _, code in facts["grades"]]
    return [w for w in wanted if squash(w) not in text]


@pytest.mark.parametrize("stem", list(OWN))
def test_pdf_shows_everything_with_header_and_page_numbers(demo_plans, stem):
    plan = demo_plans[stem]
    fy = default_fiscal_year(plan)
    pages = pdf_pages(render_report(plan, layout=OWN[stem], fmt="pdf"))
    text = squash("".join(pages))
    assert _missing_text(text, expected_facts(plan, fy)) == []
    for number, page in enumerate(pages, start=1):
        assert squash(plan.title) in squash(page), f"running header missing on page {number}"
        assert f"-{number}-" in squash(page), f"page number missing on page {number}"


@pytest.mark.parametrize("stem", list(OWN))
def test_xlsx_keeps_numbers_as_numbers_and_shows_everything(demo_plans, stem):
    plan = demo_plans[stem]
    facts = expected_facts(plan, default_fiscal_year(plan))
    texts, numbers, rows = xlsx_cells(render_report(plan, layout=OWN[stem], fmt="xlsx"))
    joined = "\n".join(texts)
    missing = [t for v, t in facts["values"] if v not in numbers and squash(t) not in joined]
    missing += [n for n in facts["projects"] + facts["departments"] if squash(n) not in joined]
    assert missing == []
    assert {"進捗の概要", "指標の推移"} <= set(rows)
    for name, code in facts["grades"]:  # the grade sits on the project's own row
        row = next(r for sheet in rows.values() for r in sheet if name in r)
        assert code in row, name


@pytest.mark.parametrize("stem", list(OWN))
def test_html_shows_everything_with_charts(demo_plans, stem):
    plan = demo_plans[stem]
    page = render_report(plan, layout=OWN[stem], fmt="html").decode()
    text = squash(html.unescape(re.sub(r"<[^>]+>", "", page)))
    assert _missing_text(text, expected_facts(plan, default_fiscal_year(plan))) == []
    assert page.count("<svg") >= plan.indicators.count()  # a trend chart per KPI, and the summary charts
    assert "@media print" in page and "noto-sans-jp.css" in page


def test_akiruno_evaluation_in_detail(demo_plans):
    plan = demo_plans["akiruno_child_plan_r2"]
    texts, numbers, rows = xlsx_cells(render_report(plan, layout="evaluation", fmt="xlsx"))
    sheet = rows["基本目標1"]
    header = next(i for i, r in enumerate(sheet) if "No." in r)  # two header rows: groups, then columns
    assert "令和2年度の評価" in sheet[header - 1] and {"評価", "達成度"} <= set(sheet[header])
    first = sheet[header + 1]
    assert first[:2] == ["1", "幼児教育・保育の質の向上"] and "A" in first and "2" in first
    summary = rows["進捗の概要"]
    total = next(r for r in summary if r[0] and str(r[0]).startswith("基本目標1") and "A" not in r)
    assert total[1:4] and all(isinstance(v, int) for v in total[1:7] if v is not None)


def test_pdf_table_continues_with_its_header(demo_plans):
    plan = demo_plans["akiruno_child_plan_r2"]
    pages = pdf_pages(render_report(plan, layout="evaluation", fmt="pdf"))
    headed = [p for p in pages if "実績・取組状況" in p]
    assert len(headed) > 3  # the evaluation table runs over several pages, each with its header
    legend = squash(plan.evaluation_scheme.legend_text)[:20]
    assert all(legend in squash(p) for p in pages)


def test_fiscal_year_limits_what_is_reported(demo_plans):
    plan = demo_plans["akiruno_child_plan_r2"]
    page = render_report(plan, layout="evaluation", fmt="html", fiscal_year=2019).decode()
    assert "令和元年度" in page and "（評価未登録）" in page
    assert "実績・取組状況" in page
