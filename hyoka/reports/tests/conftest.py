import io
import re
from decimal import Decimal

import pdfplumber
import pytest
from openpyxl import load_workbook

from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Indicator
from hyoka.jp import format_cell
from hyoka.plans.models import Department
from hyoka.projects.models import Project

OWN = {
    "ome_strategy_progress_r4": "progress_summary",
    "kiyose_strategy_revision": "revision_points",
    "iruma_strategy_h29": "kpi_tables",
    "akiruno_child_plan_r2": "evaluation",
    "kiyose_strategy_initiatives": "initiatives",
}


def squash(text: str) -> str:
    """Text without whitespace: pdfplumber breaks lines where a cell wraps."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, then the text of each table cell on it: in running text, a cell that wraps
    is interleaved with its neighbours on the same lines, so names are looked for cell by cell too.
    A row split over two pages (splitInRow) is joined again and added to the second page."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages, previous = [], None
        for page in pdf.pages:
            tables = page.extract_tables()
            cells = [c for t in tables for row in t for c in row if c]
            if previous and tables:
                repeated = [r for r in tables[0] if r in previous[:2]]  # the header rows, repeated
                rest = tables[0][len(repeated) :]
                if rest and len(rest[0]) == len(previous[-1]):
                    cells += [(a or "") + (b or "") for a, b in zip(previous[-1], rest[0], strict=True)]
            previous = tables[-1] if tables else None
            pages.append("\n".join([page.extract_text() or "", *cells]))
        return pages


def xlsx_cells(data: bytes) -> tuple[list[str], list[Decimal], dict[str, list[list]]]:
    """(every text cell squashed, every numeric cell, rows per sheet)."""
    wb = load_workbook(io.BytesIO(data))
    texts, numbers, rows = [], [], {}
    for ws in wb.worksheets:
        rows[ws.title] = [list(r) for r in ws.iter_rows(values_only=True)]
        for row in rows[ws.title]:
            for v in row:
                if isinstance(v, str):
                    texts.append(squash(v))
                elif isinstance(v, int | float):
                    numbers.append(Decimal(str(v)))
    return texts, numbers, rows


def expected_facts(plan, fiscal_year: int | None) -> dict[str, list]:
    """What a report of the plan must show, read straight from the database (not through the report code)."""
    values = []
    for k in Indicator.objects.filter(plan=plan).prefetch_related("observations"):
        values += [(v, format_cell(v, k.unit)) for v in (k.baseline_value, k.target_value) if v is not None]
        for o in k.observations.all():
            if fiscal_year is None or (o.fiscal_year or o.year or 0) <= fiscal_year:
                values.append((o.value, format_cell(o.value, k.unit, o.text)))
    projects = list(Project.objects.filter(plan=plan).values_list("name", flat=True))
    departments = set(Department.objects.filter(project_links__project__plan=plan).values_list("name", flat=True))
    departments |= set(Department.objects.filter(budget_links__project__plan=plan).values_list("name", flat=True))
    evaluations = Evaluation.objects.filter(project__plan=plan, fiscal_year=fiscal_year).select_related("grade")
    grades = {(e.project.name, e.grade.code) for e in evaluations.select_related("project") if e.grade}
    return {"values": values, "projects": projects, "departments": sorted(departments), "grades": sorted(grades)}


@pytest.fixture
def own_layouts():
    return OWN
