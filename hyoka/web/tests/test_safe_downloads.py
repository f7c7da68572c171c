"""Formula injection (issue 11): a project named like a formula reaches Excel as text in every download."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hyoka.projects.models import Project

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://example.com/","click")'


@pytest.fixture
def named_attack(people):
    project = Project.objects.filter(section__plan=people.plan).order_by("pk").first()
    project.name = ATTACK
    project.save(update_fields=["name"])
    return project


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_open_data_csv_quotes_the_formula_and_keeps_numbers(client, people, named_attack):
    rows = _csv(client.get(reverse("plan-csv", args=[people.plan.pk])))
    cells = [cell for row in rows for cell in row]
    assert "'" + ATTACK in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    values = [row[rows[0].index("値")] for row in rows[1:] if row[rows[0].index("値")]]
    assert values and all(not v.startswith("'") for v in values)  # numbers (negatives too) stay numbers


def test_project_list_csv_quotes_the_formula(client, people, named_attack):
    response = client.get(reverse("project-list", args=[people.plan.pk]), {"format": "csv"})
    cells = [cell for row in _csv(response) for cell in row]
    assert "'" + ATTACK in cells and ATTACK not in cells


def test_project_list_xlsx_stores_the_name_as_text(client, people, named_attack):
    response = client.get(reverse("project-list", args=[people.plan.pk]), {"format": "xlsx"})
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet
    values = [v for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for v in row]
    assert ATTACK in values  # as written, no quote added


def test_a_control_character_in_a_name_does_not_break_the_xlsx(client, people, named_attack):
    named_attack.name = "子ども\x01食堂"
    named_attack.save(update_fields=["name"])
    response = client.get(reverse("project-list", args=[people.plan.pk]), {"format": "xlsx"})
    assert response.status_code == 200
    values = [v for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True) for v in row]
    assert "子ども食堂" in values
