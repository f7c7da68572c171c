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
    pages = [reverse("search") + "?q=子ども", reverse("search") + "?q=子ども&kind=project&page=2"]
    small = [count_queries(client, page) for page in pages]
    request.getfixturevalue("big_plan")
    assert [count_queries(client, page) for page in pages] == small
    page = search(client, "子ども")
    assert "種類ごとに一致の良い20件まで" in page and "事業をすべて見る" in page  # capped per kind, the rest a link


def test_full_width_capitals_are_found_from_half_width_lower_case(client, people):
    from hyoka.projects.models import Project

    project = Project.objects.get(plan=people.plan, number="3")
    project.description = "ＢＣＧ接種を含む健康診査"
    project.save(update_fields=["description"])  # the search column follows the fields it is made of
    page = client.get(reverse("search"), {"q": "bcg"}).content.decode()
    assert "健康診査等の実施" in page


def test_a_name_that_starts_with_the_word_ranks_before_one_that_has_it_later(client, people):
    """Ranked by where the first word stands: 子ども食堂推進事業 (a name that starts with it) comes before a
    project whose name or description has it further on. A page shows its hits by plan, the plan with the
    best hit first; the next page's hits all rank after this page's."""
    from hyoka.projects.models import Project

    pages = [hits(search_kind(client, "子ども", "project", n)) for n in (1, 2)]
    pks = [[int(url.rstrip("/").split("/")[-1]) for url in page] for page in pages]
    text = dict(Project.objects.values_list("pk", "search_text"))
    where = [[text[pk].index("子ども") for pk in page] for page in pks]
    assert where[0][0] == 0 and max(where[0]) <= min(where[1]) and max(where[1]) > 0
    assert len(pks[0]) == 20 and not set(pks[0]) & set(pks[1])


def test_one_kind_is_paged_twenty_at_a_time_with_its_count(client, people):
    from hyoka.projects.models import Project

    first = search_kind(client, "子ども", "project", 1)
    second = search_kind(client, "子ども", "project", 2)
    found = Project.objects.filter(plan__published=True, search_text__contains="子ども").count()
    assert f"一致した事業：{found}件" in first and "1〜20件目" in first and 'rel="next"' in first
    assert f"21〜{min(40, found)}件目" in second and 'rel="prev"' in second
    shown = [hits(page) for page in (first, second)]
    assert len(shown[0]) == 20 and not set(shown[0]) & set(shown[1])  # no hit on two pages
    assert hits(search_kind(client, "子ども", "project", 999)) == hits(
        search_kind(client, "子ども", "project", -(-found // 20))
    )


def test_the_search_column_follows_every_save_and_bulk_create(people):
    from hyoka.projects.models import Project

    project = Project(plan=people.plan, name="ﾈｳﾎﾞﾗ事業", description="ＢＣＧ")
    project.save()
    assert project.search_text == "ネウボラ事業\n\nbcg"
    (made,) = Project.objects.bulk_create([Project(plan=people.plan, name="Ａ事業", position=999)])
    assert Project.objects.get(pk=made.pk).search_text == "a事業\n\n"
    project.name = "子育て"
    project.save(update_fields=["name"])
    assert Project.objects.get(pk=project.pk).search_text == "子育て\n\nbcg"


def search_kind(client, q, kind, page):
    response = client.get(reverse("search"), {"q": q, "kind": kind, "page": page})
    assert response.status_code == 200
    return response.content.decode()


def hits(page: str) -> list[str]:
    import re

    lists = re.findall(r'<ul class="search-hits">(.*?)</ul>', page, re.S)
    return [url for part in lists for url in re.findall(r'<li><a href="([^"]+)"', part)]
