"""The section tree in the browser: /plans/<id>/edit/sections/… — add, rename, renumber, move, delete when empty."""

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change
from hyoka.plans.models import Section

pytestmark = pytest.mark.django_db


def test_the_planning_office_adds_a_section_under_another(client, people):
    plan = people.plan
    parent = plan.sections.filter(parent=None).first()
    client.force_login(people.alice)
    url = reverse("plan-upkeep-section-new", args=[plan.pk])
    assert client.get(url + f"?parent={parent.pk}").status_code == 200
    response = client.post(url, {"parent": parent.pk, "level": "施策", "number": "9", "title": "新しい施策"})
    assert response.status_code == 302
    section = Section.objects.get(plan=plan, title="新しい施策")
    assert section.parent == parent
    assert section.position > max(s.position for s in plan.sections.exclude(pk=section.pk))
    change = Change.objects.get(plan=plan, record="施策体系", action=Change.Action.UPKEPT)
    assert change.after["名称"] == "新しい施策" and change.user == people.alice


def test_renaming_renumbering_and_moving_are_one_recorded_change(client, people):
    plan = people.plan
    tops = list(plan.sections.filter(parent=None).order_by("position"))
    section = plan.sections.filter(parent=tops[0]).first()
    client.force_login(people.alice)
    url = reverse("plan-upkeep-section", args=[plan.pk, section.pk])
    assert client.get(url).status_code == 200
    data = {"parent": tops[1].pk, "level": section.level, "number": "99", "title": "改名した施策", "pages": ""}
    assert client.post(url, data).status_code == 302
    section.refresh_from_db()
    assert (section.parent, section.number, section.title) == (tops[1], "99", "改名した施策")
    change = Change.objects.filter(plan=plan, record="施策体系").get()
    assert change.after["名称"] == "改名した施策" and change.after["番号"] == "99"
    assert change.before["上位"] == str(tops[0]) and change.after["上位"] == str(tops[1])


def test_a_section_cannot_move_under_its_own_descendant(client, people):
    plan = people.plan
    top = plan.sections.filter(parent=None).first()
    child = top.children.first()
    client.force_login(people.alice)
    url = reverse("plan-upkeep-section", args=[plan.pk, top.pk])
    response = client.post(url, {"parent": child.pk, "level": top.level, "number": top.number, "title": top.title})
    assert response.status_code == 400
    assert "自分自身やその下位" in response.content.decode()
    top.refresh_from_db()
    assert top.parent is None


def test_only_an_empty_section_is_deleted(client, people):
    plan = people.plan
    full = plan.sections.filter(parent=None).first()
    client.force_login(people.alice)
    response = client.post(reverse("plan-upkeep-section-delete", args=[plan.pk, full.pk]), follow=True)
    assert "削除できません" in response.content.decode()
    assert Section.objects.filter(pk=full.pk).exists()
    empty = Section.objects.create(plan=plan, level="施策", title="空の施策", position=999)
    client.post(reverse("plan-upkeep-section-delete", args=[plan.pk, empty.pk]))
    assert not Section.objects.filter(pk=empty.pk).exists()
    change = Change.objects.get(plan=plan, action=Change.Action.DELETED)
    assert change.subject == str(empty) and change.before["名称"] == "空の施策"


def test_a_section_of_another_plan_is_not_found(client, people, demo_plans):
    other = demo_plans["iruma_strategy_h29"].sections.first()
    client.force_login(people.alice)
    assert client.get(reverse("plan-upkeep-section", args=[people.plan.pk, other.pk])).status_code == 404


def test_a_reviewer_cannot_add_a_section(client, people):
    client.force_login(people.dave)
    url = reverse("plan-upkeep-section-new", args=[people.plan.pk])
    assert client.post(url, {"level": "施策", "title": "x"}).status_code == 403
    assert not Section.objects.filter(title="x").exists()


def test_moving_a_section_up_reorders_its_siblings_and_is_recorded(client, people):
    plan = people.plan
    first, second = plan.sections.filter(parent=None).order_by("position")[:2]
    client.force_login(people.alice)
    url = reverse("plan-upkeep-section-move", args=[plan.pk, second.pk])
    assert client.post(url, {"direction": "up"}).status_code == 302
    tops = list(plan.sections.filter(parent=None).order_by("position"))
    assert tops[:2] == [second, first]
    change = Change.objects.get(plan=plan, record="施策体系")
    assert (change.before, change.after) == ({"順序": "2番目"}, {"順序": "1番目"})
    assert client.post(url, {"direction": "up"}).status_code == 302  # the top already: nothing recorded
    assert Change.objects.filter(plan=plan).count() == 1
