"""`hyoka import`: preview by default, --apply in one transaction, re-import changes nothing,
next year's figures are added to the projects and KPIs already there."""

import json

import pytest

from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Observation
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.models import Plan
from hyoka.projects.models import Project

pytestmark = pytest.mark.django_db

AKIRUNO = DEMO_DIR / "akiruno_child_plan_r2.json"


def next_year(tmp_path, doc: dict) -> str:
    """The same plan's FY2021 evaluation: new grades for every project, one project renamed."""
    for goal in doc["sections"]:
        for policy in goal["sections"]:
            for project in policy["projects"]:
                for evaluation in project["evaluations"]:
                    evaluation["fiscal_year"] = 2021
                    evaluation["grade"] = "A"
                    evaluation["achievement"] = "1"
    doc["sections"][0]["sections"][0]["projects"][0]["name"] = "幼児教育・保育の質の向上事業"
    path = tmp_path / "r3.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_preview_writes_nothing(cli):
    code, out, _ = cli("import", str(AKIRUNO))
    assert code == 0, out
    assert "見つかったもの: 基本目標 3、施策 12、指標 29" in out
    assert "変更予定: created AchievementLevel 4" in out
    assert not Plan.objects.exists()


def test_apply_writes_and_reimport_changes_nothing(cli):
    code, out, _ = cli("import", str(AKIRUNO), "--apply")
    assert code == 0
    assert "書き込み: created" in out
    assert Project.objects.count() == 67
    code, out, _ = cli("import", str(AKIRUNO), "--apply")
    assert "書き込み: 変更なし" in out
    plan = Plan.objects.get()
    assert f"既存の計画（ID {plan.pk}）と照合: 96 件一致" in out  # 67 projects and 29 KPIs


def test_next_year_adds_evaluations_to_the_same_projects(cli, tmp_path):
    cli("import", str(AKIRUNO), "--apply")
    doc = json.loads(AKIRUNO.read_text(encoding="utf-8"))
    code, out, _ = cli("import", next_year(tmp_path, doc), "--apply")
    assert code == 0, out
    assert Project.objects.count() == 67  # nothing duplicated
    assert Evaluation.objects.filter(fiscal_year=2020).count() == 67  # last year's kept
    assert Evaluation.objects.filter(fiscal_year=2021, grade__code="A", achievement__code="1").count() == 67
    renamed = Project.objects.get(number="1")
    assert renamed.name == "幼児教育・保育の質の向上"
    assert set(renamed.evaluations.values_list("fiscal_year", flat=True)) == {2020, 2021}
    assert "事業 1 幼児教育・保育の質の向上事業 = 既存 1 幼児教育・保育の質の向上（" in out
    assert Observation.objects.count() == 27


def test_a_bad_file_names_the_place_and_writes_nothing(cli, tmp_path):
    bad = tmp_path / "plan.json"
    bad.write_text('{"schema": "hyoka.plan/1", "municipality": {}}', encoding="utf-8")
    code, _, err = cli("import", str(bad), "--apply")
    assert code == 1
    assert "$.municipality.code" in err and "nothing was written" in err
    assert not Plan.objects.exists()


def test_unknown_municipality_needs_its_code(cli, tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("基本目標 1 まちをつくる\n", encoding="utf-8")
    code, _, err = cli("import", str(text), "--municipality", "架空市")
    assert code == 1
    assert "'架空市' is not stored yet" in err


def test_bad_municipality_code_is_named(cli, tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("基本目標 1 まちをつくる\n", encoding="utf-8")
    code, _, err = cli(
        "import", str(text), "--municipality", "架空市", "--municipality-code", "112098", "--prefecture", "埼玉県"
    )
    assert code == 1
    assert "expected 112097" in err
