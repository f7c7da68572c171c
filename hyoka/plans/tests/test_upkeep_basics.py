"""The plan's basic data: /plans/<id>/edit/basics — title, version, kind, period, level names, source; recorded."""

import pytest
from django.urls import reverse

from hyoka.evaluations.models import Change

pytestmark = pytest.mark.django_db


def test_the_planning_office_changes_the_period_and_the_level_names(client, people):
    plan = people.plan
    client.force_login(people.alice)
    url = reverse("plan-upkeep-basics", args=[plan.pk])
    assert "＞".join(plan.section_levels) in client.get(url).content.decode()
    data = {"title": plan.title, "version": plan.version, "kind": plan.kind, "start_fy": "2020", "end_fy": "2026"}
    data.update({"levels": "基本目標 ＞ 施策 > 事業", "source": plan.source})
    assert client.post(url, data).status_code == 302
    plan.refresh_from_db()
    assert (plan.end_fy, plan.section_levels) == (2026, ["基本目標", "施策", "事業"])
    change = Change.objects.get(plan=plan, record="計画の基本情報")
    assert change.after == {"終了年度": "2026", "階層名": "基本目標 ＞ 施策 ＞ 事業"}
    # an upkeep edit is named as such in the history, not as the system administrator's admin edit
    assert change.action == Change.Action.UPKEPT
    history = client.get(reverse("cycle-history", args=[plan.pk])).content.decode()
    assert history.count("計画の管理での編集") == 2  # the row and the filter's choice
    assert history.count("管理画面での編集") == 1  # only the filter's choice


def test_upkeep_edits_recorded_before_they_had_their_own_action_are_relabelled(people):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("hyoka.evaluations.migrations.0008_change_action_upkept")
    upkeep = Change.objects.create(plan=people.plan, action="edited", record="指標", subject="市内事業所数")
    admin = Change.objects.create(plan=people.plan, action="edited", record="指標（管理画面）", subject="x")
    migration.upkeep_edits_get_their_action(apps, None)
    upkeep.refresh_from_db(), admin.refresh_from_db()
    assert (upkeep.action, admin.action) == ("upkept", "edited")
    migration.back_to_admin_edits(apps, None)
    upkeep.refresh_from_db()
    assert upkeep.action == "edited"


def test_an_end_before_the_start_is_refused_and_nothing_is_recorded(client, people):
    plan = people.plan
    client.force_login(people.alice)
    data = {"title": plan.title, "version": plan.version, "kind": plan.kind, "start_fy": "2024", "end_fy": "2020"}
    response = client.post(reverse("plan-upkeep-basics", args=[plan.pk]), data)
    assert response.status_code == 400 and "終了年度は開始年度より後" in response.content.decode()
    assert not Change.objects.filter(plan=plan).exists()


def test_a_reviewer_cannot_open_it(client, people):
    client.force_login(people.dave)
    assert client.get(reverse("plan-upkeep-basics", args=[people.plan.pk])).status_code == 403
