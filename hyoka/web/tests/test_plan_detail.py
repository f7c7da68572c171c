"""/plans/<id>/ — the plan dashboard: KPI cards, grade distribution, projects, benchmarks."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_plan_detail_shows_kpi_progress(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert "市内事業所数" in page
    assert "△24事業所" in page  # the table's signed change
    assert "24事業所減" in page  # the card's change in words
    assert "企業等誘致事業" in page and "商工観光課" in page


def test_kpi_cards_have_value_delta_bar_badge_and_sparkline(client, demo_plans):
    plan = demo_plans["iruma_strategy_h29"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert page.count('class="card"') >= 5
    assert '<svg class="spark"' in page and 'role="img"' in page
    assert 'class="badge ' in page and '<div class="bar' in page
    indicator = plan.indicators.get(name="市内事業所数")
    assert reverse("indicator-detail", args=[plan.pk, indicator.pk]) in page


def test_delta_in_points_for_a_percentage(client, demo_plans):
    plans = demo_plans.values()
    pages = "".join(client.get(reverse("plan-detail", args=[p.pk])).content.decode() for p in plans)
    assert "ポイント上昇" in pages or "ポイント低下" in pages


def test_grade_distribution_per_basic_goal(client, people):
    page = client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    assert "評価の分布" in page
    assert page.count('class="progress-list grades"') == 3  # one per 基本目標 of あきる野市
    first = page.split('class="progress-list grades"')[1].split("</ul>")[0]
    # 基本目標1 has 18 projects, all graded in FY2020: 13 A and 5 B
    assert "評価の分布（18事業の最新の評価）" in page
    assert "<strong>A</strong> 定常的実施" in first and "13事業（72%）" in first and "5事業（28%）" in first


def test_staff_get_the_report_downloads_the_public_does_not(client, people):
    url = reverse("plan-detail", args=[people.plan.pk])
    assert "report-downloads" not in client.get(url).content.decode()
    client.force_login(people.dave)
    assert "report-downloads" in client.get(url).content.decode()


def test_plan_detail_links_projects_and_downloads(client, people):
    plan = people.plan
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    project = plan.projects.get(number="3")
    assert reverse("project-detail", args=[plan.pk, project.pk]) in page
    assert reverse("plan-csv", args=[plan.pk]) in page and reverse("plan-json", args=[plan.pk]) in page
    assert "CC BY 4.0" in page
    assert "令和2年度 B3" in page  # item 3's grade, with the fiscal year written as the city writes it


def test_plan_detail_queries_do_not_grow_with_the_plan(client, people, big_plan, count_queries):
    small = count_queries(client, reverse("plan-detail", args=[people.plan.pk]))
    assert count_queries(client, reverse("plan-detail", args=[big_plan.pk])) == small
    # The public's years come from the visibility read (no query of their own) and the legend's achievement
    # levels are the engine's; one is the cache version.
    assert small <= 15


def test_plan_detail_queries_for_staff_do_not_grow(client, people, big_plan, count_queries):
    client.force_login(people.dave)
    small = count_queries(client, reverse("plan-detail", args=[people.plan.pk]))
    assert count_queries(client, reverse("plan-detail", args=[big_plan.pk])) == small


def test_unknown_plan_is_404(client, db):
    assert client.get(reverse("plan-detail", args=[999])).status_code == 404


def test_unpublished_plan_is_404_for_the_public_only(client, people):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    assert client.get(reverse("plan-detail", args=[people.plan.pk])).status_code == 404
    client.force_login(people.dave)
    assert client.get(reverse("plan-detail", args=[people.plan.pk])).status_code == 200


def test_an_opened_unpublished_year_is_hidden_from_the_public(client, people, opened_2020):
    url = reverse("plan-detail", args=[people.plan.pk])
    public = client.get(url).content.decode()
    assert "421人" not in public and "令和2年度 B3" not in public
    client.force_login(people.dave)
    staff = client.get(url).content.decode()
    assert "421人" in staff and "令和2年度 B3" in staff


def test_benchmarks_beside_the_citys_own_value_and_in_their_table(client, demo_plans):
    plan = demo_plans["kiyose_strategy_revision"]
    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    assert '<td>小平市</td><td class="num">1.33</td>' in page  # the benchmark table
    card = page.split("合計特殊出生率</a>")[1].split("</li>")[0]
    assert "比較値" in card and "小平市" in card and "1.33" in card
    assert "P.9～15" in page and "スマイルベビーきよせ" in page


def test_a_plan_without_budget_items_or_grades_shows_no_empty_columns(client, demo_plans):
    iruma = client.get(reverse("plan-detail", args=[demo_plans["iruma_strategy_h29"].pk])).content.decode()
    assert "予算事務事業</th>" not in iruma and "評価</th>" not in iruma
    kiyose = client.get(reverse("plan-detail", args=[demo_plans["kiyose_strategy_initiatives"].pk])).content.decode()
    assert "予算事務事業</th>" in kiyose
    akiruno = client.get(reverse("plan-detail", args=[demo_plans["akiruno_child_plan_r2"].pk])).content.decode()
    assert "評価</th>" in akiruno and "予算事務事業</th>" not in akiruno


def test_only_the_planning_office_publishes_a_plan(client, people):
    url = reverse("plan-publication", args=[people.plan.pk])
    for who in (people.bob, people.dave):
        client.force_login(who)
        assert client.post(url, {"published": "0"}).status_code == 403
    client.logout()
    assert client.post(url, {"published": "0"}).status_code == 302  # to the login page
    people.plan.refresh_from_db()
    assert people.plan.published

    client.force_login(people.alice)
    asked = client.post(url, {"published": "0"}).content.decode()  # withdrawing asks first, with counts
    assert "公開中の評価 67件が、公開ページ・検索・オープンデータから見えなくなります" in asked
    people.plan.refresh_from_db()
    assert people.plan.published
    page = client.post(url, {"published": "0", "confirmed": "1"}, follow=True).content.decode()
    assert "計画を公開する" in page
    client.logout()
    assert client.get(reverse("plan-detail", args=[people.plan.pk])).status_code == 404
    client.force_login(people.alice)
    client.post(url, {"published": "1"})
    client.logout()
    assert client.get(reverse("plan-detail", args=[people.plan.pk])).status_code == 200


def test_report_downloads_are_offered_to_staff_only(client, people):
    from django.contrib.auth import get_user_model

    url = reverse("plan-detail", args=[people.plan.pk])
    assert "報告書のダウンロード" not in client.get(url).content.decode()
    client.force_login(get_user_model().objects.create_user("nobody"))
    assert "報告書のダウンロード" not in client.get(url).content.decode()
    client.force_login(people.dave)
    assert "報告書のダウンロード" in client.get(url).content.decode()


def test_every_text_a_document_gave_is_printed_as_text_on_the_cards_and_tables(client, synthetic_plan):
    """The cards and tables are written in Python (hyoka.web.fragments), not by the template engine's
    autoescape: each text a city's document can carry must still come out as text."""
    from hyoka.evaluations.models import Grade
    from hyoka.plans.models import Benchmark, Department
    from hyoka.projects.models import BudgetItem, ProjectBudgetItem

    plan = synthetic_plan(2)
    markup = '<i x>"'  # short enough for every field (a project number holds 20 characters)
    kpi = plan.indicators.first()
    for field in ("name", "unit", "baseline_label", "baseline_text", "target_label", "target_text"):
        setattr(kpi, field, markup)
    kpi.save()
    observation = kpi.observations.first()
    observation.period_label, observation.text = markup, markup
    observation.save()
    project = plan.projects.first()
    project.number, project.name, project.status = markup, markup, markup
    project.save()
    Department.objects.filter(project_links__project=project).update(name=markup)
    item = BudgetItem.objects.create(municipality=plan.municipality, code=markup, name=markup)
    ProjectBudgetItem.objects.create(project=project, budget_item=item)
    Benchmark.objects.create(plan=plan, indicator=markup, area=markup, period_label=markup, value=1, unit=markup)
    plan.sections.filter(pk=project.section_id).update(level=markup, number=markup, title=markup, pages=markup)
    Grade.objects.filter(scheme__plan=plan).update(label=markup)  # the sections' grade distributions

    page = client.get(reverse("plan-detail", args=[plan.pk])).content.decode()
    project_page = client.get(reverse("project-detail", args=[plan.pk, project.pk])).content.decode()
    for html in (page, project_page):
        assert "<i x>" not in html
        assert "&lt;i x&gt;&quot;" in html
    assert page.count("&lt;i x&gt;") >= 12  # the card, the KPI table and the projects
    text = "&lt;i x&gt;&quot;"
    assert f'id="heading-{project.section_id}">{text} {text}　{text} <small>{text}</small>' in page  # the section
    assert f"</strong> {text}</span>" in page  # a grade of the section's distribution
