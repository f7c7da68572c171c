"""/plans/<id>/open-data.csv and .json — every published figure of a plan, CC BY 4.0."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from hyoka.interchange import parse_document
from hyoka.web.downloads import OPEN_DATA_HEADER

pytestmark = pytest.mark.django_db


def read_csv(response):
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads Japanese correctly
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_csv_has_one_row_per_observation_and_per_evaluation(client, people):
    response = client.get(reverse("plan-csv", args=[people.plan.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["X-License"] == "CC BY 4.0"
    rows = read_csv(response)
    assert list(rows[0].keys()) == OPEN_DATA_HEADER
    kinds = {row["種別"] for row in rows}
    assert kinds == {"指標", "事業評価"}
    evaluations = [r for r in rows if r["種別"] == "事業評価"]
    assert len(evaluations) == 67
    kpi = next(r for r in rows if r["表記"] == "受診者421人（受診率95.7％）")
    assert kpi["値"] == "421" and kpi["時点"] == "令和2年度" and kpi["事業番号"] == "3" and kpi["所管課"] == "健康課"
    food = next(r for r in evaluations if r["事業名"] == "子ども食堂推進事業")
    assert food["年度"] == "2020" and food["評価"] and food["施策体系"].startswith("基本目標")


def test_csv_hides_an_opened_year_from_the_public(client, people, opened_2020):
    public = read_csv(client.get(reverse("plan-csv", args=[people.plan.pk])))
    assert all(r["年度"] != "2020" for r in public)
    client.force_login(people.dave)
    staff = read_csv(client.get(reverse("plan-csv", args=[people.plan.pk])))
    assert any(r["値"] == "421" for r in staff)


def test_json_is_a_plan_document(client, people):
    response = client.get(reverse("plan-json", args=[people.plan.pk]))
    assert response["Content-Type"].startswith("application/json") and response["X-License"] == "CC BY 4.0"
    doc = parse_document(response.content)
    assert json.loads(response.content)["schema"] == "hyoka.plan/1" and doc.plan.title == people.plan.title
    assert sum(len(p.evaluations) for p in doc.all_projects()) == 67


def test_json_hides_an_opened_year_from_the_public(client, people, opened_2020):
    doc = parse_document(client.get(reverse("plan-json", args=[people.plan.pk])).content)
    assert not any(p.evaluations for p in doc.all_projects())
    assert not any(o.period and o.period.fiscal_year == 2020 for k in doc.all_indicators() for o in k.observations)
    client.force_login(people.dave)
    data = json.loads(client.get(reverse("plan-json", args=[people.plan.pk])).content)
    assert "受診者421人（受診率95.7％）" in json.dumps(data, ensure_ascii=False)


def test_open_data_of_an_unpublished_plan_is_404_for_the_public(client, people):
    people.plan.published = False
    people.plan.save(update_fields=["published"])
    assert client.get(reverse("plan-csv", args=[people.plan.pk])).status_code == 404
    assert client.get(reverse("plan-json", args=[people.plan.pk])).status_code == 404


def test_open_data_is_the_same_file_whatever_the_page_language(client, people):
    japanese = client.get(reverse("plan-csv", args=[people.plan.pk])).content
    client.cookies["django_language"] = "en"
    assert client.get(reverse("plan-csv", args=[people.plan.pk])).content == japanese


def test_csv_carries_the_evaluation_sheet(client, people):
    from decimal import Decimal

    from hyoka.evaluations.models import Evaluation, EvaluationScheme

    EvaluationScheme.objects.filter(plan=people.plan).update(unit_cost_per_person_year=Decimal(8_000_000))
    Evaluation.objects.filter(project__plan=people.plan, project__number="3", fiscal_year=2020).update(
        direction="継続",
        settlement_amount=Decimal(4_650_000),
        person_years=Decimal("0.5"),
        effectiveness_grade="B",
        effectiveness_comment="未受診の家庭が残る。",
        committee_opinion="訪問を強化されたい。",
        city_response="月2回訪問する。",
    )
    rows = read_csv(client.get(reverse("plan-csv", args=[people.plan.pk])))
    row = next(r for r in rows if r["種別"] == "事業評価" and r["事業番号"] == "3")
    assert (row["今後の方向性"], row["決算額"], row["人工"], row["人件費"], row["総コスト"]) == (
        "継続",
        "4650000",
        "0.5",
        "4000000",
        "8650000",
    )
    assert (row["有効性"], row["有効性の説明"]) == ("B", "未受診の家庭が残る。")
    assert (row["外部評価委員会の意見"], row["対応方針"]) == ("訪問を強化されたい。", "月2回訪問する。")
    assert all(r["総コスト"] == "" for r in rows if r["種別"] == "指標")
    doc = parse_document(client.get(reverse("plan-json", args=[people.plan.pk])).content)
    e = next(e for p in doc.all_projects() if p.number == "3" for e in p.evaluations if e.fiscal_year == 2020)
    assert (e.direction, e.cost.settlement, e.committee_opinion) == ("継続", 4_650_000, "訪問を強化されたい。")


def test_csv_follows_the_national_conventions(client, people):
    """自治体標準オープンデータセット: code, ID and name lead; the file is named after the code; ISO dates."""
    response = client.get(reverse("plan-csv", args=[people.plan.pk]))
    code = people.plan.municipality.code
    assert f'filename="{code}_plan{people.plan.pk}.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert OPEN_DATA_HEADER[:3] == ["全国地方公共団体コード", "ID", "地方公共団体名"]
    assert list(rows[0].keys())[:3] == OPEN_DATA_HEADER[:3]
    assert {r["全国地方公共団体コード"] for r in rows} == {code} and len(code) == 6
    assert {r["地方公共団体名"] for r in rows} == {people.plan.municipality.name}
    ids = [r["ID"] for r in rows]
    assert len(ids) == len(set(ids)) and all(ids)  # a key: one row each
    assert client.get(reverse("plan-csv", args=[people.plan.pk])).content == response.content  # stable
    for r in rows:
        for column in ("日付", "目標改定日"):
            assert r[column] == "" or datetime.date.fromisoformat(r[column])


def test_row_ids_survive_a_reload_of_the_same_document(client, people):
    from hyoka.plans.exporter import export_document
    from hyoka.plans.loader import load_document

    before = [r["ID"] for r in read_csv(client.get(reverse("plan-csv", args=[people.plan.pk])))]
    load_document(export_document(people.plan))
    assert [r["ID"] for r in read_csv(client.get(reverse("plan-csv", args=[people.plan.pk])))] == before


def test_every_column_is_defined_in_the_column_file(client):
    response = client.get(reverse("open-data-columns"))
    rows = read_csv(response)
    assert [r["項目名"] for r in rows] == OPEN_DATA_HEADER
    assert all(r["型"] and r["説明"] for r in rows)
    assert [r["列番号"] for r in rows] == [str(i) for i in range(1, len(OPEN_DATA_HEADER) + 1)]


def test_catalog_lists_every_published_plan_and_no_other(client, demo_plans):
    from hyoka.plans.models import Plan

    hidden = demo_plans["iruma_strategy_h29"]
    Plan.objects.filter(pk=hidden.pk).update(published=False)
    response = client.get(reverse("open-data-catalog"))
    assert response["Content-Type"].startswith("application/json")
    catalog = json.loads(response.content)
    assert catalog["@type"] == "dcat:Catalog" and catalog["dct:license"].startswith("https://creativecommons.org/")
    published = Plan.objects.published().select_related("municipality")
    assert published.count() >= 1
    datasets = catalog["dcat:dataset"]
    assert sorted(d["dct:identifier"] for d in datasets) == sorted(
        f"{p.municipality.code}-plan-{p.pk}" for p in published
    )
    assert hidden.title not in response.content.decode()
    for d in datasets:
        assert d["@type"] == "dcat:Dataset" and d["dct:license"] == catalog["dct:license"]
        assert datetime.datetime.fromisoformat(d["dct:modified"])  # every demo plan was loaded: its date is known
        kinds = {x["dcat:mediaType"]: x for x in d["dcat:distribution"]}
        assert set(kinds) == {"text/csv", "application/json"}
        csv_url = kinds["text/csv"]["dcat:downloadURL"]
        assert csv_url.startswith("http://testserver/") and client.get(csv_url).status_code == 200
        assert kinds["text/csv"]["dct:conformsTo"].endswith(reverse("open-data-columns"))
