"""Target revisions leave Hyoka with the plan: open-data CSV columns and the hyoka.plan/1 JSON, which
loads back (idempotently) with the revisions."""

import csv
import datetime
import io
import json
from decimal import Decimal as D

import pytest
from django.urls import reverse

from hyoka.indicators.actions import revise_target
from hyoka.indicators.models import TargetRevision
from hyoka.interchange import parse_document
from hyoka.plans.exporter import export_document
from hyoka.plans.loader import load_document

pytestmark = pytest.mark.django_db

NAME = "3～4か月児健康診査受診者（受診率）"


@pytest.fixture
def revised(people):
    """The KPI's target 450人 lowered to 430人 from FY2022, then to 420人 for FY2026 from FY2023."""
    k = people.plan.indicators.get(name=NAME)
    for value, fy, effective, day in ((430, None, 2022, 25), (420, 2026, 2023, 28)):
        revise_target(
            indicator=k,
            value=D(value),
            comparator=">=",
            text="",
            fiscal_year=fy,
            effective_from_fy=effective,
            reason=f"見直し{value}",
            by=people.alice,
            decided=datetime.date(2022, 3, day),
        )
    return k


def test_open_data_csv_has_the_original_target_and_the_revision_date(client, people, revised):
    response = client.get(reverse("plan-csv", args=[people.plan.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    kpi = next(r for r in rows if r["指標名"] == NAME)
    assert (kpi["目標値"], kpi["当初目標値"], kpi["目標改定日"]) == ("420", "450", "2022-03-28")
    other = next(r for r in rows if r["種別"] == "指標" and r["指標名"] != NAME)
    assert (other["当初目標値"], other["目標改定日"]) == ("", "")  # never revised
    assert all(r["当初目標値"] == r["目標改定日"] == "" for r in rows if r["種別"] == "事業評価")


def test_the_json_carries_each_revision(client, people, revised):
    data = json.loads(client.get(reverse("plan-json", args=[people.plan.pk])).content)
    doc = parse_document(data)
    k = next(k for k in doc.all_indicators() if k.name == NAME)
    first, second = k.target_revisions
    assert (first.before.value, first.after.value, first.effective_from_fy) == (450, 430, 2022)
    assert (first.before.period.label, first.decided, first.reason) == (
        "令和6年度目標値",
        datetime.date(2022, 3, 25),
        "見直し430",
    )
    assert (second.before.value, second.after.value, second.after.period.fiscal_year) == (430, 420, 2026)
    assert k.target.value == 420  # the target in force now
    unrevised = next(k for k in doc.all_indicators() if k.name != NAME)
    assert "target_revisions" not in json.dumps(_indicator_json(data, unrevised.name), ensure_ascii=False)


def _indicator_json(data: dict, name: str) -> dict:
    def walk(sections):
        for s in sections:
            for k in s.get("indicators", []):
                if k["name"] == name:
                    return k
            if found := walk(s.get("sections", [])):
                return found
        return None

    return walk(data["sections"])


def test_export_then_load_keeps_the_revisions_and_a_second_load_changes_nothing(people, revised):
    text = export_document(people.plan).to_json()
    stored = list(TargetRevision.objects.filter(indicator=revised).values_list("pk", "after_value", "by"))
    again = load_document(parse_document(text))
    assert not again.changed, again.summary()
    assert list(TargetRevision.objects.filter(indicator=revised).values_list("pk", "after_value", "by")) == stored

    # Into a fresh database row set: a new plan (another title) gets the revisions from the document.
    doc = json.loads(text)
    doc["plan"]["title"] += "（写し）"
    copy = load_document(parse_document(doc))
    assert copy.changes["created TargetRevision"] == 2
    moved = copy.plan.indicators.get(name=NAME)
    rows = list(moved.target_revisions.order_by("position"))
    assert [(r.before_value, r.after_value, r.effective_from_fy, r.by) for r in rows] == [
        (D(450), D(430), 2022, None),
        (D(430), D(420), 2023, None),
    ]
    assert export_document(copy.plan).to_json() == text.replace(people.plan.title, people.plan.title + "（写し）", 1)
    assert not load_document(parse_document(doc)).changed  # loading the copy twice changes nothing


def test_a_full_load_of_a_document_without_revisions_keeps_them(people, revised):
    doc = json.loads(export_document(people.plan).to_json())
    for section in doc["sections"]:
        _drop_revisions(section)
    load_document(parse_document(doc))
    assert TargetRevision.objects.filter(indicator=revised).count() == 2


def _drop_revisions(section: dict) -> None:
    for k in section.get("indicators", []):
        k.pop("target_revisions", None)
    for child in section.get("sections", []):
        _drop_revisions(child)
