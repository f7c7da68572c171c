"""The city's departments: /plans/<id>/edit/departments/ — list with counts, add, rename; recorded."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.plans.models import Department
from hyoka.web.tests.conftest import big_plan  # noqa: F401  (the plan ×10 fixture)

pytestmark = pytest.mark.django_db


def url(plan):
    return reverse("plan-upkeep-departments", args=[plan.pk])


def test_the_planning_office_adds_a_department(client, people):
    client.force_login(people.alice)
    assert "保育課" in client.get(url(people.plan)).content.decode()
    assert client.post(url(people.plan), {"name": "こども家庭センター"}).status_code == 302
    assert Department.objects.filter(municipality=people.plan.municipality, name="こども家庭センター").exists()
    change = Change.objects.get(plan=people.plan, record="所管課")
    assert change.after == {"課名": "こども家庭センター"} and change.user == people.alice


def test_a_duplicate_name_is_refused(client, people):
    client.force_login(people.alice)
    response = client.post(url(people.plan), {"name": "保育課"})
    assert response.status_code == 400 and "すでにあります" in response.content.decode()


def test_renaming_keeps_the_projects_and_users(client, people):
    hoiku = Department.objects.get(municipality=people.plan.municipality, name="保育課")
    projects = set(hoiku.project_links.values_list("project_id", flat=True))
    client.force_login(people.alice)
    rename = reverse("plan-upkeep-department-rename", args=[people.plan.pk, hoiku.pk])
    assert client.post(rename, {"name": "保育・幼稚園課"}).status_code == 302
    hoiku.refresh_from_db()
    assert hoiku.name == "保育・幼稚園課"
    assert set(hoiku.project_links.values_list("project_id", flat=True)) == projects
    assert list(people.carol.profile.departments.all()) == [hoiku]
    change = Change.objects.get(plan=people.plan, record="所管課")
    assert (change.before, change.after) == ({"課名": "保育課"}, {"課名": "保育・幼稚園課"})


def test_a_department_of_another_city_is_not_found(client, people, demo_plans):
    other = Department.objects.exclude(municipality=people.plan.municipality).first()
    client.force_login(people.alice)
    rename = reverse("plan-upkeep-department-rename", args=[people.plan.pk, other.pk])
    assert client.post(rename, {"name": "x"}).status_code == 404


def test_the_list_runs_the_same_queries_on_ten_times_the_data(client, people, big_plan):  # noqa: F811
    client.force_login(people.alice)
    counts = []
    for plan in (people.plan, big_plan):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(plan)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
