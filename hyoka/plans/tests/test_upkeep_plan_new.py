"""A new plan: /plans/new from scratch (the city from the national list), and /plans/template.xlsx, Hyoka's own
blank workbook that `hyoka import` reads back."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hyoka.evaluations.models import Change
from hyoka.indicators.models import Indicator
from hyoka.plans.models import Municipality, Plan
from hyoka.projects.models import Project

pytestmark = pytest.mark.django_db

FORM = {
    "municipality": "松戸市",
    "prefecture": "",
    "title": "松戸市まち・ひと・しごと創生総合戦略",
    "version": "第3期",
    "kind": "comprehensive_strategy",
    "start_fy": "2025",
    "end_fy": "2029",
    "levels": "基本目標＞施策",
}


def test_the_planning_office_creates_a_plan_of_a_city_not_yet_stored(client, people):
    client.force_login(people.alice)
    assert client.get(reverse("plan-new")).status_code == 200
    response = client.post(reverse("plan-new"), FORM)
    plan = Plan.objects.get(title=FORM["title"])
    assert response.status_code == 302 and response["Location"] == reverse("plan-upkeep", args=[plan.pk])
    assert (plan.municipality.code, plan.municipality.prefecture) == ("122076", "千葉県")
    assert (plan.section_levels, plan.start_fy, plan.published) == (["基本目標", "施策"], 2025, False)
    change = Change.objects.get(plan=plan)
    assert change.after["計画名"] == FORM["title"] and change.user == people.alice


def test_an_ambiguous_city_asks_for_its_prefecture(client, people):
    client.force_login(people.alice)
    response = client.post(reverse("plan-new"), {**FORM, "municipality": "府中市"})
    assert response.status_code == 400 and "都道府県を選んでください" in response.content.decode()
    response = client.post(reverse("plan-new"), {**FORM, "municipality": "府中市", "prefecture": "広島県"})
    assert Plan.objects.get(title=FORM["title"]).municipality.prefecture == "広島県"


def test_a_second_plan_of_the_same_title_and_version_is_refused(client, people):
    client.force_login(people.alice)
    client.post(reverse("plan-new"), FORM)
    response = client.post(reverse("plan-new"), FORM)
    assert response.status_code == 400 and "同じ計画名" in response.content.decode()
    assert Plan.objects.filter(title=FORM["title"]).count() == 1


def test_the_blank_template_filled_in_is_imported_by_hyoka_import(client, people, cli, tmp_path, settings):
    client.force_login(people.alice)
    response = client.get(reverse("plan-template"), FORM)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    assert wb["計画"]["B5"].value == FORM["title"]
    _append(wb["施策体系"], {"施策体系": "基本目標1", "区分": "基本目標", "番号": "1", "名称": "しごとをつくる"})
    kpi = {"施策体系": "基本目標1", "指標名": "市内事業所数", "単位": "事業所", "方向": "増加"}
    _append(wb["指標"], {**kpi, "基準値": 4986, "基準時点": "令和6年度", "目標値": 5100, "目標時点": "令和11年度"})
    _append(wb["事業・評価"], {"施策体系": "基本目標1", "No.": "1", "事業名": "企業誘致事業", "所管課": "商工振興課"})
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    code, out, err = cli("import", str(path), "--apply")
    assert code == 0, err
    plan = Plan.objects.get(title=FORM["title"], municipality__code="122076")
    k = Indicator.objects.get(plan=plan, name="市内事業所数")
    assert (k.baseline_value, k.target_value, k.section.title) == (4986, 5100, "しごとをつくる")
    project = Project.objects.get(plan=plan, name="企業誘致事業")
    assert [d.name for d in project.departments.all()] == ["商工振興課"]
    assert Municipality.objects.filter(code="122076").count() == 1


def test_the_template_without_a_city_shows_the_form_again(client, people):
    client.force_login(people.alice)
    response = client.get(reverse("plan-template"), {**FORM, "municipality": ""})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/html")


def _append(ws, values: dict) -> None:
    headers = [c.value for c in ws[1]]
    ws.append([values.get(h) for h in headers])


def test_plan_kinds_have_one_home_that_the_model_and_the_workbook_read():
    from hyoka.ingest.readers import workbook as plan_workbook
    from hyoka.vocabulary import PLAN_KINDS

    assert {k: str(label) for k, label in Plan.Kind.choices} == PLAN_KINDS
    assert plan_workbook.KINDS is PLAN_KINDS
