"""Loading a plan again, and `hyoka demo` run again, keep what people made (issue 10, finding 1)."""

import pytest

from hyoka.evaluations.models import Change, Comment, Evaluation, EvaluationCycle
from hyoka.indicators.models import Indicator, Observation
from hyoka.interchange import PlanDocument, parse_document
from hyoka.plans.demo import DEMO_DIR
from hyoka.plans.loader import load_document
from hyoka.plans.models import DataLoad, Plan, Section
from hyoka.projects.models import Project

pytestmark = pytest.mark.django_db

AKIRUNO = DEMO_DIR / "akiruno_child_plan_r2.json"


def akiruno() -> PlanDocument:
    return parse_document(AKIRUNO.read_bytes())


def counts() -> dict[str, int]:
    return {
        "entries": Evaluation.objects.count(),
        "history": Change.objects.count(),
        "comments": Comment.objects.count(),
        "values": Observation.objects.count(),
    }


def test_loading_the_plan_again_keeps_an_opened_year_its_values_comments_and_history(opened):
    before = counts()
    assert before["entries"] > 67 * 2 - 1 and before["history"] > 67 and before["comments"] == 1

    result = load_document(akiruno(), source=AKIRUNO.name)

    assert not result.changed, result.details[:5]
    assert counts() == before
    assert len(result.kept) == 67 + 1  # the year's entries and bob's KPI value
    assert "= 評価: 3 健康診査等の実施 2021年度（2021年度は評価サイクルがあります）" in result.kept
    assert "評価 67" in result.kept_summary() and "実績値 1" in result.kept_summary()


def test_a_project_the_document_drops_stays_while_it_holds_an_opened_years_entry(opened):
    doc = akiruno()
    section = next(s for s in doc.all_sections() if any(p.number == "3" for p in s.projects))
    section.projects = [p for p in section.projects if p.number != "3"]
    doc.indicators = []
    for s in doc.all_sections():
        s.indicators = [k for k in s.indicators if k.project_number != "3"]

    result = load_document(doc)

    project = Project.objects.get(plan=opened.plan, number="3")
    assert project.section is not None and Section.objects.filter(pk=project.section_id).exists()
    assert set(project.evaluations.values_list("fiscal_year", flat=True)) == {2021}  # FY2020 came from the file
    assert Indicator.objects.filter(pk=opened.kpi.pk).exists()  # it has history
    assert Comment.objects.filter(evaluation=opened.entry).exists()
    assert result.changes["deleted Evaluation"] == 1 and not result.changes["deleted Project"]
    assert "= 事業: 3 健康診査等の実施（残す行を含みます）" in result.kept
    assert f"= 指標（KPI）: {opened.kpi}（変更履歴があります）" in result.kept


def test_hyoka_load_twice_says_nothing_changed_and_what_it_kept(cli, opened):
    code, out, _ = cli("load", str(AKIRUNO))
    assert code == 0
    assert "変更なし (no changes)" in out
    assert "削除せず残したもの（評価サイクルのある年度・変更履歴のある行）: 実績値 1、評価 67" in out


def test_the_load_help_says_what_a_load_keeps(cli):
    _, out, _ = cli("load", "--help")
    text = " ".join(out.split())
    assert "evaluation cycle" in text and "changes nothing" in text and "drafts" in text


def test_demo_run_twice_keeps_every_entry_and_history_and_says_nothing_changed(cli):
    assert cli("demo", "--no-serve")[0] == 0
    before = counts()
    assert before["entries"] == 67 + 10 + 67 and before["history"] == 67  # FY2021 of あきる野市 opened

    code, out, _ = cli("demo", "--no-serve")

    assert code == 0
    assert counts() == before
    assert out.count("変更なし (no changes)") == 5
    assert "the demo plans were already loaded: nothing changed" in out


def test_demo_links_its_kpis_to_the_catalogue_once_and_the_comparisons_show_them(cli, client):
    from hyoka.catalog.models import IndicatorLink

    cli("demo", "--no-serve")
    links = IndicatorLink.objects.confirmed()
    assert links.filter(standard__code="total_fertility_rate").count() == 2  # two demo cities print it
    rows = client.get("/compare/indicators/total_fertility_rate/data.csv").content.decode().splitlines()[1:]
    assert len({row.split(",")[0] for row in rows}) == 2  # every year's figures, by municipality code

    rejected = links.first()
    rejected.status = IndicatorLink.Status.REJECTED  # the planning office says this one is not the standard
    rejected.save()
    before = set(IndicatorLink.objects.values_list("pk", "status"))
    cli("demo", "--no-serve")
    assert set(IndicatorLink.objects.values_list("pk", "status")) == before


def test_demo_keeps_what_a_database_added_until_asked_to_reset(cli):
    cli("demo", "--no-serve")
    plan = Plan.objects.get(municipality__code="132284")
    Project.objects.create(plan=plan, number="68", name="管理画面で追加した事業")
    Plan.objects.filter(pk=plan.pk).update(published=False)  # the planning office withdrew it
    history = Change.objects.count()

    _, out, _ = cli("demo", "--no-serve")
    assert Project.objects.filter(name="管理画面で追加した事業").exists()
    assert not Plan.objects.get(pk=plan.pk).published
    assert "kept what the shipped file does not have (事業 1); `hyoka demo --reset` deletes it" in out

    _, out, _ = cli("demo", "--no-serve", "--reset")
    assert not Project.objects.filter(name="管理画面で追加した事業").exists()
    assert Plan.objects.get(pk=plan.pk).published
    assert Evaluation.objects.filter(project__plan=plan, fiscal_year=2021).count() == 67
    assert Change.objects.count() == history
    assert "削除せず残したもの（評価サイクルのある年度・変更履歴のある行）: 評価 67" in out


def test_demo_opens_its_year_in_its_own_plan_where_the_city_has_another(cli):
    """A national database (hyoka synth) holds a second あきる野市 plan; the demo stopped there with
    MultipleObjectsReturned after loading its plans."""
    cli("demo", "--no-serve")
    demo_plan = Plan.objects.get(municipality__code="132284")
    other = Plan.objects.create(municipality=demo_plan.municipality, title="第2期まち・ひと・しごと創生総合戦略")

    code, out, err = cli("demo", "--no-serve")

    assert code == 0, err
    assert "demo cycle: " in out and "2021年度" in out
    assert list(EvaluationCycle.objects.filter(fiscal_year=2021).values_list("plan", flat=True)) == [demo_plan.pk]
    assert not EvaluationCycle.objects.filter(plan=other).exists()


def test_a_plans_loads_outlive_it_with_its_name():
    plan = load_document(akiruno(), source=AKIRUNO.name).plan
    label = str(plan)
    Plan.objects.filter(pk=plan.pk).delete()
    load = DataLoad.objects.get()
    assert (load.plan, load.plan_label, load.source) == (None, label, AKIRUNO.name)
    assert load.provenance == akiruno().plan.source
