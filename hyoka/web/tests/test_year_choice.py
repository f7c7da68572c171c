"""?fy= on the plan page and the project list: which years a reader may pick and which one is shown."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hyoka.evaluations.models import EvaluationCycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_2019(people):
    """FY2019 of あきる野市's plan is published (FY2020, opened by ``opened_2020``, is not)."""
    return EvaluationCycle.objects.create(
        plan=people.plan,
        fiscal_year=2019,
        deadline=datetime.date(2020, 6, 30),
        opened_by=people.alice,
        published_at=timezone.now(),
        published_by=people.alice,
    )


def _options(page: str) -> str:
    return page.split('<select name="fy">')[1].split("</select>")[0]


def test_the_public_sees_the_latest_published_year_and_may_pick_only_published_ones(
    client, people, published_2019, opened_2020
):
    url = reverse("plan-detail", args=[people.plan.pk])
    page = client.get(url).content.decode()
    options = _options(page)
    assert '<option value="2019" selected>令和元年度</option>' in options
    assert "2020" not in options
    assert "事業の令和元年度の評価" in page and "令和2年度 B3" not in page  # FY2020's grades stay hidden
    asked = client.get(url, {"fy": "2020"}).content.decode()  # an unpublished year asked for by hand
    assert '<option value="2019" selected>' in _options(asked) and "令和2年度 B3" not in asked


def test_staff_see_the_open_year_marked_as_draft_and_may_pick_any(client, people, published_2019, opened_2020):
    client.force_login(people.dave)
    url = reverse("plan-detail", args=[people.plan.pk])
    page = client.get(url).content.decode()
    assert '<option value="2020" selected>令和2年度（未公開）</option>' in _options(page)
    assert '<option value="2019">令和元年度</option>' in _options(page)
    assert 'class="badge draft">案<' in page and "評価の分布（18事業の令和2年度の評価）" in page
    older = client.get(url, {"fy": "2019"}).content.decode()
    assert '<option value="2019" selected>' in _options(older) and 'class="badge draft"' not in older


def test_a_plan_without_cycles_has_no_year_selector_and_shows_the_latest(client, people):
    page = client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    assert '<select name="fy">' not in page and "評価の分布（18事業の最新の評価）" in page


def test_project_list_defaults_to_the_same_year(client, people, published_2019, opened_2020):
    url = reverse("project-list", args=[people.plan.pk])
    public = client.get(url).content.decode()
    assert '<option value="2019" selected>令和元年度</option>' in public and 'value="2020"' not in public
    client.force_login(people.alice)
    staff = client.get(url).content.decode()
    assert '<option value="2020" selected>令和2年度（未公開）</option>' in staff
    assert 'class="badge draft">案<' in staff
    assert client.get(url, {"fy": "２０１９"}).content.decode().count('value="2019" selected') == 1  # 全角 digits


def test_kpi_page_shows_every_year_with_its_status_and_target(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    indicator = plan.indicators.get(name="市内事業所数")
    page = client.get(reverse("indicator-detail", args=[plan.pk, indicator.pk])).content.decode()
    table = page.split("値の一覧")[1].split("</table>")[0]
    assert "判定" in table and "適用目標" in table
    year = table.split("H28 末現在")[1].split("</tr>")[0]  # the year's value, its verdict, why, and its target
    assert "4,962事業所" in year and "速報・暫定" in year and '<span class="badge behind">遅れ</span>' in year
    assert "基準値から24事業所減少" in year and "4,986事業所（H31）" in year
