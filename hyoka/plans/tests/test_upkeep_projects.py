"""Projects in the browser: /plans/<id>/edit/projects/… — number, name, section, status tag, departments, budget items."""

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.plans import upkeep
from hyoka.plans.models import Department
from hyoka.projects.models import BudgetItem, Project

pytestmark = pytest.mark.django_db


def department(plan, name):
    return Department.objects.get(municipality=plan.municipality, name=name)


def test_the_planning_office_adds_a_project_with_departments_and_budget_items(client, people):
    plan = people.plan
    kenko, hoiku = department(plan, "健康課"), department(plan, "保育課")
    client.force_login(people.alice)
    url = reverse("plan-upkeep-project-new", args=[plan.pk])
    assert client.get(url).status_code == 200
    data = {
        "number": "68",
        "name": "新しい子育て事業",
        "section": plan.sections.first().pk,
        "status": "新規",
        "description": "",
        "departments": [hoiku.pk, kenko.pk],
        "budget_items": "0104010242 妊婦健康診査事業（健康課）\n子育て広場運営",
    }
    assert client.post(url, data).status_code == 302
    project = Project.objects.get(plan=plan, number="68")
    assert {link.department for link in project.department_links.all()} == {kenko, hoiku}
    links = list(project.budget_links.order_by("position").select_related("budget_item", "department"))
    assert [(b.budget_item.code, b.budget_item.name, b.department) for b in links] == [
        ("0104010242", "妊婦健康診査事業", kenko),
        ("", "子育て広場運営", None),
    ]
    change = Change.objects.get(plan=plan, record="事業")
    assert change.after["事業名"] == "新しい子育て事業" and "妊婦健康診査事業" in change.after["予算事務事業"]


def test_giving_a_department_to_a_project_without_one_records_it(client, people):
    plan = people.plan
    project = plan.projects.get(number="3")
    project.department_links.all().delete()
    hoiku = department(plan, "保育課")
    client.force_login(people.alice)
    url = reverse("plan-upkeep-project", args=[plan.pk, project.pk])
    assert client.get(url).status_code == 200
    data = {"number": "3", "name": project.name, "section": project.section_id, "status": project.status}
    data.update({"description": project.description, "departments": [hoiku.pk], "budget_items": ""})
    assert client.post(url, data).status_code == 302
    assert [link.department for link in project.department_links.all()] == [hoiku]
    change = Change.objects.get(plan=plan, record="事業")
    assert change.before == {} and change.after == {"所管課": "保育課"}
    assert upkeep.needs_attention(plan)["projects"] == []


def test_a_budget_line_naming_an_unknown_department_is_shown_with_its_line(client, people):
    plan = people.plan
    client.force_login(people.alice)
    url = reverse("plan-upkeep-project-new", args=[plan.pk])
    response = client.post(url, {"name": "事業", "budget_items": "0104010242 事業\n0104010243 事業（架空課）"})
    assert response.status_code == 400
    assert "2行目" in response.content.decode() and "架空課" in response.content.decode()
    assert not BudgetItem.objects.filter(code="0104010243").exists()


def test_a_budget_code_must_have_ten_digits(people):
    lines = [upkeep.BudgetLine(code="123", name="短いコード")]
    with pytest.raises(upkeep.UpkeepError, match="10桁"):
        upkeep.add_project(plan=people.plan, values={"name": "x"}, departments=[], budget_items=lines, by=people.alice)


def test_a_department_of_another_city_is_refused(people, demo_plans):
    other = Department.objects.exclude(municipality=people.plan.municipality).first()
    with pytest.raises(upkeep.UpkeepError):
        upkeep.add_project(
            plan=people.plan, values={"name": "x"}, departments=[other], budget_items=[], by=people.alice
        )
    assert not Project.objects.filter(name="x").exists()


def test_a_department_editor_cannot_edit_even_their_own_project(client, people):
    project = people.plan.projects.get(number="3")  # 健康課's, bob's department
    client.force_login(people.bob)
    response = client.post(reverse("plan-upkeep-project", args=[people.plan.pk, project.pk]), {"name": "変更"})
    assert response.status_code == 403
