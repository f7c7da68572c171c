"""`hyoka import` on the kinds of file a city has: Excel exported by Hyoka, text, PDF, CP932 CSV, bad files."""

import re
from pathlib import Path

import pytest

from hyoka.evaluations.models import Evaluation
from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR, SEED_PLANS, demo_files
from hyoka.plans.exporter import export_document
from hyoka.plans.models import Plan
from hyoka.projects.models import Project

from .pdfmaker import text_to_pdf

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
AKIRUNO_TEXT = SEEDS / "003_8be73c38ec680bed.txt"


@pytest.mark.parametrize("path", demo_files(), ids=lambda p: p.stem)
def test_each_plan_round_trips_through_excel(cli, tmp_path, path):
    cli("load", str(path))
    plan = Plan.objects.get()
    xlsx = tmp_path / "plan.xlsx"
    assert cli("export", str(plan.pk), "--format", "xlsx", "-o", str(xlsx))[0] == 0
    code, out, err = cli("import", str(xlsx), "--apply")
    assert code == 0, err
    assert out.rstrip().endswith("書き込み: 変更なし (no changes)")
    Plan.objects.all().delete()  # and into an empty database: the same plan comes back, states included
    assert cli("import", str(xlsx), "--apply")[0] == 0
    assert export_document(Plan.objects.get()).to_json() == path.read_text(encoding="utf-8")


def test_next_years_evaluation_text_is_added_to_the_same_projects(cli, tmp_path):
    assert cli("load", str(DEMO_DIR / "akiruno_child_plan_r2.json"))[0] == 0
    # The same report a year later: 令和3年度 figures, item 4 resumed (B4 → A2), item 1 renamed.
    text = (
        AKIRUNO_TEXT.read_text(encoding="utf-8").replace("令和2年度", "令和3年度").replace("令和２年度", "令和３年度")
    )
    text = text.replace("子ども政策課 B 4   新型コロナ", "子ども政策課 A 2   新型コロナ", 1)
    text = text.replace("1 幼児教育・保育の質の向上", "1 幼児教育・保育の質の向上事業", 1)
    r3 = tmp_path / "r3.txt"
    r3.write_text(text, encoding="utf-8")

    code, out, err = cli("import", str(r3), "--municipality", "あきる野市")
    assert code == 0, err
    assert "既存の計画" in out and "番号（事業名が一部異なる）" in out
    assert not Evaluation.objects.filter(fiscal_year=2021).exists()  # a preview writes nothing

    code, out, _ = cli("import", str(r3), "--municipality", "あきる野市", "--apply")
    assert code == 0
    assert Project.objects.count() == 67
    assert Evaluation.objects.filter(fiscal_year=2020).count() == 67
    assert Evaluation.objects.filter(fiscal_year=2021).count() == 67
    item4 = Project.objects.get(number="4")
    grades = {e.fiscal_year: f"{e.grade.code}{e.achievement.code}" for e in item4.evaluations.all()}
    assert grades == {2020: "B4", 2021: "A2"}
    assert Project.objects.get(number="1").name == "幼児教育・保育の質の向上"
    code, out, _ = cli("import", str(r3), "--municipality", "あきる野市", "--apply")
    assert out.rstrip().endswith("書き込み: 変更なし (no changes)")


def test_a_city_pdf_imports_with_its_kpis_listed(cli, tmp_path):
    seed = SEEDS / "002_2fafb69e9fb2321b.txt"
    pdf = tmp_path / "iruma.pdf"
    pdf.write_bytes(text_to_pdf(seed.read_text(encoding="utf-8")))
    code, out, err = cli(
        "import",
        str(pdf),
        "--municipality",
        "入間市",
        "--municipality-code",
        "112259",
        "--prefecture",
        "埼玉県",
        "--plan",
        "入間市まち・ひと・しごと創生総合戦略",
        "--apply",
    )
    assert code == 0, err
    assert "見つかったもの: 基本目標 4、基本施策 9、指標 17、実績値 17、事業 48" in out
    assert re.search(r"指標 市内事業所数  基準値 4,986事業所（H26）  H28 末現在 4,962事業所  目標 基準値（H31）", out)
    assert Project.objects.count() == 48


def test_cp932_text_names_its_city_and_imports(cli, tmp_path):
    cli("load", str(DEMO_DIR / f"{SEED_PLANS['002_2fafb69e9fb2321b']}.json"))
    sjis = tmp_path / "iruma_sjis.txt"
    text = (SEEDS / "002_2fafb69e9fb2321b.txt").read_text(encoding="utf-8")
    sjis.write_bytes(text.replace("—", "―").encode("cp932"))  # CP932 has no U+2014; Excel writes U+2015
    code, out, err = cli("import", str(sjis), "--apply")  # 入間市 is found in the text
    assert code == 0, err
    assert "自治体: 入間市（112259）" in out
    assert Plan.objects.count() == 1 and Project.objects.count() == 48


def test_a_malformed_number_is_a_warning_with_its_line(cli, tmp_path):
    text = (SEEDS / "002_2fafb69e9fb2321b.txt").read_text(encoding="utf-8").replace("4,962 事業所※", "4,9,62 事業所※")
    bad = tmp_path / "iruma.txt"
    bad.write_text(text, encoding="utf-8")
    code, out, _ = cli(
        "import", str(bad), "--municipality", "入間市", "--municipality-code", "112259", "--prefecture", "埼玉県"
    )
    assert code == 0
    line = text.splitlines().index(next(t for t in text.splitlines() if "4,9,62" in t)) + 1
    assert re.search(rf"警告 1 件:\n  {re.escape(str(bad))}:line {line}: .*4,9,62", out)
    assert "指標 17" in out


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("truncated.pdf", None, "not a readable PDF"),
        ("latin1.txt", "基本目標 1 まち".encode()[:-1] + b"\xff\xfe", "not UTF-8 or Shift_JIS (CP932) text"),
        ("novel.txt", "吾輩は猫である。名前はまだ無い。\n".encode(), "not a plan"),
        ("fake.xlsx", b"PK\x03\x04 not really a zip", "fake.xlsx"),
    ],
)
def test_bad_files_are_refused_by_name_and_nothing_is_written(cli, tmp_path, name, data, message):
    if data is None:
        data = text_to_pdf("基本目標 1 まちをつくる\n")[:900]
    path = tmp_path / name
    path.write_bytes(data)
    code, _, err = cli(
        "import",
        str(path),
        "--municipality",
        "入間市",
        "--municipality-code",
        "112259",
        "--prefecture",
        "埼玉県",
        "--plan",
        "計画",
        "--apply",
    )
    assert code == 1
    assert message in err and str(path) in err and "nothing was written" in err
    assert not Plan.objects.exists()


def test_demo_plan_json_is_imported_like_load(cli):
    code, out, _ = cli("import", str(demo_files()[0]), "--apply")
    assert code == 0
    assert parse_document(demo_files()[0].read_bytes()).plan.title in out
