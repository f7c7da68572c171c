"""The KPI page says where the city stands on a KPI linked to a standard indicator."""

from django.urls import reverse

from hyoka.catalog.models import IndicatorLink
from hyoka.catalog.tests.conftest import TFR, listed, national_data


def test_a_linked_kpi_shows_its_rank_and_the_medians(client, tokyo):
    kpi = tokyo[listed("city", "東京都", 5)[4].name]
    page = client.get(reverse("indicator-detail", args=[kpi.plan_id, kpi.pk])).content.decode()
    assert 'id="standing"' in page
    assert "2023年は全国8団体中4位。" in page and "全国の中央値" in page and "東京都の中央値" in page
    assert reverse("compare-indicator", args=[TFR]) in page


def test_an_unlinked_or_unconfirmed_kpi_shows_nothing(client, tokyo):
    kpi = next(iter(tokyo.values()))
    IndicatorLink.objects.filter(indicator=kpi).update(status=IndicatorLink.Status.SUGGESTED)
    page = client.get(reverse("indicator-detail", args=[kpi.plan_id, kpi.pk])).content.decode()
    assert 'id="standing"' not in page


def test_the_kpi_page_costs_the_same_on_ten_times_the_municipalities(client, db, count_queries):
    national_data(5)
    link = IndicatorLink.objects.filter(standard__code=TFR).select_related("indicator").first()
    url = reverse("indicator-detail", args=[link.indicator.plan_id, link.indicator_id])
    small = count_queries(client, url)
    national_data(45, skip=5)
    assert count_queries(client, url) == small
