"""/ — the plans: published ones for the public, every plan for staff; one query whatever the data."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_plan_list_shows_every_published_plan_in_one_query(client, demo_plans, django_assert_num_queries):
    from django.core.cache import cache

    client.get(reverse("plan-list"))  # the public cache's version row, made at the first request
    cache.clear()
    with django_assert_num_queries(2):  # the plans with their counts in one query, and the public cache's version
        response = client.get(reverse("plan-list"))
    assert response.status_code == 200
    page = response.content.decode()
    for plan in demo_plans.values():
        assert plan.title in page
    assert "平成27年度〜令和元年度" in page  # 入間市's FY2015–2019, as the city writes it
    assert reverse("plan-csv", args=[demo_plans["iruma_strategy_h29"].pk]) in page


def test_public_does_not_see_unpublished_plans_staff_does(client, people):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    assert people.plan.title not in client.get(reverse("plan-list")).content.decode()
    client.force_login(people.carol)
    page = client.get(reverse("plan-list")).content.decode()
    assert people.plan.title in page and "非公開" in page


def test_plan_list_queries_do_not_grow_with_the_data(client, demo_plans, count_queries, request):
    small = count_queries(client, reverse("plan-list"))
    request.getfixturevalue("big_plan")
    assert count_queries(client, reverse("plan-list")) == small


def test_pages_serve_their_own_japanese_font(client, db):
    page = client.get(reverse("plan-list")).content.decode()
    assert "web/fonts/noto-sans-jp.css" in page


def test_ping_is_a_bare_view(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("ping"))
    assert response.content == b"ok"
