"""An evaluation's workflow state travels with the plan, so moving a plan never publishes a draft (finding 5)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from hyoka.evaluations.models import Evaluation
from hyoka.evaluations.visibility import visibility_for
from hyoka.interchange import parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.exporter import export_document
from hyoka.plans.loader import load_document
from hyoka.plans.models import Municipality, Plan

from .factories import minimal

pytestmark = pytest.mark.django_db


def states() -> dict[tuple[str, int], str]:
    """あきる野市's entries: (project number, year) → state."""
    entries = Evaluation.objects.filter(project__plan__municipality__code="132284").select_related("project")
    return {(e.project.number, e.fiscal_year): e.status for e in entries}


def test_export_then_load_into_an_empty_database_keeps_each_entrys_state(opened):
    exported = export_document(opened.plan).to_json()
    before = states()
    assert before[("3", 2021)] == "draft" and before[("1", 2021)] == "not_started"
    assert before[("1", 2020)] == "approved"

    Plan.objects.all().delete()
    Municipality.objects.all().delete()
    plan = load_document(parse_document(exported)).plan

    assert states() == before
    Plan.objects.filter(pk=plan.pk).update(published=True)
    plan.refresh_from_db()
    public = Evaluation.objects.public()
    assert public.filter(fiscal_year=2020).count() == 67
    assert not public.filter(fiscal_year=2021).exists()  # the open year's entries stay unpublished
    shown = visibility_for(plan, AnonymousUser()).evaluations(Evaluation.objects.filter(project__plan=plan))
    assert {e.fiscal_year for e in shown} == {2020}


def test_a_new_entry_of_unknown_state_is_a_draft_and_a_stored_entry_keeps_its_own():
    load_document(parse_document(minimal()))
    entry = Evaluation.objects.get()
    assert entry.status == Evaluation.Status.DRAFT

    Evaluation.objects.update(status=Evaluation.Status.SUBMITTED)
    doc = minimal()
    doc["sections"][0]["projects"][0]["evaluations"][0].update(state="approved", narrative="承認済みと書いた文書")
    result = load_document(parse_document(doc))

    entry.refresh_from_db()
    assert result.changes["updated Evaluation"] == 1
    assert (entry.status, entry.narrative) == (Evaluation.Status.SUBMITTED, "承認済みと書いた文書")


def test_an_exported_plan_says_each_entrys_state():
    load_document(parse_document(minimal()))
    (evaluation,) = [e for p in export_document(Plan.objects.get()).all_projects() for e in p.evaluations]
    assert evaluation.state == "draft"


def test_the_demo_plans_published_years_are_approved_and_public():
    for path in demo_files():
        load_document(parse_document(path.read_bytes()))
    Plan.objects.update(published=True)
    assert set(Evaluation.objects.values_list("status", flat=True)) == {"approved"}
    assert Evaluation.objects.public().count() == 67 + 10  # あきる野市 FY2020, 青梅市 FY2022
