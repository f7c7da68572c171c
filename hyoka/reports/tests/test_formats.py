"""Each seed plan in its own layout, in all three formats, shows every KPI value, project, department and grade."""

import html
import io
import re

import pdfplumber
import pytest
from django.db.models import Count
from openpyxl import load_workbook

from hyoka.projects.models import Project
from hyoka.reports.data import default_fiscal_year
from hyoka.reports.model import Cell, Column, Part, Report, Table
from hyoka.reports.output import render_report
from hyoka.reports.render import pdf
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


def _kiyose_budget_rows(plan) -> tuple[Project, list[tuple[str, str, str]]]:
    """A 清瀬市 initiative with several budget items, and its items as (code, name, department), from the database."""
    project = (
        Project.objects.filter(plan=plan).annotate(n=Count("budget_links")).filter(n__gte=2).order_by("pk").first()
    )
    links = project.budget_links.select_related("budget_item", "department")
    items = [(link.budget_item.code, link.budget_item.name, link.department.name) for link in links]
    return project, items


def test_kiyose_initiatives_xlsx_puts_each_budget_item_on_its_own_row(demo_plans):
    plan = demo_plans["kiyose_strategy_initiatives"]
    project, items = _kiyose_budget_rows(plan)
    wb = load_workbook(io.BytesIO(render_report(plan, layout="initiatives", fmt="xlsx")))
    ws = next(ws for ws in wb.worksheets if any(project.name in str(c.value) for r in ws.iter_rows() for c in r))
    rows = {tuple(r) for r in ws.iter_rows(values_only=True)}
    for code, name, department in items:  # the code beside its own name and department, one row each
        assert any({code, name, department} <= set(r) for r in rows), code
    top = next(c for r in ws.iter_rows() for c in r if isinstance(c.value, str) and project.name in c.value)
    merged = next(m for m in ws.merged_cells.ranges if top.coordinate in m)
    assert (merged.min_col, merged.max_col) == (top.column, top.column)
    assert merged.max_row - merged.min_row + 1 == len(items)  # the project's cell spans its budget rows
    assert top.alignment.vertical == "top" and top.alignment.wrap_text


def test_kiyose_initiatives_html_puts_each_budget_item_on_its_own_row(demo_plans):
    plan = demo_plans["kiyose_strategy_initiatives"]
    project, items = _kiyose_budget_rows(plan)
    page = render_report(plan, layout="initiatives", fmt="html").decode()
    rows = [html.unescape(r) for r in re.findall(r"<tr>.*?</tr>", page, re.S)]
    for code, name, department in items:
        assert any(f"<td>{code}</td><td>{name}</td><td>{department}</td>" in r for r in rows), code
    first = next(r for r in rows if project.name in r)
    assert f'<td rowspan="{len(items)}">◇{project.name}' in first


@pytest.mark.parametrize("long", [30, 1500])
def test_pdf_keeps_a_spanned_group_on_one_page(long):
    """Rows a span joins move to the next page together; a group taller than a page still prints whole."""
    table = Table([Column("取り組み", 26), Column("コード", 12), Column("取組内容", 56)], [])
    for j in range(30):
        table.add_group([Cell(f"◇事業{j}"), [Cell(f"C{j}-{i}") for i in range(4)], Cell("内容" * long)])
    report = Report("t", "p", "m", "y", "initiatives", [Part("a").add(table)], landscape=True)
    with pdfplumber.open(io.BytesIO(pdf.render(report))) as document:
        pages = [squash(page.extract_text() or "") for page in document.pages]
        cells = [(c["bottom"], page.height) for page in document.pages for c in page.chars if c["text"] in "内容"]
    assert all(bottom <= height - pdf.MARGIN for bottom, height in cells)  # inside the frame, not over the foot
    text = "".join(pages)
    assert all(f"C{j}-{i}" in text for j in range(30) for i in range(4))
    assert text.count("内容") >= 30 * long  # no text lost off the bottom of a page
    if long == 30:
        for j in range(30):
            assert len({n for n, p in enumerate(pages) if f"C{j}-" in p}) == 1, j
