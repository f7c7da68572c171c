"""KPIs in the browser: /plans/<id>/edit/indicators/… — add with a first target, edit what a KPI is;
a later target change is a revision (indicators.actions.revise_target), never an edit."""

from decimal import Decimal

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.indicators.models import Indicator
from hyoka.plans import upkeep

pytestmark = pytest.mark.django_db


def test_the_planning_office_adds_a_kpi_with_its_first_target(client, people):
    plan = people.plan
    section = plan.sections.first()
    client.force_login(people.alice)
    url = reverse("plan-upkeep-indicator-new", args=[plan.pk])
    assert client.get(url + f"?section={section.pk}").status_code == 200
    data = {
        "name": "子育て相談件数",
        "section": section.pk,
        "kind": "activity",
        "unit": "件",
        "direction": "increase",
        "periodicity": "yearly",
        "definition": "子育て支援センターの相談件数",
        "source": "子育て支援課調べ",
        "baseline_value": "120",
        "baseline_label": "令和元年度",
        "baseline_fiscal_year": "2019",
        "target_value": "200",
        "target_comparator": ">=",
        "target_label": "令和6年度",
        "target_fiscal_year": "2024",
    }
    assert client.post(url, data).status_code == 302
    k = Indicator.objects.get(plan=plan, name="子育て相談件数")
    assert (k.kind, k.periodicity, k.section, k.target_value) == ("activity", "yearly", section, Decimal(200))
    change = Change.objects.get(indicator=k)
    assert change.after["指標の種類"] == "活動指標" and change.after["目標値"] == "200"
    assert change.plan == plan and change.user == people.alice


def test_editing_a_kpi_records_only_what_changed(client, people):
    k = people.plan.indicators.first()
    client.force_login(people.alice)
    url = reverse("plan-upkeep-indicator", args=[people.plan.pk, k.pk])
    page = client.get(url).content.decode()
    assert 'name="target_value"' not in page and "目標を改定する" in page
    data = {"name": k.name, "unit": "件数", "direction": k.direction, "kind": "outcome", "periodicity": "five_yearly"}
    data["section"] = k.section_id or ""
    data["baseline_value"] = k.baseline_value if k.baseline_value is not None else ""
    data.update({f: getattr(k, f) or "" for f in ["baseline_text", "baseline_label", "baseline_fiscal_year"]})
    data.update({"definition": k.definition, "source": k.source, "project": k.project_id or ""})
    target_before = k.target_value
    assert client.post(url, data).status_code == 302
    k.refresh_from_db()
    assert (k.unit, k.kind, k.periodicity, k.target_value) == ("件数", "outcome", "five_yearly", target_before)
    change = Change.objects.get(indicator=k)
    assert set(change.after) == {"単位", "指標の種類", "把握の頻度"}


def test_the_edit_action_refuses_a_target(people):
    k = people.plan.indicators.first()
    with pytest.raises(upkeep.UpkeepError, match="目標改定"):
        upkeep.update_indicator(indicator=k, values={"target_value": Decimal(1)}, by=people.alice)


def test_a_section_of_another_plan_is_refused(people, demo_plans):
    other = demo_plans["iruma_strategy_h29"].sections.first()
    with pytest.raises(upkeep.UpkeepError):
        upkeep.add_indicator(plan=people.plan, values={"name": "x", "section": other}, by=people.alice)
    assert not Indicator.objects.filter(name="x").exists()


def test_a_department_editor_cannot_edit_a_kpi(client, people):
    k = people.plan.indicators.first()
    client.force_login(people.bob)
    response = client.post(reverse("plan-upkeep-indicator", args=[people.plan.pk, k.pk]), {"name": "変更"})
    assert response.status_code == 403
    k.refresh_from_db()
    assert k.name != "変更"
