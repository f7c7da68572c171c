"""The plan's upkeep page /plans/<id>/edit/: the section tree with KPIs and projects, and what needs attention."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hyoka.projects.models import ProjectDepartment
from hyoka.web.tests.conftest import big_plan  # noqa: F401  (the plan ×10 fixture)

pytestmark = pytest.mark.django_db


def url(plan):
    return reverse("plan-upkeep", args=[plan.pk])


def test_the_planning_office_sees_the_tree_with_its_kpis_and_projects(client, people):
    client.force_login(people.alice)
    response = client.get(url(people.plan))
    assert response.status_code == 200
    text = response.content.decode()
    first = people.plan.projects.order_by("position").first()
    assert reverse("plan-upkeep-project", args=[people.plan.pk, first.pk]) in text
    assert "対応が必要な項目" in text


def test_a_project_without_a_department_is_listed_as_needing_one(client, people):
    project = people.plan.projects.get(number="3")
    ProjectDepartment.objects.filter(project=project).delete()
    client.force_login(people.alice)
    response = client.get(url(people.plan))
    listed = response.content.decode().split('id="attention-projects"')[1].split("</ul>")[0]
    assert project.name in listed
    assert "所管課のない事業が1件あります" in response.content.decode()


def test_a_kpi_without_a_target_is_listed_as_needing_one(client, people):
    k = people.plan.indicators.first()
    k.target_value, k.target_text = None, ""
    k.save()
    client.force_login(people.alice)
    text = client.get(url(people.plan)).content.decode()
    listed = text.split('id="attention-indicators"')[1].split("</ul>")[0]
    assert k.name in listed


def test_a_department_editor_is_refused(client, people):
    client.force_login(people.bob)
    assert client.get(url(people.plan)).status_code == 403


def test_the_page_runs_the_same_queries_on_ten_times_the_data(client, people, big_plan):  # noqa: F811
    client.force_login(people.alice)
    counts = []
    for plan in (people.plan, big_plan):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(plan)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_plan_page_links_to_upkeep_for_the_planning_office_only(client, people):
    link = reverse("plan-upkeep", args=[people.plan.pk])
    client.force_login(people.alice)
    assert link in client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
    client.force_login(people.bob)
    assert link not in client.get(reverse("plan-detail", args=[people.plan.pk])).content.decode()
