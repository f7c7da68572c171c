"""Fixtures of the page tests: a plan ten times the size of あきる野市's, and an opened, unpublished FY2020."""

import copy
import datetime
import json

import pytest

from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.loader import load_document

TIMES = 10


def tenfold(document: dict) -> dict:
    """The same plan with every top-level section (its sub-sections, projects, KPIs and their
    observations and evaluations) repeated ten times, under its own title."""
    doc = copy.deepcopy(document)
    doc["plan"]["title"] += "（10倍）"
    sections = []
    for copy_no in range(1, TIMES + 1):
        for top in copy.deepcopy(document["sections"]):
            _renumber(top, copy_no)
            sections.append(top)
    doc["sections"] = sections
    return doc


def _renumber(section: dict, copy_no: int) -> None:
    section["title"] += f"（{copy_no}）"
    for project in section.get("projects", []):
        project["number"] = f"{project['number']}-{copy_no}"
        project["name"] += f"（{copy_no}）"
    for indicator in section.get("indicators", []):
        indicator["name"] += f"（{copy_no}）"
        if indicator.get("project_number"):
            indicator["project_number"] = f"{indicator['project_number']}-{copy_no}"
    for child in section.get("sections", []):
        _renumber(child, copy_no)


@pytest.fixture
def big_plan(demo_plans):
    """あきる野市's plan ×10 (670 projects, their KPIs, observations and evaluations), published."""
    source = json.loads((DEMO_DIR / "akiruno_child_plan_r2.json").read_text())
    plan = load_document(parse_document(tenfold(source), source="tenfold")).plan
    plan.published = True
    plan.save(update_fields=["published"])
    return plan


@pytest.fixture
def opened_2020(people):
    """The planning office has opened FY2020 of あきる野市's plan and not published it yet."""
    from hyoka.evaluations.models import EvaluationCycle

    return EvaluationCycle.objects.create(
        plan=people.plan, fiscal_year=2020, deadline=datetime.date(2021, 6, 30), opened_by=people.alice
    )


@pytest.fixture
def dave_client(client, people):
    client.force_login(people.dave)
    return client
