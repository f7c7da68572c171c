"""After a 目標改定 the KPI chart draws the target first set, fainter, beside the one in force (and says so)."""

import datetime
from decimal import Decimal as D

import pytest
from django.urls import reverse

from hyoka.indicators.actions import revise_target
from hyoka.web import charts

NAME = "3～4か月児健康診査受診者（受診率）"  # 450人 by 令和6年度


def test_the_chart_draws_both_targets_with_their_labels():
    svg = charts.trend_chart(
        [charts.ChartPoint(2020, D(421), "令和2年度 421人")],
        title="受診者",
        target=charts.ChartPoint(2024, D(430), "目標値 令和6年度 430人"),
        original_target=charts.ChartPoint(2024, D(450), "当初の目標値 令和6年度 450人"),
    )
    assert svg.count('class="target original-target"') == 1 and svg.count('class="target"') == 1
    assert "当初の目標値 令和6年度 450人" in svg and "目標値 令和6年度 430人" in svg
    assert "original-target" not in charts.trend_chart(
        [charts.ChartPoint(2020, D(421), "x")], title="t", target=charts.ChartPoint(2024, D(430), "y")
    )


@pytest.mark.django_db
def test_the_kpi_page_shows_the_original_target_in_the_chart_only_once_revised(client, people):
    kpi = people.plan.indicators.get(name=NAME)
    url = reverse("indicator-detail", args=[people.plan.pk, kpi.pk])
    client.force_login(people.alice)
    assert "original-target" not in client.get(url).content.decode()
    revise_target(
        indicator=kpi, value=D(430), comparator=">=", text="", fiscal_year=None, effective_from_fy=2022,
        reason="出生数の減少", by=people.alice, decided=datetime.date(2022, 3, 25),
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert 'class="target original-target"' in page and "当初の目標値 令和6年度 450人" in page
    assert "当初の目標値（改定前、薄い破線）" in page  # the legend


@pytest.mark.django_db
def test_in_english_the_kpi_page_explains_progress_in_english(client, people):
    kpi = people.plan.indicators.get(name=NAME)
    client.force_login(people.alice)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("indicator-detail", args=[people.plan.pk, kpi.pk])).content.decode()
    assert "The value is 421人: the target (450人) is not reached yet." in page and "届いていません" not in page
    client.cookies["django_language"] = "ja"
    page = client.get(reverse("indicator-detail", args=[people.plan.pk, kpi.pk])).content.decode()
    assert "目標（450人）に届いていません" in page and "not reached" not in page
