import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hyoka.evaluations.models import Evaluation
from hyoka.indicators.models import Indicator, Observation
from hyoka.interchange import DocumentError, parse_document
from hyoka.plans.demo import demo_files
from hyoka.plans.exporter import export_document
from hyoka.plans.loader import LoadError, load_document
from hyoka.plans.models import Plan, Section
from hyoka.projects.models import Project

from .factories import minimal

pytestmark = pytest.mark.django_db


def load(data):
    return load_document(parse_document(data))


def test_load_creates_every_level():
    result = load(minimal())
    assert result.changes["created Plan"] == 1
    assert result.changes["created Section"] == 2
    indicator = Indicator.objects.get()
    assert (indicator.baseline_value, indicator.target_text, indicator.baseline_fiscal_year) == (4986, "基準値", 2014)
    assert Observation.objects.get().status == "provisional"
    evaluation = Evaluation.objects.get()
    assert (evaluation.grade.code, evaluation.achievement.code) == ("A", "2")
    project = Project.objects.get()
    assert [d.name for d in project.departments.all()] == ["商工観光課"]
    assert project.budget_links.get().budget_item.code == "0104010242"


def test_loading_twice_changes_nothing():
    load(minimal())
    ids = sorted(Section.objects.values_list("pk", flat=True)), sorted(Observation.objects.values_list("pk", flat=True))
    again = load(minimal())
    assert not again.changed, again.summary()
    assert again.summary() == "変更なし (no changes)"
    assert (
        sorted(Section.objects.values_list("pk", flat=True)),
        sorted(Observation.objects.values_list("pk", flat=True)),
    ) == ids


def test_a_load_that_changes_something_is_kept_in_the_plans_history():
    plan = load_document(parse_document(minimal()), source="first.json").plan
    load_document(parse_document(minimal()), source="same-again.json")  # changes nothing: no record
    doc = minimal()
    doc["sections"][0]["indicators"][0]["observations"][0]["value"] = 4970
    load_document(parse_document(doc), source="fixed.json")
    assert list(plan.loads.values_list("source", flat=True)) == ["fixed.json", "first.json"]
    update = plan.loads.first()
    assert update.by is None and update.summary == "updated Observation 1"
    assert any(line.startswith("~ 実績値") and "→ 4970" in line for line in update.details)
    assert Observation.objects.get().version == 1  # a cycle form opened before the load is now stale


def test_reloading_a_changed_document_updates_in_place_and_removes_what_is_gone():
    load(minimal())
    indicator_pk = Indicator.objects.get().pk
    doc = minimal()
    doc["sections"][0]["indicators"][0]["observations"][0]["value"] = 4970
    doc["sections"][0]["projects"] = []
    result = load(doc)
    assert result.changes["updated Observation"] == 1
    assert result.changes["deleted Project"] == 1
    assert Indicator.objects.get().pk == indicator_pk
    assert Observation.objects.get().value == 4970
    assert not Project.objects.exists()


def test_unknown_grade_is_named_and_nothing_is_written():
    doc = minimal()
    doc["sections"][0]["projects"][0]["evaluations"][0]["grade"] = "Z"
    with pytest.raises(LoadError, match=r"\$\.sections\[0\]\.projects\[0\]\.evaluations\[0\]\.grade: 'Z'"):
        load(doc)
    assert not Plan.objects.exists()


def test_dangling_project_number_is_rejected():
    doc = minimal()
    doc["sections"][0]["indicators"][0]["project_number"] = "99"
    with pytest.raises(LoadError, match="project_number"):
        load(doc)
    assert not Plan.objects.exists()


@pytest.mark.parametrize("path", demo_files(), ids=lambda p: p.stem)
def test_demo_round_trip_is_byte_identical(path):
    text = path.read_text(encoding="utf-8")
    first = load(text)
    exported = export_document(first.plan).to_json()
    assert exported == text  # the shipped file is already in canonical form
    second = load(exported)
    assert not second.changed, second.summary()
    assert export_document(second.plan).to_json() == exported


def test_export_query_count_does_not_grow_with_the_plan(demo_plans):
    def queries(plan):
        with CaptureQueriesContext(connection) as ctx:
            export_document(plan)
        return len(ctx.captured_queries)

    small, large = demo_plans["ome_strategy_progress_r4"], demo_plans["akiruno_child_plan_r2"]
    assert Project.objects.filter(plan=large).count() > 5 * Project.objects.filter(plan=small).count()
    # A fixed number of queries however many projects (67 here): no query per row.
    assert queries(large) <= 20
    assert queries(small) <= 20


def test_a_project_filed_under_another_section_is_moved_not_duplicated():
    load(minimal())
    project_pk = Project.objects.get().pk
    doc = minimal()
    project = doc["sections"][0]["projects"].pop()
    doc["sections"][0]["sections"][0]["projects"] = [project]
    result = load(doc)
    assert result.changes["updated Project"] == 1 and not result.changes["created Project"]
    moved = Project.objects.get()
    assert (moved.pk, moved.section.title) == (project_pk, "しごとの場を創る")


def test_merge_keeps_what_the_document_leaves_out():
    load(minimal())
    doc = minimal()
    doc["plan"].pop("start_fy")
    doc["sections"][0]["projects"][0]["evaluations"] = [{"fiscal_year": 2017, "grade": "B"}]
    doc["sections"][0]["sections"] = []
    load_document(parse_document(doc), prune=False)
    assert Plan.objects.get().start_fy == 2015
    assert sorted(Evaluation.objects.values_list("fiscal_year", flat=True)) == [2016, 2017]
    assert Section.objects.count() == 2


def test_same_project_in_two_sections_is_rejected():
    doc = minimal()
    doc["sections"][0]["sections"][0]["projects"] = [dict(doc["sections"][0]["projects"][0])]
    with pytest.raises(DocumentError, match=r"duplicate project \(plan-wide\)"):
        parse_document(doc)


def test_a_plan_with_graded_evaluations_can_be_deleted(demo_plans):
    demo_plans["akiruno_child_plan_r2"].delete()
    assert not Evaluation.objects.filter(grade__isnull=False).exists()  # only あきる野市 grades its projects
