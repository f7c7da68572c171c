"""Edits in the Django admin keep the same history as the cycle's, bump the versions open forms hold, and are
refused when what they edit was saved since the admin form was opened."""

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from hyoka.evaluations import actions
from hyoka.evaluations.models import Change, Evaluation
from hyoka.indicators.models import Indicator
from hyoka.plans.models import Department, Section
from hyoka.projects.models import Project


def posted(response, **changes):
    """The admin form as the page rendered it (main form and inlines), with some fields changed."""
    forms = [response.context["adminform"].form]
    data = {}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        forms += formset.forms
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = value
    data.update(changes)
    return data


@pytest.fixture
def admin_client_fast(admin_client, settings_fast):
    return admin_client


def test_an_evaluation_edited_in_the_admin_keeps_its_history(admin_client_fast, people):
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    response = admin_client_fast.post(url, posted(admin_client_fast.get(url), narrative="管理画面で修正"))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.narrative == "管理画面で修正" and evaluation.version == 1
    change = evaluation.changes.get()
    assert change.after == {"実績・取組状況": "管理画面で修正"} and change.before["実績・取組状況"].startswith(
        "乳幼児健診"
    )
    assert change.user.username == "admin"


def test_a_value_edited_in_the_admin_keeps_its_history(admin_client_fast, people):
    indicator = Indicator.objects.get(plan=people.plan, name="3～4か月児健康診査受診者（受診率）")
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    page = admin_client_fast.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.forms[0].prefix
    response = admin_client_fast.post(url, posted(page, **{f"{prefix}-value": "425"}))
    assert response.status_code == 302
    observation = indicator.observations.get()
    assert (observation.value, observation.version) == (425, 1)
    change = Change.objects.get(indicator=indicator)
    assert (change.before, change.after) == ({"値": "421"}, {"値": "425"})
    assert change.record.startswith("3～4か月児健康診査受診者（受診率）（令和2年度）")


def test_workflow_state_cannot_be_set_in_the_admin(admin_client_fast, people):
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    admin_client_fast.post(url, posted(admin_client_fast.get(url), status="draft", version="99"))
    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.version) == ("approved", 1)


def test_twenty_admin_saves_of_one_version_save_once(admin_client_fast, people):
    """Finding 7: 20 admin saves with the same version all went through (19 lost updates)."""
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    page = admin_client_fast.get(url)
    assert 'name="expected_version" value="0"' in page.content.decode()  # the version travels with the form
    responses = [admin_client_fast.post(url, posted(page, narrative=f"管理画面の保存{i}")) for i in range(20)]
    assert [r.status_code for r in responses].count(302) == 1
    refused = [r for r in responses if r.status_code == 200]
    assert len(refused) == 19 and all("上書きを防ぐため保存していません" in r.content.decode() for r in refused)
    evaluation.refresh_from_db()
    assert (evaluation.narrative, evaluation.version) == ("管理画面の保存0", 1)
    assert evaluation.changes.count() == 1


def test_an_admin_form_does_not_overwrite_the_departments_newer_save(admin_client_fast, people):
    cycle = actions.reopen_year(
        plan=people.plan, fiscal_year=2020, reason="訂正", deadline=date(2021, 5, 31), by=people.alice
    )
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=cycle.fiscal_year)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    page = admin_client_fast.get(url)  # the admin opens the entry …
    data = actions.EntryInput(evaluation.grade_id, evaluation.achievement_id, "所管課が保存した内容", "", [])
    actions.save_entry(evaluation=evaluation, data=data, by=people.bob, expected_version=evaluation.version)
    response = admin_client_fast.post(url, posted(page, narrative="管理画面の古い内容"))  # … and saves it later
    assert response.status_code == 200 and "上書きを防ぐため保存していません" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.narrative == "所管課が保存した内容"


def test_a_stale_value_in_the_admin_is_refused(admin_client_fast, people):
    indicator = Indicator.objects.get(plan=people.plan, name="3～4か月児健康診査受診者（受診率）")
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    page = admin_client_fast.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.forms[0].prefix
    assert f'name="{prefix}-expected_version" value="0"' in page.content.decode()  # the browser posts it back
    assert admin_client_fast.post(url, posted(page, **{f"{prefix}-value": "425"})).status_code == 302
    stale = admin_client_fast.post(url, posted(page, **{f"{prefix}-value": "400"}))
    assert stale.status_code == 200 and "上書きを防ぐため保存していません" in stale.content.decode()
    assert indicator.observations.get().value == 425


def test_a_published_years_entry_is_locked_in_the_admin_too(admin_client_fast, people):
    cycle = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
    actions.publish_year(cycle=cycle, by=people.alice, allow_unapproved=True)
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2021)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    response = admin_client_fast.post(url, posted(admin_client_fast.get(url), narrative="公開後の書き換え"))
    assert response.status_code == 200 and "再開" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.narrative == ""


def test_admin_edits_of_the_plan_tree_are_recorded(admin_client_fast, people):
    plan = people.plan
    section = Section.objects.filter(plan=plan).first()
    project = Project.objects.get(plan=plan, number="3")
    indicator = Indicator.objects.get(plan=plan, name="3～4か月児健康診査受診者（受診率）")
    edits = [
        ("admin:plans_plan_change", plan.pk, {"title": "改題した計画"}),
        ("admin:plans_section_change", section.pk, {"title": "改題した基本目標"}),
        ("admin:projects_project_change", project.pk, {"name": "健康診査等の実施（改）"}),
        ("admin:indicators_indicator_change", indicator.pk, {"baseline_value": "400", "target_value": "460"}),
    ]
    for name, pk, changes in edits:
        url = reverse(name, args=[pk])
        response = admin_client_fast.post(url, posted(admin_client_fast.get(url), **changes))
        assert response.status_code == 302, name
    edited = [c.after for c in Change.objects.filter(plan=plan, action="edited", user__username="admin")]
    assert {"計画名": "改題した計画"} in edited
    assert {"名称": "改題した基本目標"} in edited
    assert {"事業名": "健康診査等の実施（改）"} in edited
    kpi = Change.objects.get(indicator=indicator, action="edited")
    assert set(kpi.after.values()) == {"400", "460"} and kpi.subject == indicator.name


def test_metric_rows_edited_in_the_admin_are_recorded(admin_client_fast, people):
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    metric = evaluation.metrics.create(name="実施回数", value=22, unit="回")
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    page = admin_client_fast.get(url)
    prefix = page.context["inline_admin_formsets"][0].formset.forms[0].prefix
    assert admin_client_fast.post(url, posted(page, **{f"{prefix}-value": "12345"})).status_code == 302
    change = evaluation.changes.get(record=f"実績の数値「{metric.name}」（管理画面）")
    assert change.after["値"] == "12345" and change.action == "edited"


def test_deleting_an_entry_in_the_admin_keeps_its_history(admin_client_fast, people):
    evaluation = Evaluation.objects.get(project__plan=people.plan, project__number="3", fiscal_year=2020)
    url = reverse("admin:evaluations_evaluation_change", args=[evaluation.pk])
    admin_client_fast.post(url, posted(admin_client_fast.get(url), narrative="削除前の修正"))
    delete = reverse("admin:evaluations_evaluation_delete", args=[evaluation.pk])
    assert admin_client_fast.post(delete, {"post": "yes"}).status_code == 302
    kept = Change.objects.get(plan=people.plan, record="評価（管理画面）")
    assert kept.evaluation_id is None and kept.subject == "3 健康診査等の実施（令和2年度）"


def test_role_changes_are_recorded(admin_client_fast, people):
    url = reverse("admin:auth_user_change", args=[people.bob.pk])
    page = admin_client_fast.get(url)
    child_care = Department.objects.get(municipality=people.plan.municipality, name="保育課")
    health = Department.objects.get(municipality=people.plan.municipality, name="健康課")
    joined = people.bob.date_joined
    data = posted(
        page,
        date_joined_0=joined.strftime("%Y-%m-%d"),  # the admin splits a date and time in two inputs
        date_joined_1=joined.strftime("%H:%M:%S"),
        **{"profile-0-role": "reviewer", "profile-0-departments": [health.pk, child_care.pk]},
    )
    data.pop("date_joined", None)
    response = admin_client_fast.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = Change.objects.get(action="role_changed", subject="bob")
    assert change.before == {"役割": "所管課（入力担当）", "所管課": "健康課"}
    assert change.after == {"役割": "評価委員（閲覧・コメント）", "所管課": "保育課、健康課"}
    assert change.user == User.objects.get(username="admin") and change.plan is None


def test_the_history_admin_is_read_only(admin_client_fast, people):
    cycle = actions.reopen_year(
        plan=people.plan, fiscal_year=2020, reason="訂正", deadline=date(2021, 5, 31), by=people.alice
    )
    change = Change.objects.filter(plan=cycle.plan).first()
    assert admin_client_fast.get(reverse("admin:evaluations_change_changelist")).status_code == 200
    assert admin_client_fast.get(reverse("admin:evaluations_change_add")).status_code == 403
    detail = reverse("admin:evaluations_change_change", args=[change.pk])
    assert admin_client_fast.post(detail, {"record": "書き換え"}).status_code == 403
    assert (
        admin_client_fast.post(
            reverse("admin:evaluations_change_delete", args=[change.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    change.refresh_from_db()
    assert change.record == "評価"
