"""/search/?q= — Japanese substrings across plans, sections, projects, KPIs and evaluation narratives."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


def test_finds_kodomo_shokudo_in_akiruno_with_highlight(client, people):
    page = search(client, "子ども食堂")
    assert people.plan.title in page
    assert "子ども食堂推進事業" in page
    assert "<mark>子ども食堂</mark>" in page
    project = people.plan.projects.get(name="子ども食堂推進事業")
    assert reverse("project-detail", args=[people.plan.pk, project.pk]) in page


def test_finds_neuvola_in_both_kiyose_plans(client, demo_plans):
    page = search(client, "ネウボラ")
    assert demo_plans["kiyose_strategy_initiatives"].title in page
    assert "<mark>ネウボラ</mark>" in page


def test_half_width_katakana_finds_full_width(client, demo_plans):
    page = search(client, "ﾈｳﾎﾞﾗ")  # NFKC: ﾈｳﾎﾞﾗ → ネウボラ
    assert "<mark>ネウボラ</mark>" in page


def test_half_width_digits_find_full_width_ones(client, people):
    # The narrative prints ３～４か月児 in full-width digits; a reader types 3～4か月児.
    page = search(client, "３～４か月児健康診査")
    assert "<mark>" in page
    assert search(client, "3～4か月児健康診査").count("<mark>") == page.count("<mark>")


def test_evaluation_narratives_are_searched(client, people):
    page = search(client, "受診勧奨")
    assert "評価" in page and "<mark>受診勧奨</mark>" in page and "#fy-2020" in page


def test_public_results_only_from_published_plans(client, people):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    assert "子ども食堂推進事業" not in search(client, "子ども食堂")
    client.force_login(people.dave)
    assert "子ども食堂推進事業" in search(client, "子ども食堂")


def test_narratives_of_an_opened_year_are_not_public(client, people, opened_2020):
    assert "<mark>受診勧奨</mark>" not in search(client, "受診勧奨")
    client.force_login(people.dave)
    assert "<mark>受診勧奨</mark>" in search(client, "受診勧奨")


def test_results_are_escaped(client, people):
    page = search(client, "<script>")
    assert "<script>" not in page.split("<main")[1]


def test_empty_query_shows_the_form(client, db):
    page = search(client, "")
    assert 'name="q"' in page and "一致したもの" not in page


def test_search_queries_do_not_grow_with_the_data(client, people, count_queries, request):
    small = count_queries(client, reverse("search") + "?q=子ども")
    request.getfixturevalue("big_plan")
    assert count_queries(client, reverse("search") + "?q=子ども") == small
    page = search(client, "子ども")
    assert "種類ごとに先頭の20件まで" in page  # capped per kind


def test_full_width_capitals_are_found_from_half_width_lower_case(client, people):
    from hyoka.projects.models import Project

    Project.objects.filter(plan=people.plan, number="3").update(description="ＢＣＧ接種を含む健康診査")
    page = client.get(reverse("search"), {"q": "bcg"}).content.decode()
    assert "健康診査等の実施" in page
