"""/plans/<id>/indicators/<id>/ — one KPI: chart, values with their printed labels, definition."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def url(plan, indicator):
    return reverse("indicator-detail", args=[plan.pk, indicator.pk])


def test_kpi_page_shows_chart_values_and_project(client, people):
    indicator = people.plan.indicators.get(name="3～4か月児健康診査受診者（受診率）")
    page = client.get(url(people.plan, indicator)).content.decode()
    assert '<figure class="chart">' in page and 'role="img"' in page
    assert 'aria-label="3～4か月児健康診査受診者（受診率）：' in page  # the chart states its values
    assert "受診者421人（受診率95.7％）" in page  # the observation as printed
    assert "令和6年度目標値" in page and "450人（100％）" in page
    assert reverse("project-detail", args=[people.plan.pk, indicator.project.pk]) in page


def test_kpi_page_draws_baseline_target_and_trend(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    indicator = plan.indicators.get(name="市内事業所数")
    page = client.get(url(plan, indicator)).content.decode()
    assert 'class="point provisional baseline-point"' in page
    assert 'class="point target-point"' in page
    assert 'class="series"' in page


def test_kpi_page_for_staff(client, people):
    client.force_login(people.bob)
    indicator = people.plan.indicators.first()
    assert client.get(url(people.plan, indicator)).status_code == 200


def test_kpi_of_another_plan_is_404(client, demo_plans):
    iruma, akiruno = demo_plans["iruma_strategy_h29"], demo_plans["akiruno_child_plan_r2"]
    other = akiruno.indicators.first()
    assert client.get(url(iruma, other)).status_code == 404


def test_kpi_of_an_unpublished_plan_is_404_for_the_public(client, people):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    indicator = people.plan.indicators.first()
    assert client.get(url(people.plan, indicator)).status_code == 404
    client.force_login(people.dave)
    assert client.get(url(people.plan, indicator)).status_code == 200


def test_opened_year_values_vanish_for_the_public(client, people, opened_2020):
    indicator = people.plan.indicators.get(name="3～4か月児健康診査受診者（受診率）")
    public = client.get(url(people.plan, indicator)).content.decode()
    assert "421" not in public
    client.force_login(people.dave)
    assert "受診者421人（受診率95.7％）" in client.get(url(people.plan, indicator)).content.decode()


def test_staff_see_who_changed_a_kpi_value_and_the_public_does_not(client, people):
    from datetime import date
    from decimal import Decimal

    from hyoka.evaluations import actions

    cycle = actions.reopen_year(
        plan=people.plan, fiscal_year=2020, reason="訂正", deadline=date(2021, 5, 31), by=people.alice
    )
    indicator = people.plan.indicators.get(name="3～4か月児健康診査受診者（受診率）")
    entry = indicator.project.evaluations.get(fiscal_year=cycle.fiscal_year)
    value = actions.ObservationInput(indicator.pk, "令和2年度", Decimal(430), "受診者430人")
    data = actions.EntryInput(None, None, "", "", [value])
    actions.save_entry(evaluation=entry, data=data, by=people.bob, expected_version=entry.version)

    client.force_login(people.dave)
    page = client.get(url(people.plan, indicator)).content.decode()
    assert "変更履歴" in page and "bob" in page and "<del>421</del>" in page and "<ins>430</ins>" in page
    client.logout()
    assert "変更履歴" not in client.get(url(people.plan, indicator)).content.decode()
