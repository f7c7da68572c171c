"""Formula injection (issue 11): report workbooks store a project named like a formula as text."""

import io
import zipfile

import pytest

from hyoka.projects.models import Project
from hyoka.reports.output import render_report
from hyoka.reports.tests.conftest import OWN, xlsx_cells

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://example.com/","click")'


@pytest.mark.parametrize("stem", ["akiruno_child_plan_r2", "kiyose_strategy_initiatives"])
def test_report_workbook_has_no_formula(demo_plans, stem):
    plan = demo_plans[stem]
    project = Project.objects.filter(section__plan=plan).order_by("pk").first()
    project.name = ATTACK
    project.save(update_fields=["name"])
    data = render_report(plan, layout=OWN[stem], fmt="xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
    assert sheets and not any(b"<f>" in s or b"<f " in s for s in sheets)
    texts, numbers, _ = xlsx_cells(data)
    assert any(ATTACK.replace(" ", "") in t for t in texts)  # shown as written
    assert numbers  # the figures are still numbers
