"""Linking KPIs to the catalogue: `hyoka link`, and the planning office's page."""

import pytest
from django.urls import reverse

from hyoka.catalog.models import IndicatorLink, StandardIndicator


@pytest.fixture
def iruma(demo_plans):
    return demo_plans["iruma_strategy_h29"]


def test_hyoka_link_suggests_lists_and_confirms(cli, iruma):
    code, out, err = cli("link", str(iruma.pk))
    assert code == 0, err
    assert "市内事業所数" in out and "候補" in out
    links = IndicatorLink.objects.filter(indicator__plan=iruma)
    suggested = {link.indicator.name: link.standard.code for link in links}
    assert suggested["市内事業所数"] == "establishments" and suggested["合計特殊出生率"] == "total_fertility_rate"
    assert suggested["観光入込客数（年間）"] == "tourists" and suggested["婚姻届出数"] == "marriages"
    assert set(links.values_list("status", flat=True)) == {"suggested"}
    again = cli("link", str(iruma.pk))
    assert again[0] == 0 and "新しい候補 0 件" in again[1]  # suggesting twice makes no second link
    code, out, _ = cli("link", str(iruma.pk), "--confirm-all-suggested")
    assert code == 0 and f"確定 {links.count()} 件" in out
    assert set(links.values_list("status", flat=True)) == {"confirmed"}


def test_hyoka_link_names_a_missing_plan(cli, db):
    code, _out, err = cli("link", "9999")
    assert code == 1 and "no plan" in err


def test_hyoka_catalog_lists_and_loads_again(cli, db):
    code, out, _ = cli("catalog", "list")
    assert code == 0 and "合計特殊出生率" in out
    code, out, _ = cli("catalog", "load")
    assert code == 0 and f"変更なし {StandardIndicator.objects.count()}" in out


def test_the_planning_office_suggests_confirms_rejects_and_chooses(client, people, iruma):
    client.force_login(people.alice)
    url = reverse("plan-links", args=[iruma.pk])
    assert client.post(url, {"action": "suggest"}).status_code == 302
    kpi = iruma.indicators.get(name="市内事業所数")
    other = iruma.indicators.get(name="定住意向")
    client.post(url, {"action": "confirm", "indicator": kpi.pk})
    client.post(url, {"action": "reject", "indicator": other.pk})
    link = IndicatorLink.objects.get(indicator=kpi)
    assert (link.status, link.decided_by) == ("confirmed", people.alice) and link.decided_at
    assert IndicatorLink.objects.get(indicator=other).status == "rejected"
    chosen = iruma.indicators.get(name="20歳から29歳までの社会移動数")
    client.post(url, {"action": "choose", "indicator": chosen.pk, "standard": "social_change"})
    assert IndicatorLink.objects.get(indicator=chosen).standard.code == "social_change"
    client.post(url, {"action": "suggest"})  # a rejected suggestion is not made again
    assert IndicatorLink.objects.get(indicator=other).status == "rejected"
    page = client.get(url).content.decode()
    assert "社会増減数" in page and "確定" in page and "対象外" in page


def test_another_plans_kpi_cannot_be_linked_through_this_page(client, people, iruma):
    client.force_login(people.alice)
    foreign = people.plan.indicators.first()
    client.post(
        reverse("plan-links", args=[iruma.pk]), {"action": "choose", "indicator": foreign.pk, "standard": "births"}
    )
    assert not IndicatorLink.objects.filter(indicator=foreign).exists()


def test_the_page_costs_the_same_on_ten_times_the_kpis(client, people, big_plan, count_queries):
    from hyoka.catalog.linking import suggest_links

    client.force_login(people.alice)
    suggest_links(people.plan.pk)
    suggest_links(big_plan.pk)
    small = count_queries(client, reverse("plan-links", args=[people.plan.pk]))
    assert count_queries(client, reverse("plan-links", args=[big_plan.pk])) == small


def test_the_catalogue_page_leads_the_planning_office_to_each_plans_links(client, people):
    url = reverse("standard-indicator-list")
    assert 'id="plan-links"' not in client.get(url).content.decode()
    client.force_login(people.alice)
    page = client.get(url).content.decode()
    assert reverse("plan-links", args=[people.plan.pk]) in page
