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


def _edit_data(k) -> dict:
    data = {"name": k.name, "unit": k.unit, "direction": k.direction, "kind": k.kind, "periodicity": k.periodicity}
    data.update({"section": k.section_id or "", "project": k.project_id or "", "definition": k.definition})
    data["baseline_value"] = k.baseline_value if k.baseline_value is not None else ""
    data.update({f: getattr(k, f) or "" for f in ["baseline_text", "baseline_label", "baseline_fiscal_year", "source"]})
    return data


def test_interim_targets_are_typed_one_year_a_line_recorded_and_judge_their_year(client, people):
    """中間目標: 3～4か月児健診 aims at 450 by 令和6年度; 令和3年度's 430 is behind 440 set for that year."""
    from hyoka.indicators.progress import assess_indicator

    k = people.plan.indicators.get(name="3～4か月児健康診査受診者（受診率）")
    client.force_login(people.alice)
    url = reverse("plan-upkeep-indicator", args=[people.plan.pk, k.pk])
    response = client.post(url, {**_edit_data(k), "interim_targets": "令和3年度 440\n2022　４４５"})
    assert response.status_code == 302
    k.refresh_from_db()
    assert k.interim == ((2021, Decimal(440)), (2022, Decimal(445)))
    assert "令和3年度 440" in client.get(url).content.decode()  # the form shows them as typed
    change = Change.objects.filter(indicator=k).latest("pk")
    assert change.action == Change.Action.UPKEPT and change.after["中間目標"] == "令和3年度 440人、令和4年度 445人"

    k.observations.create(period_label="令和3年度", fiscal_year=2021, value=Decimal(430), status="final", position=99)
    (k,) = Indicator.objects.filter(pk=k.pk).with_values()
    result = assess_indicator(k, k.observation_list, fiscal_year=2021)
    assert result.status == "behind" and "2021年度の中間目標（440人）に届いていません" in result.explanation


def test_an_unreadable_interim_line_is_named_and_nothing_is_saved(client, people):
    k = people.plan.indicators.first()
    client.force_login(people.alice)
    url = reverse("plan-upkeep-indicator", args=[people.plan.pk, k.pk])
    response = client.post(url, {**_edit_data(k), "interim_targets": "令和3年度 440\nあした たくさん"})
    assert response.status_code == 400 and "2行目" in response.content.decode()
    k.refresh_from_db()
    assert k.interim_targets == []


def test_the_interim_target_of_a_published_year_stays(people):
    """FY2022 published: changing its interim target would change the public verdict behind its back."""
    from datetime import date

    from hyoka.evaluations import actions

    k = people.plan.indicators.first()
    cycle = actions.open_cycle(plan=people.plan, fiscal_year=2022, deadline=date(2023, 5, 31), by=people.alice)
    actions.publish_year(cycle=cycle, by=people.alice, allow_unapproved=True)
    with pytest.raises(upkeep.UpkeepError, match="令和4年度は公開済み"):
        upkeep.update_indicator(
            indicator=k, values={"interim_targets": [{"fiscal_year": 2022, "value": "1"}]}, by=people.alice
        )
    upkeep.update_indicator(
        indicator=k, values={"interim_targets": [{"fiscal_year": 2023, "value": "1"}]}, by=people.alice
    )
    k.refresh_from_db()
    assert k.interim == ((2023, Decimal(1)),)
