"""Re-importing a city's own document into the plan made from it finds everything already there (issue 10)."""

import html
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hyoka.evaluations.models import Evaluation
from hyoka.ingest import Context, read_bytes
from hyoka.ingest.importer import import_document
from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR, SEED_PLANS
from hyoka.plans.loader import load_document
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


def read_seed(seed: str, *, text: str | None = None):
    """The seed as `hyoka import` reads it into its demo plan (the city, title and 期 as the user gives them)."""
    plan = parse_document((DEMO_DIR / f"{SEED_PLANS[seed]}.json").read_bytes())
    context = Context(
        municipality=plan.municipality, plan_title=plan.plan.title, plan_version=plan.plan.version, source=seed
    )
    data = text.encode() if text is not None else (SEEDS / f"{seed}.txt").read_bytes()
    return read_bytes(data, context), plan


@pytest.mark.parametrize("seed", SEED_PLANS)
def test_each_seed_imported_into_its_demo_plan_previews_no_change(seed):
    result, plan = read_seed(seed)
    load_document(plan, source=f"{SEED_PLANS[seed]}.json")
    outcome = import_document(result, apply=False)
    assert outcome.existing_plan is not None
    assert not outcome.load.changed, "\n".join(outcome.load.details[:20])
    assert outcome.load.summary() == "変更なし (no changes)"


def test_a_full_width_heading_number_is_the_same_section():
    seed = "003_8be73c38ec680bed"
    result, plan = read_seed(seed)
    load_document(plan)
    sections = Section.objects.count()
    assert any(s.number == "１" for s in result.document.sections)  # the seed prints 基本目標１
    outcome = import_document(result, apply=True, source="003.txt")
    assert not outcome.load.changed
    assert Section.objects.count() == sections
    assert not Section.objects.filter(number="１").exists()


def test_spacing_and_full_width_differences_are_not_changes_but_a_new_value_is():
    seed = "002_2fafb69e9fb2321b"
    text = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    assert "企業等誘致事業" in text and "4,962 事業所※" in text
    spaced = text.replace("企業等誘致事業", "企業等 誘致事業").replace("4,962 事業所※", "４，９６２ 事業所※")
    result, plan = read_seed(seed, text=spaced)
    load_document(plan)
    assert not import_document(result, apply=False).load.changed

    result, _ = read_seed(seed, text=text.replace("4,962 事業所※", "4,970 事業所※"))
    outcome = import_document(result, apply=True, source="iruma-fixed.txt")
    assert outcome.load.summary() == "updated Observation 1"
    assert Project.objects.filter(name="企業等誘致事業").count() == 1


def test_an_import_keeps_the_plans_source_and_records_the_documents_own_per_load():
    seed = "003_8be73c38ec680bed"
    result, plan = read_seed(
        seed, text=(SEEDS / f"{seed}.txt").read_text(encoding="utf-8").replace("令和2年度", "令和3年度")
    )
    load_document(plan)
    stored = Plan.objects.get()
    before = stored.source
    outcome = import_document(result, apply=True, source="akiruno_r3.txt")
    assert outcome.load.changed
    stored.refresh_from_db()
    assert stored.source == before  # 出典資料 stays what the plan was made from
    load = stored.loads.get(source="akiruno_r3.txt")
    assert (load.source, load.provenance, load.plan_label) == ("akiruno_r3.txt", seed, str(stored))


def test_the_preview_page_says_the_import_keeps_what_the_file_lacks(client, people, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    client.force_login(people.alice)
    text = (SEEDS / "003_8be73c38ec680bed.txt").read_text(encoding="utf-8").replace("令和2年度", "令和3年度")
    file = SimpleUploadedFile("akiruno_r3.txt", text.encode())
    response = client.post(reverse("import-upload"), {"file": file, "municipality": "あきる野市"}, follow=True)
    page = html.unescape(response.content.decode())
    assert "ファイルにない登録済みの行は削除しません（そのまま残ります）: 実績値 27、評価 67" in page
    assert Evaluation.objects.filter(project__plan=people.plan).count() == 67  # a preview writes nothing
