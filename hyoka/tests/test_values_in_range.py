"""Values within range at every door (issue 11): a number Hyoka cannot store, a text longer than its column,
a NUL, a grade the scheme lacks — each a message naming the field, and no stored value makes a page answer 500."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import DataError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from hyoka import interchange as ix
from hyoka.evaluations.models import Evaluation, EvaluationMetric
from hyoka.evaluations.tests.conftest import cycle, entry_of  # noqa: F401 - the fixture is used by name
from hyoka.evaluations.tests.test_cycle_views import entry_url, form_data
from hyoka.indicators.models import Indicator, Observation
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.models import Plan
from hyoka.precision import number_problem
from hyoka.reports.layouts import LAYOUTS

AKIRUNO = DEMO_DIR / "akiruno_child_plan_r2.json"


def akiruno() -> dict:
    return json.loads(AKIRUNO.read_text(encoding="utf-8"))


def first_observation(doc: dict) -> dict:
    indicators = (k for goal in doc["sections"] for s in goal["sections"] for k in s.get("indicators", []))
    return next(indicators)["observations"][0]


def first_project(doc: dict) -> dict:
    return doc["sections"][0]["sections"][0]["projects"][0]


def written(tmp_path, doc: dict, name: str = "doc.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


# -- the rule --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["99999999999999.999999", "-99999999999999", "0.000001", "1E+13", "100.000000000", "0"]
)
def test_numbers_the_database_holds_pass(value):
    assert number_problem(Decimal(value)) is None


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("100000000000000", "more than 14 digits before"),
        ("1E+15", "more than 14 digits before"),
        ("-100000000000000", "more than 14 digits before"),
        ("0.1234567", "more than 6 decimal places"),  # refused, never rounded
        ("Infinity", "not a number"),
    ],
)
def test_numbers_past_decimal_20_6_are_refused_with_the_reason(value, why):
    assert why in (number_problem(Decimal(value)) or "")


def test_a_document_with_a_number_too_large_is_refused_naming_its_path():
    doc = akiruno()
    first_observation(doc)["value"] = 1e15
    with pytest.raises(ix.DocumentError) as refused:
        ix.parse_document(doc)
    (problem,) = refused.value.problems
    assert problem.startswith("$.sections[0].sections[") and ".observations[0].value:" in problem
    assert "more than 14 digits before the decimal point" in problem


# -- hyoka import and hyoka load ---------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1867, 10000, 20240])
def test_a_document_with_a_year_no_era_names_is_refused_naming_its_path(year):
    """A year is a number too: 20240 for 2024 stored would be printed on every page as it is."""
    doc = akiruno()
    doc["plan"]["end_fy"] = year
    first_project(doc)["evaluations"][0]["fiscal_year"] = year
    first_observation(doc)["period"]["fiscal_year"] = year
    with pytest.raises(ix.DocumentError) as refused:
        ix.parse_document(doc)
    paths = [problem.split(":")[0] for problem in refused.value.problems]
    assert paths[0] == "$.plan.end_fy" and paths[1].endswith(".projects[0].evaluations[0].fiscal_year")
    assert paths[2].endswith(".observations[0].period.fiscal_year") and len(paths) == 3
    assert all(f"{year} is not a year from 1868 to 2200" in problem for problem in refused.value.problems)


@pytest.mark.django_db
def test_the_plan_form_refuses_a_year_no_era_names_beside_the_field(client, people):
    """What the form fuzzer found: 終了年度 10000 was saved, and the plan page answered 500 from then on."""
    from hyoka.plans.models import Plan

    client.force_login(people.alice)
    url = reverse("plan-upkeep-basics", args=[people.plan.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None and name != "source"}
    response = client.post(url, {**data, "levels": "基本目標＞施策", "end_fy": "10000"})
    assert response.status_code == 400 and "end_fy" in response.context["form"].errors
    assert Plan.objects.get(pk=people.plan.pk).end_fy == 2024
    assert client.get(reverse("plan-detail", args=[people.plan.pk])).status_code == 200


@pytest.mark.django_db
def test_hyoka_import_of_an_observation_of_1e15_is_one_line_and_writes_nothing(cli, tmp_path):
    doc = akiruno()
    first_observation(doc)["value"] = 1e15
    code, out, err = cli("import", written(tmp_path, doc), "--apply")
    assert code == 1 and "Traceback" not in err
    assert ".observations[0].value" in err and "14 digits" in err and "nothing was written" in err
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_hyoka_import_of_a_csv_with_a_number_too_large_is_a_message(cli, tmp_path):
    table = "基本目標,指標名,単位,基準値（H26）,R2\n基本目標1 働く,市内事業所数,事業所,4986,100000000000000\n"
    path = tmp_path / "kpi.csv"
    path.write_text(table, encoding="utf-8")
    code, out, err = cli("import", str(path), "--municipality", "入間市", "--plan", "総合戦略", "--apply")
    assert code == 1 and "Traceback" not in err
    assert ".observations[0].value: 100000000000000 has more than 14 digits" in err and "Traceback" not in err
    assert not Observation.objects.exists()


@pytest.mark.django_db
def test_a_grade_missing_from_the_scheme_through_hyoka_import_is_a_message(cli, tmp_path):
    doc = akiruno()
    first_project(doc)["evaluations"][0]["grade"] = "Z"
    code, out, err = cli("import", written(tmp_path, doc), "--apply")
    assert code == 1 and "Traceback" not in err
    assert "evaluations[0].grade: 'Z' is not in the plan's evaluation_scheme" in err
    assert not Plan.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("command", ["load", "import"])
def test_a_name_longer_than_its_column_is_refused_naming_model_field_and_row(cli, tmp_path, command):
    doc = akiruno()
    first_project(doc)["name"] = "子" * 301  # Project.name holds 300; SQLite would store it, PostgreSQL raise
    code, out, err = cli(command, written(tmp_path, doc), *(["--apply"] if command == "import" else []))
    assert code == 1 and "Traceback" not in err
    assert "Project.name (number 1, name 子子" in err and "301 characters, more than the 300 it can hold" in err
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_a_nul_is_removed_with_a_warning_by_hyoka_import_and_refused_by_hyoka_load(cli, tmp_path):
    doc = akiruno()
    first_project(doc)["description"] = "保育の\x00質"
    path = written(tmp_path, doc)
    code, out, err = cli("load", path)
    assert code == 1 and "Project.description (number 1" in err and "a NUL character in the text" in err
    assert not Plan.objects.exists()
    code, out, err = cli("import", path, "--apply")
    assert code == 0, err
    assert "control characters (NUL …), removed" in out
    assert Plan.objects.get().projects.get(number="1").description == "保育の質"


# -- the cycle forms and the admin -------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_entry_form_refuses_a_metric_of_100000000000000_beside_the_field(client, people, cycle):  # noqa: F811
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    data = form_data(client, url, **{"kpi-0-value": "100000000000000", "budget_amount": "0.1234567"})
    page = client.post(url, data)
    assert page.status_code == 200
    kpi = page.context["observations"].forms[0]
    assert "「100000000000000」は大きすぎるか細かすぎます（整数部分14桁・小数点以下6桁まで）。" in kpi.errors["value"]
    assert "budget_amount" in page.context["form"].errors
    assert not Observation.objects.filter(value__gt=10**13).exists()


@pytest.mark.django_db
def test_the_entry_form_refuses_a_nul_beside_the_field(client, people, cycle):  # noqa: F811
    client.force_login(people.bob)
    e = entry_of(people.plan, "3")
    url = entry_url(cycle, e)
    page = client.post(url, form_data(client, url, narrative="受診\x00率"))
    assert page.status_code == 200 and "narrative" in page.context["form"].errors
    e.refresh_from_db()
    assert "\x00" not in e.narrative


@pytest.mark.django_db
def test_the_admin_refuses_a_number_the_column_cannot_hold_naming_the_field(people):
    indicator = Indicator.objects.filter(plan=people.plan).first()
    request = RequestFactory().post("/")
    request.user = people.alice
    form_class = admin.site._registry[Indicator].get_form(request, indicator)
    form = form_class(data={"baseline_value": "100000000000000"}, instance=indicator)
    assert not form.is_valid()
    assert any("14" in message for message in form.errors["baseline_value"])


# -- a value already stored out of range ---------------------------------------------------------------


def store_out_of_range(plan: Plan, value: float = 1e15) -> Evaluation:
    """1E+15 written past the forms with SQL, as an import or a form before this rule did (SQLite keeps it):
    a KPI's actual, a metric and the cost of one published entry."""
    observation = Observation.objects.filter(indicator__plan=plan, fiscal_year=2020, value__isnull=False).first()
    entry = Evaluation.objects.filter(project__plan=plan, fiscal_year=2020).first()
    metric = EvaluationMetric.objects.create(evaluation=entry, name="登録児童数", value=1, unit="人")
    with connection.cursor() as cursor:
        for model, pk, column in [(Observation, observation.pk, "value"), (EvaluationMetric, metric.pk, "value")]:
            cursor.execute(f"UPDATE {model._meta.db_table} SET {column} = %s WHERE id = %s", [value, pk])
        cursor.execute(f"UPDATE {Evaluation._meta.db_table} SET budget_amount = %s WHERE id = %s", [value, entry.pk])
    return entry


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "shown"), [(1e15, "1" + "0" * 15), (-1e20, "-1" + "0" * 20)])
def test_pages_show_a_number_stored_out_of_range_instead_of_answering_500(client, people, value, shown):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL refuses the value when it is written (next test)")
    entry = store_out_of_range(people.plan, value)
    plan = people.plan
    client.force_login(people.dave)  # a reviewer reads every page and report
    urls = [
        reverse("plan-detail", args=[plan.pk]),
        reverse("project-detail", args=[plan.pk, entry.project_id]),
        reverse("plan-csv", args=[plan.pk]),
        reverse("plan-json", args=[plan.pk]),
        *(f"/reports/plans/{plan.pk}/{layout}.{fmt}?fy=2020" for layout in LAYOUTS for fmt in ("html", "xlsx")),
        f"/reports/plans/{plan.pk}/evaluation.pdf?fy=2020",
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    csv = client.get(reverse("plan-csv", args=[plan.pk])).content.decode("utf-8-sig")
    assert shown in csv.replace(",", "")


@pytest.mark.django_db
def test_the_editor_can_still_open_an_entry_holding_such_a_value_to_fix_it(client, people, cycle):  # noqa: F811
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL refuses the value when it is written (next test)")
    e = entry_of(people.plan, "3")
    observation = Observation.objects.filter(indicator__project=e.project, fiscal_year=2020).first()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Observation._meta.db_table} SET value = %s WHERE id = %s", [1e15, observation.pk])
    client.force_login(people.bob)
    page = client.get(entry_url(cycle, e))
    assert page.status_code == 200
    assert "1000000000000000" in page.content.decode().replace(",", "")


@pytest.mark.django_db
def test_postgresql_refuses_such_a_value_on_write_so_only_the_doors_need_the_rule(people):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite stores it (the tests above read it back)")
    observation = Observation.objects.filter(indicator__plan=people.plan, value__isnull=False).first()
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Observation._meta.db_table} SET value = %s WHERE id = %s", [1e15, observation.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "read"), [(1e15, Decimal(10**15)), (-1e30, Decimal(-(10**30))), ("not a number", None)]
)
def test_sqlite_reads_back_whatever_a_number_column_holds(demo_plans, stored, read):
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's numeric columns hold only numbers in range")
    observation = Observation.objects.filter(value__isnull=False).first()
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {Observation._meta.db_table} SET value = %s WHERE id = %s", [stored, observation.pk])
    assert Observation.objects.get(pk=observation.pk).value == read
