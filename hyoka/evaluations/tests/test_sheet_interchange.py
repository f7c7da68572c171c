"""The sheet travels in hyoka.plan/1 (optional fields): exported, loaded back the same, and an older
document that does not carry it leaves what was entered in Hyoka as it is."""

import json
from decimal import Decimal

from hyoka.evaluations.models import Evaluation, EvaluationScheme
from hyoka.interchange import parse_document
from hyoka.plans.exporter import export_document
from hyoka.plans.loader import load_document

SHEET = {
    "budget_amount": Decimal(4_800_000),
    "settlement_amount": Decimal(4_650_000),
    "person_years": Decimal("0.5"),
    "necessity_grade": "A",
    "necessity_comment": "法定の健診",
    "efficiency_grade": "B",
    "direction": "拡大",
    "committee_opinion": "訪問を強化されたい。",
    "city_response": "月2回訪問する。",
}


def entry(plan):
    return Evaluation.objects.get(project__plan=plan, project__number="3", fiscal_year=2020)


def test_the_sheet_and_the_schemes_choices_go_out_and_come_back(people):
    plan = people.plan
    EvaluationScheme.objects.filter(plan=plan).update(directions=["拡大", "維持"], unit_cost_per_person_year=8_000_000)
    Evaluation.objects.filter(pk=entry(plan).pk).update(**SHEET)
    text = export_document(plan).model_dump_json(by_alias=True, exclude_none=True)
    data = json.loads(text)
    assert data["evaluation_scheme"]["directions"] == ["拡大", "維持"]
    Evaluation.objects.filter(pk=entry(plan).pk).update(
        budget_amount=None, settlement_amount=None, person_years=None, necessity_grade="", necessity_comment="",
        efficiency_grade="", direction="", committee_opinion="", city_response="",
    )  # fmt: skip
    EvaluationScheme.objects.filter(plan=plan).update(directions=[], unit_cost_per_person_year=None)
    load_document(parse_document(text.encode()))
    loaded = entry(plan)
    assert {name: getattr(loaded, name) for name in SHEET} == SHEET
    scheme = EvaluationScheme.objects.get(plan=plan)
    assert (scheme.directions, scheme.unit_cost_per_person_year) == (["拡大", "維持"], 8_000_000)


def test_an_older_document_without_the_sheet_keeps_what_was_entered(people):
    plan = people.plan
    old = export_document(plan).model_dump_json(by_alias=True, exclude_none=True)  # no sheet in it yet
    assert '"committee_opinion"' not in old and '"directions"' not in old  # the usual seven go unsaid
    Evaluation.objects.filter(pk=entry(plan).pk).update(**SHEET)
    EvaluationScheme.objects.filter(plan=plan).update(directions=["拡大", "維持"])
    load_document(parse_document(old.encode()))
    loaded = entry(plan)
    assert {name: getattr(loaded, name) for name in SHEET} == SHEET
    assert EvaluationScheme.objects.get(plan=plan).directions == ["拡大", "維持"]
