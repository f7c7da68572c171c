import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_plan_list_shows_every_plan_in_one_query(client, demo_plans, django_assert_num_queries):
    with django_assert_num_queries(1):  # the plans with their counts, in one query
        response = client.get(reverse("plan-list"))
    assert response.status_code == 200
    page = response.content.decode()
    for plan in demo_plans.values():
        assert plan.title in page
    assert "平成27年度〜令和元年度" in page  # 入間市's FY2015–2019, as the city writes it


def test_plan_detail_shows_kpi_progress(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "市内事業所数" in page
    assert "△24事業所" in page
    assert "企業等誘致事業" in page and "商工観光課" in page


def test_plan_detail_queries_do_not_grow_with_the_plan(client, demo_plans, django_assert_max_num_queries):
    # あきる野市: 67 projects, each with departments and an evaluation; a fixed number of queries.
    plan = demo_plans["akiruno_child_plan_r2"]
    with django_assert_max_num_queries(15):
        response = client.get(reverse("plan-detail", args=[plan.pk]))
    page = response.content.decode()
    assert "幼児教育・保育の質の向上" in page
    assert "令和2年度 B3" in page  # item 3's grade, with the fiscal year written as the city writes it


def test_unknown_plan_is_404(client, db):
    assert client.get(reverse("plan-detail", args=[999])).status_code == 404


def test_pages_serve_their_own_japanese_font(client, db):
    page = client.get(reverse("plan-list")).content.decode()
    assert "web/fonts/noto-sans-jp.css" in page


def test_plan_detail_shows_benchmarks_and_revisions(client, demo_plans):
    plan = demo_plans["kiyose_strategy_revision"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert '<td>小平市</td><td class="num">1.33</td>' in page
    assert "P.9～15" in page and "スマイルベビーきよせ" in page
