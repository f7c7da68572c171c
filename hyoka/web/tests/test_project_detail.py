"""/plans/<id>/projects/<id>/ — a project: description, budget items, KPIs, evaluations by year;
for staff also the cycle's comments and change history."""

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change, Comment, Evaluation

pytestmark = pytest.mark.django_db


def url(plan, project):
    return reverse("project-detail", args=[plan.pk, project.pk])


@pytest.fixture
def project3(people):
    return people.plan.projects.get(number="3")


def test_project_page_shows_description_departments_kpis_and_evaluations(client, people, project3):
    page = client.get(url(people.plan, project3)).content.decode()
    assert project3.name in page and "健康課" in page
    assert "3～4か月児健康診査受診者（受診率）" in page  # its KPI card
    assert 'id="fy-2020"' in page and "評価 B" in page and "達成度 3" in page
    assert "受診者421人" in page  # the narrative


def test_budget_items_with_code_and_department(client, demo_plans):
    plan = demo_plans["kiyose_strategy_initiatives"]
    project = plan.projects.filter(budget_links__department__isnull=False).first()
    link = project.budget_links.select_related("budget_item", "department").first()
    page = client.get(url(plan, project)).content.decode()
    assert "予算事務事業" in page
    assert (
        f"<td>{link.budget_item.code or '—'}</td><td>{link.budget_item.name}</td><td>{link.department.name}</td>"
        in page
    )


def test_comments_and_history_for_staff_only(client, people, project3):
    evaluation = Evaluation.objects.get(project=project3, fiscal_year=2020)
    Comment.objects.create(
        evaluation=evaluation, author=people.alice, kind="return", text="受診率の根拠を追記してください"
    )
    Change.objects.create(
        evaluation=evaluation,
        user=people.bob,
        action="saved",
        record="評価",
        before={"grade": "C"},
        after={"grade": "B"},
    )
    public = client.get(url(people.plan, project3)).content.decode()
    assert "受診率の根拠を追記してください" not in public and "変更履歴" not in public
    client.force_login(people.dave)
    staff = client.get(url(people.plan, project3)).content.decode()
    assert "受診率の根拠を追記してください" in staff
    assert "変更履歴（1件）" in staff and "<del>C</del>" in staff and "<ins>B</ins>" in staff


def test_project_of_another_plan_is_404(client, demo_plans, people):
    other = demo_plans["iruma_strategy_h29"].projects.first()
    assert client.get(url(people.plan, other)).status_code == 404


def test_unpublished_plan_is_404_for_the_public(client, people, project3):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    assert client.get(url(people.plan, project3)).status_code == 404
    client.force_login(people.bob)
    assert client.get(url(people.plan, project3)).status_code == 200


def test_opened_year_is_hidden_from_the_public(client, people, project3, opened_2020):
    public = client.get(url(people.plan, project3)).content.decode()
    assert "421" not in public and 'id="fy-2020"' not in public
    client.force_login(people.dave)
    assert "受診者421人" in client.get(url(people.plan, project3)).content.decode()


def test_project_page_queries_do_not_depend_on_the_plan(client, people, big_plan, project3, count_queries):
    big = big_plan.projects.get(number="3-1")
    assert count_queries(client, url(people.plan, project3)) == count_queries(client, url(big_plan, big))


def test_the_sheet_shows_cost_viewpoints_direction_and_the_committees_opinion(client, people, project3):
    from decimal import Decimal

    from hyoka.evaluations.models import EvaluationScheme

    EvaluationScheme.objects.filter(plan=people.plan).update(unit_cost_per_person_year=Decimal(8_000_000))
    Evaluation.objects.filter(project=project3, fiscal_year=2020).update(
        budget_amount=Decimal(5_000_000),
        person_years=Decimal("1.5"),
        necessity_grade="A",
        efficiency_comment="集団健診で費用を抑えた。",
        direction="継続",
        committee_opinion="未受診家庭への訪問を強化されたい。",
        city_response="保健師の訪問を月2回に増やす。",
    )
    page = client.get(url(people.plan, project3)).content.decode()  # the public reads the approved entry
    assert "継続" in page and "5,000,000円" in page and "12,000,000円" in page and "17,000,000円" in page
    assert "A：高い" in page and "集団健診で費用を抑えた。" in page
    assert "未受診家庭への訪問を強化されたい。" in page and "保健師の訪問を月2回に増やす。" in page
