"""Every layout prints the year's cost (事業費・人件費・総コスト) and direction once entered, not only あきる野市's
evaluation sheet; and every layout, in every format, prints 案 on every page of a year not yet published."""

import datetime
import io
from decimal import Decimal

import pdfplumber
import pytest
from openpyxl import load_workbook

from hyoka.evaluations.models import Evaluation, EvaluationCycle, EvaluationScheme
from hyoka.reports.layouts import LAYOUTS
from hyoka.reports.output import render_report

pytestmark = pytest.mark.django_db

PROJECT = "健康診査等の実施"  # project 3 of あきる野市


@pytest.fixture
def costed(people):
    """FY2020 of あきる野市, project 3 with its sheet's cost and direction; 8,000,000円 per person-year."""
    EvaluationScheme.objects.filter(plan=people.plan).update(unit_cost_per_person_year=Decimal(8_000_000))
    Evaluation.objects.filter(project__plan=people.plan, project__number="3", fiscal_year=2020).update(
        budget_amount=4_800_000, settlement_amount=4_650_000, person_years=Decimal("0.5"), direction="改善"
    )
    return people.plan


@pytest.mark.parametrize("layout", ["kpi_tables", "initiatives", "progress_summary"])
def test_the_layouts_without_an_evaluation_sheet_print_cost_and_direction(costed, layout):
    html = render_report(costed, layout=layout, fmt="html", fiscal_year=2020).decode()
    table = html.split("事業費・人件費（令和2年度）")[1].split("</table>")[0]
    assert PROJECT in table and "改善" in table
    assert "4,650,000円" in table and "4,000,000円" in table and "8,650,000円" in table  # 決算 + 0.5人工 × 800万円
    assert html.count("事業費・人件費（令和2年度）") == 1  # only the goal that holds project 3


@pytest.mark.parametrize("layout", ["kpi_tables", "initiatives", "progress_summary"])
def test_the_cost_is_a_number_in_excel(costed, layout, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_report(costed, layout=layout, fmt="xlsx", fiscal_year=2020))
    cells = [c for ws in load_workbook(path).worksheets for row in ws.iter_rows() for c in row]
    assert any(c.value == 8_650_000 for c in cells)


def test_a_plan_without_cost_prints_no_cost_table(people):
    html = render_report(people.plan, layout="kpi_tables", fmt="html", fiscal_year=2020).decode()
    assert "事業費・人件費" not in html


@pytest.fixture
def unpublished(people):
    EvaluationCycle.objects.create(plan=people.plan, fiscal_year=2020, deadline=datetime.date(2021, 6, 30))
    return people.plan


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_page_of_every_layout_says_draft_in_every_format(unpublished, layout, tmp_path):
    pdf = render_report(unpublished, layout=layout, fmt="pdf", fiscal_year=2020)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        marks = [sum(c["text"] == "案" and c["size"] > 12 and c["top"] < 40 for c in p.chars) for p in document.pages]
    assert marks and all(n == 1 for n in marks), marks
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_report(unpublished, layout=layout, fmt="xlsx", fiscal_year=2020))
    assert all(ws["A1"].value == "案" and ws.oddHeader.center.text == "案" for ws in load_workbook(path).worksheets)
    html = render_report(unpublished, layout=layout, fmt="html", fiscal_year=2020).decode()
    assert '<strong class="draft-mark"' in html and "<title>【案】" in html
