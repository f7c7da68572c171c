"""A report's year: by default the latest published one, not the year in progress; a year not published
prints 案 on every page (PDF header, each sheet's header and first cell, the HTML page's running header)."""

import datetime
import io

import pdfplumber
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from hyoka.evaluations.models import EvaluationCycle
from hyoka.reports.output import is_unpublished, render_report, report_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def years(people):
    """あきる野市: FY2019 published, FY2020 opened and not published."""
    published = EvaluationCycle.objects.create(
        plan=people.plan, fiscal_year=2019, deadline=datetime.date(2020, 6, 30), published_at=timezone.now()
    )
    opened = EvaluationCycle.objects.create(plan=people.plan, fiscal_year=2020, deadline=datetime.date(2021, 6, 30))
    return published, opened


def test_the_default_year_is_the_latest_published_one(people, years):
    assert report_year(people.plan) == 2019
    assert report_year(people.plan, 2020) == 2020
    assert not is_unpublished(people.plan, 2019) and is_unpublished(people.plan, 2020)
    assert not is_unpublished(people.plan, 2018)  # no cycle: figures from the city's own documents


def test_a_reopened_year_is_a_draft_again(people, years):
    published, _ = years
    published.reopened_at = timezone.now()
    published.save(update_fields=["reopened_at"])
    assert is_unpublished(people.plan, 2019)


def test_without_cycles_the_latest_year_with_figures_is_printed(people):
    assert report_year(people.plan) == 2020 and not is_unpublished(people.plan, 2020)


def _marks(data: bytes) -> list[int]:
    """Per page, how many 案 are printed large in the top margin (the mark, not a word of the text)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [sum(c["text"] == "案" and c["size"] > 12 and c["top"] < 40 for c in page.chars) for page in pdf.pages]


def test_every_pdf_page_of_an_unpublished_year_says_draft(people, years):
    draft = _marks(render_report(people.plan, layout="kpi_tables", fmt="pdf", fiscal_year=2020))
    assert len(draft) > 1 and all(n == 1 for n in draft)
    final = _marks(render_report(people.plan, layout="kpi_tables", fmt="pdf", fiscal_year=2019))
    assert final and not any(final)


def test_every_sheet_of_an_unpublished_year_says_draft(people, years, tmp_path):
    path = tmp_path / "r.xlsx"
    path.write_bytes(render_report(people.plan, layout="kpi_tables", fmt="xlsx", fiscal_year=2020))
    wb = load_workbook(path)
    assert all(ws["A1"].value == "案" and ws.oddHeader.center.text == "案" for ws in wb.worksheets)
    path.write_bytes(render_report(people.plan, layout="kpi_tables", fmt="xlsx", fiscal_year=2019))
    assert all(ws["A1"].value != "案" and not ws.oddHeader.center.text for ws in load_workbook(path).worksheets)


def test_html_download_defaults_to_the_published_year_and_marks_a_draft(client, people, years):
    client.force_login(people.dave)
    url = reverse("reports:download", args=[people.plan.pk, "kpi_tables", "html"])
    default = client.get(url)
    assert f"report-{people.plan.pk}-kpi_tables-2019.html" in default["Content-Disposition"]
    assert "令和元年度" in default.content.decode() and 'class="draft-mark"' not in default.content.decode()
    draft = client.get(url, {"fy": "2020"}).content.decode()
    assert '<strong class="draft-mark"' in draft and "<title>【案】" in draft


def test_plan_page_offers_the_years_with_the_published_one_chosen(client, people, years):
    client.force_login(people.dave)
    page = client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    downloads = page.split('class="report-downloads"')[1].split("</section>")[0]
    assert '<option value="2019" selected>令和元年度</option>' in downloads
    assert '<option value="2020">令和2年度（未公開・案と印字）</option>' in downloads
