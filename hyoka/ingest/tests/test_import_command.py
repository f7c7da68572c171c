"""`hyoka import`: preview by default, --apply in one transaction, re-import changes nothing,
next year's figures are added to the projects and KPIs already there; any city of the national list
imports into an empty database, by name or because the file prints it."""

import json

import pytest

from hyoka import interchange as ix
from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Indicator, Observation
from hyoka.ingest.importer import municipality_for
from hyoka.ingest.models import ColumnChoice
from hyoka.jp import municipalities
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.models import Municipality, Plan
from hyoka.projects.models import Project

from .pdfmaker import text_to_pdf

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


def test_a_name_outside_the_national_list_is_refused_with_the_nearest(cli, tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("基本目標 1 まちをつくる\n", encoding="utf-8")
    code, _, err = cli("import", str(text), "--municipality", "北上")
    assert code == 1
    assert "'北上' is not in the national list of municipalities (全国地方公共団体コード); did you mean 北上市?" in err
    assert len(err.strip().splitlines()) == 1


def test_bad_municipality_code_is_named(cli, tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text("基本目標 1 まちをつくる\n", encoding="utf-8")
    code, _, err = cli(
        "import", str(text), "--municipality", "架空市", "--municipality-code", "112098", "--prefecture", "埼玉県"
    )
    assert code == 1
    assert "expected 112097" in err


# --- a city of the national list, on an empty database ---------------------------------------------

KITAKAMI = """{title}

基本目標 1 : 「しごとをつくる」

重要業績評価指標 (KPI)\t基準値 (R1)\tR4 末現在\t目標値 (R6)
市内事業所数\t3,210 事業所\t3,250 事業所\t3,300 事業所

○継続事業

事業名\t取組内容\t所管課
企業誘致推進事業\t工業団地への企業の立地を進める。\t商工課
"""


def city_document(tmp_path, title: str, name: str = "plan.txt") -> str:
    path = tmp_path / name
    path.write_text(KITAKAMI.format(title=title), encoding="utf-8")
    return str(path)


def test_a_city_of_the_national_list_imports_into_an_empty_database(cli, tmp_path):
    path = city_document(tmp_path, "第2期まち・ひと・しごと創生総合戦略")
    code, out, err = cli("import", path, "--municipality", "北上市", "--plan", "第2期北上市総合戦略")
    assert code == 0, err
    assert "自治体: 北上市（032069）" in out
    assert not Municipality.objects.exists()  # the preview writes nothing, the city neither
    code, out, err = cli("import", path, "--municipality", "北上市", "--plan", "第2期北上市総合戦略", "--apply")
    assert code == 0, err
    city = Municipality.objects.get()
    assert (city.code, city.name, city.prefecture) == ("032069", "北上市", "岩手県")
    assert Plan.objects.get().municipality == city
    assert Project.objects.get().name == "企業誘致推進事業"


def test_a_file_that_names_its_city_needs_no_flag(cli, tmp_path):
    path = city_document(tmp_path, "第2期北上市まち・ひと・しごと創生総合戦略 令和5年度 効果検証")
    code, out, err = cli("import", path, "--apply")
    assert code == 0, err
    assert "自治体: 北上市（032069）" in out
    assert Municipality.objects.get().prefecture == "岩手県"


def test_a_pdf_that_names_its_city_needs_no_flag(cli, tmp_path):
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(text_to_pdf(KITAKAMI.format(title="岩手県北上市 第2期まち・ひと・しごと創生総合戦略")))
    code, out, err = cli("import", str(pdf))
    assert code == 0, err
    assert "自治体: 北上市（032069）" in out


def test_an_ambiguous_name_asks_for_the_prefecture_and_takes_it(cli, tmp_path):
    path = city_document(tmp_path, "第2期まち・ひと・しごと創生総合戦略")
    code, _, err = cli("import", path, "--municipality", "府中市", "--plan", "府中市総合戦略")
    assert code == 1
    assert "府中市 is in more than one prefecture (東京都府中市（132063）、広島県府中市（342084）)" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = cli(
        "import", path, "--municipality", "府中市", "--prefecture", "広島県", "--plan", "府中市総合戦略"
    )
    assert code == 0, err
    assert "自治体: 府中市（342084）" in out
    code, out, err = cli("import", path, "--municipality", "東京都府中市", "--plan", "府中市総合戦略")
    assert code == 0, err
    assert "自治体: 府中市（132063）" in out


def test_a_file_naming_an_ambiguous_city_takes_the_prefecture_given(cli, tmp_path):
    path = city_document(tmp_path, "府中市総合計画 実施計画")
    code, _, err = cli("import", path)
    assert code == 1
    assert "the file names 府中市, which is in more than one prefecture (東京都府中市（132063）、" in err
    code, out, err = cli("import", path, "--prefecture", "東京都")
    assert code == 0, err
    assert "自治体: 府中市（132063）" in out


def test_a_stored_city_is_taken_as_stored(cli, tmp_path):
    # under 112097 as old demo data stored it (migration plans.0005 moves such a row)
    stored = Municipality.objects.create(code="112097", name="入間市", prefecture="埼玉県")
    path = city_document(tmp_path, "入間市まち・ひと・しごと創生総合戦略")
    code, out, err = cli("import", path, "--apply")
    assert code == 0, err
    assert "自治体: 入間市（112097）" in out
    assert list(Municipality.objects.all()) == [stored]


def test_a_workbook_that_names_its_city_needs_no_flag(cli, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["北上市 第2期総合戦略 成果指標一覧"])
    ws.append([])
    ws.append(["指標", "基準値 (R1)", "R4 末現在", "目標値 (R6)"])
    ws.append(["市内事業所数", "3,210 事業所", "3,250 事業所", "3,300 事業所"])
    path = tmp_path / "kpi.xlsx"
    wb.save(path)
    code, out, err = cli("import", str(path), "--plan", "北上市総合戦略", "--apply")
    assert code == 0, err
    assert "自治体: 北上市（032069）" in out
    assert Municipality.objects.get().code == "032069"


def test_a_cp932_csv_that_names_its_city_needs_no_flag(cli, tmp_path):
    table = (
        "北上市総合戦略　数値目標一覧\n"
        "基本目標,指標名,単位,基準値（R1）,R4 末現在,目標値（R6）\n"
        '基本目標1 しごとをつくる,市内事業所数,事業所,"3,210","3,250","3,300"\n'
    )
    path = tmp_path / "kpi.csv"
    path.write_bytes(table.encode("cp932"))
    code, out, err = cli("import", str(path))
    assert code == 0, err
    assert "自治体: 北上市（032069）" in out


def test_every_local_government_of_the_list_is_taken_by_name_on_an_empty_database():
    for row in municipalities.all_rows():
        expected = ix.Municipality(code=row.code, name=row.name, prefecture=row.prefecture)
        assert municipality_for(b"", "plan.txt", name=row.full_name, code=None, prefecture=None) == expected
        assert municipality_for(b"", "plan.txt", name=row.name, code=None, prefecture=row.prefecture) == expected
    assert not Municipality.objects.exists()


# ---- column meanings: the user decides, once ------------------------------------------------------


@pytest.fixture
def minami(tmp_path):
    """A KPI table one cell per line whose R7 column the vocabulary reads as an actual; the city means its target."""
    from .test_choices import MINAMI

    path = tmp_path / "minami.txt"
    path.write_text(MINAMI, encoding="utf-8")
    return str(path)


BOOKS = "図書館の年間貸出冊数"
AS_READ = "表1 (line 2, one-cell-per-line): 1 指標名 → 指標名, 2 単位 → 単位, 3 基準値（H30） → 基準値, 4 R4 → 実績値"


def test_the_preview_shows_each_tables_column_meanings(cli, minami):
    code, out, _ = cli("import", minami, "--municipality", "入間市")
    assert code == 0, out
    assert f"  {AS_READ}, 5 R7 → 実績値\n" in out
    assert f"指標 {BOOKS}  基準値 382,000冊（H30）  R4 390,000冊  R7 420,000冊\n" in out


def test_a_column_option_changes_the_preview_and_the_applied_plan(cli, minami):
    code, out, _ = cli("import", minami, "--municipality", "入間市", "--column", "5=目標値")
    assert code == 0, out
    assert f"  {AS_READ}, 5 R7 → 目標値（指定）\n" in out
    assert f"指標 {BOOKS}  基準値 382,000冊（H30）  R4 390,000冊  目標 420,000（R7）\n" in out
    assert not Plan.objects.exists()

    code, out, _ = cli("import", minami, "--municipality", "入間市", "--column", "1:5=target", "--apply")
    assert code == 0, out
    books = Indicator.objects.get(name=BOOKS)
    assert (books.target_value, books.target_fiscal_year) == (420000, 2025)
    assert [o.period_label for o in books.observations.all()] == ["R4"]


def test_a_choice_applied_is_remembered_for_that_citys_next_import_of_the_layout(cli, minami):
    cli("import", minami, "--municipality", "入間市", "--column", "5=目標値", "--apply")
    (choice,) = ColumnChoice.objects.all()
    assert (choice.municipality.name, choice.column, choice.header, choice.kind) == ("入間市", 4, "R7", "target")
    assert choice.chosen_by is None  # the command line has no user

    code, out, _ = cli("import", minami, "--municipality", "入間市")  # no flag: the remembered choice
    assert f"  {AS_READ}, 5 R7 → 目標値（前回の指定）\n" in out
    assert "目標 420,000（R7）" in out

    code, out, _ = cli("import", minami, "--municipality", "所沢市")  # another city: its own words
    assert code == 0, out
    assert f"  {AS_READ}, 5 R7 → 実績値\n" in out
    assert "目標 420,000" not in out


def test_a_choice_this_time_wins_over_the_remembered_one_and_setting_it_back_forgets_it(cli, minami):
    cli("import", minami, "--municipality", "入間市", "--column", "5=目標値", "--apply")
    code, out, _ = cli("import", minami, "--municipality", "入間市", "--column", "5=実績値", "--apply")
    assert code == 0, out
    assert f"  {AS_READ}, 5 R7 → 実績値（指定）\n" in out
    assert not ColumnChoice.objects.exists()
    code, out, _ = cli("import", minami, "--municipality", "入間市")
    assert f"  {AS_READ}, 5 R7 → 実績値\n" in out


@pytest.mark.parametrize(
    ("spec", "error"),
    [
        ("5=たぶん", "--column '5=たぶん': 'たぶん' is not a column meaning; say one of 指標名、事業名、担当課"),
        ("目標値", "write COLUMN=MEANING or TABLE:COLUMN=MEANING"),
        ("2:5=目標値", "--column: table 2: the document has 1 table (nothing was written)"),
        ("1:6=目標値", "--column: table 1 has 5 columns, not 6"),
        ("6=目標値", "--column: column 6: no table has that many columns (table 1: 5)"),
    ],
)
def test_a_bad_column_option_is_refused_clearly(cli, minami, spec, error):
    code, out, err = cli("import", minami, "--municipality", "入間市", "--column", spec, "--apply")
    assert code != 0
    assert error in err
    assert not Plan.objects.exists() and not ColumnChoice.objects.exists()
