"""The full evaluation sheet (cost, viewpoints, direction, committee opinion and response) and the record a
published year keeps: later edits of the plan change neither the record nor the year's report."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from hyoka.evaluations import actions
from hyoka.evaluations.actions import SheetInput
from hyoka.evaluations.models import (
    AchievementLevel,
    Change,
    Evaluation,
    EvaluationScheme,
    Grade,
    PublishedEvaluation,
    PublishedIndicator,
)
from hyoka.evaluations.tests.conftest import entry_of
from hyoka.evaluations.tests.test_actions import health_checkup_input
from hyoka.evaluations.visibility import visibility_for
from hyoka.indicators.actions import revise_target
from hyoka.indicators.models import Indicator
from hyoka.indicators.progress import progress_rows
from hyoka.reports.data import load_plan_data
from hyoka.reports.layouts import build_report

D = Decimal
KPI = "3～4か月児健康診査受診者（受診率）"


def a_sheet(**changes) -> SheetInput:
    fields = {
        "budget_amount": D(4_800_000),
        "settlement_amount": D(4_650_000),
        "person_years": D("0.5"),
        "necessity_grade": "A",
        "necessity_comment": "母子保健法に基づく健診で、市が実施する必要がある。",
        "effectiveness_grade": "B",
        "effectiveness_comment": "受診率は上がったが、未受診の家庭が残る。",
        "efficiency_grade": "A",
        "efficiency_comment": "集団健診で1人当たりの費用を抑えている。",
        "direction": "継続",
    }
    return SheetInput(**{**fields, **changes})


def full_input(plan, fiscal_year=2021, **changes):
    return replace(health_checkup_input(plan, fiscal_year=fiscal_year), sheet=a_sheet(**changes))


@pytest.fixture
def fy2021(people):
    return actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)


def save(people, e, data):
    return actions.save_entry(evaluation=e, data=data, by=people.bob, expected_version=e.version)


def test_the_sheet_is_saved_with_the_entry_and_its_history(people, fy2021):
    e = save(people, entry_of(people.plan, "3", 2021), full_input(people.plan))
    e.refresh_from_db()
    assert (e.budget_amount, e.settlement_amount, e.person_years) == (D(4_800_000), D(4_650_000), D("0.5"))
    assert [(v["label"], v["grade"]) for v in e.viewpoints()] == [("必要性", "A"), ("有効性", "B"), ("効率性", "A")]
    assert e.direction == "継続"
    saved = e.changes.filter(action=Change.Action.SAVED, record="評価").get()
    assert saved.after["決算額（円）"] == "4650000" and saved.after["今後の方向性"] == "継続"
    assert saved.after["有効性の説明"] == "受診率は上がったが、未受診の家庭が残る。"


def test_a_caller_without_the_sheet_leaves_it_as_it_is(people, fy2021):
    e = save(people, entry_of(people.plan, "3", 2021), full_input(people.plan))
    e = save(people, e, health_checkup_input(people.plan, fiscal_year=2021, value="431"))
    e.refresh_from_db()
    assert e.direction == "継続" and e.budget_amount == D(4_800_000)


def test_the_direction_comes_from_the_plans_own_list(people, fy2021):
    e = entry_of(people.plan, "3", 2021)
    with pytest.raises(actions.WorkflowError, match="拡大"):
        save(people, e, full_input(people.plan, direction="拡大"))
    EvaluationScheme.objects.filter(plan=people.plan).update(directions=["拡大", "維持", "縮小"])
    e = save(people, e, full_input(people.plan, direction="拡大"))
    assert e.direction == "拡大"
    with pytest.raises(actions.WorkflowError, match="継続"):  # the plan's list replaces the seven words
        save(people, e, full_input(people.plan, direction="継続"))


def test_a_viewpoint_grade_outside_a_b_c_is_refused(people, fy2021):
    e = entry_of(people.plan, "3", 2021)
    with pytest.raises(actions.WorkflowError, match="A・B・C"):
        save(people, e, full_input(people.plan, efficiency_grade="S"))
    assert not Evaluation.objects.filter(pk=e.pk, efficiency_grade="S").exists()


def test_committee_opinion_and_city_response_are_recorded_without_touching_the_entry(people, fy2021):
    e = save(people, entry_of(people.plan, "3", 2021), full_input(people.plan))
    version, status = e.version, e.status
    e = actions.record_committee_opinion(evaluation=e, by=people.dave, text="  未受診家庭への訪問を強化されたい。 ")
    e = actions.respond_to_committee(evaluation=e, by=people.alice, text="保健師の訪問を月2回に増やす。")
    e.refresh_from_db()
    assert (e.committee_opinion, e.city_response) == (
        "未受診家庭への訪問を強化されたい。",
        "保健師の訪問を月2回に増やす。",
    )
    assert (e.version, e.status) == (version, status)  # a department's open form is not made stale
    opinion = e.changes.get(action=Change.Action.COMMITTEE_OPINION)
    assert (opinion.user, opinion.before, opinion.after) == (
        people.dave,
        {"外部評価委員会の意見": ""},
        {"外部評価委員会の意見": "未受診家庭への訪問を強化されたい。"},
    )
    assert e.changes.get(action=Change.Action.CITY_RESPONSE).user == people.alice


def test_a_published_year_takes_no_committee_opinion_until_reopened(people, fy2021):
    e = entry_of(people.plan, "3", 2021)
    actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True)
    with pytest.raises(actions.YearLockedError):
        actions.record_committee_opinion(evaluation=e, by=people.dave, text="意見")
    with pytest.raises(actions.YearLockedError):
        actions.respond_to_committee(evaluation=e, by=people.alice, text="対応")


def publish_project_3(people, cycle):
    """Project 3 of FY2021 entered in full, with the committee's opinion and the city's response, approved
    and published; the plan's unit cost is 8,000,000円 and the first KPI counts the project's output."""
    EvaluationScheme.objects.filter(plan=people.plan).update(unit_cost_per_person_year=D(8_000_000))
    Indicator.objects.filter(plan=people.plan, name=KPI).update(kind=Indicator.Kind.ACTIVITY)
    e = save(people, entry_of(people.plan, "3", 2021), full_input(people.plan))
    actions.record_committee_opinion(evaluation=e, by=people.dave, text="未受診家庭への訪問を強化されたい。")
    actions.respond_to_committee(evaluation=e, by=people.alice, text="保健師の訪問を月2回に増やす。")
    e.refresh_from_db()
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    e = actions.approve_evaluation(evaluation=e, by=people.alice)
    actions.publish_year(cycle=cycle, by=people.alice, allow_unapproved=True)
    return e


def report_text(plan, fiscal_year):
    return [
        [c.text for c in row] for table in build_report(plan, "evaluation", fiscal_year).tables() for row in table.rows
    ]


def test_publishing_freezes_each_entry_and_kpi_as_published(people, fy2021):
    e = publish_project_3(people, fy2021)
    record = PublishedEvaluation.objects.get(evaluation=e)
    assert (record.grade_code, record.achievement_code, record.direction) == ("A", "2", "継続")
    assert record.committee_opinion == "未受診家庭への訪問を強化されたい。"
    assert record.city_response == "保健師の訪問を月2回に増やす。"
    assert record.unit_cost_per_person_year == D(8_000_000)
    assert record.suggested_achievement  # what the KPIs suggested, beside the level chosen
    kpi = PublishedIndicator.objects.get(cycle=fy2021, name=KPI)
    assert kpi.value_text == "受診者430人" and kpi.rule["target"]["value"] is not None
    assert PublishedIndicator.objects.filter(cycle=fy2021).count() == Indicator.objects.filter(plan=people.plan).count()
    assert not PublishedEvaluation.objects.filter(evaluation=entry_of(people.plan, "1", 2021)).exists()  # not approved
    assert fy2021.__class__.objects.get(pk=fy2021.pk).published_scheme["unit_cost"] == "8000000"


def test_the_years_report_prints_the_sheet(people, fy2021):
    publish_project_3(people, fy2021)
    row = next(r for r in report_text(people.plan, 2021) if r[1] == entry_of(people.plan, "3").project.name)
    assert row[3].startswith("【継続】")
    assert "事業費 4,650,000円（決算）" in row[8] and "人件費 0.5人工 4,000,000円" in row[8]
    assert "総コスト 8,650,000円" in row[8] and "単位当たり 20,116円/人" in row[8]
    assert "必要性 A" in row[8] and "有効性 B" in row[8]
    assert "【外部評価委員会の意見】未受診家庭への訪問を強化されたい。" in row[9]
    assert "【対応方針】保健師の訪問を月2回に増やす。" in row[9]


def test_later_edits_of_the_plan_change_neither_the_record_nor_the_years_report(people, fy2021):
    e = publish_project_3(people, fy2021)
    kpi = Indicator.objects.get(plan=people.plan, name=KPI)
    record_before = list(PublishedEvaluation.objects.filter(cycle=fy2021).values())
    kpis_before = list(PublishedIndicator.objects.filter(cycle=fy2021).values())
    report_before = report_text(people.plan, 2021)
    live_before = next(r for r in progress_rows(people.plan) if r.indicator.pk == kpi.pk).progress

    # The planning office edits the plan afterwards: a revised target, a new baseline, other thresholds,
    # a renamed grade, another unit cost and a different list of directions.
    revise_target(
        indicator=kpi, value=D(99), comparator=">=", text="99%", fiscal_year=None, effective_from_fy=2022,
        reason="国の目標に合わせる", by=people.alice,
    )  # fmt: skip
    Indicator.objects.filter(pk=kpi.pk).update(baseline_value=D(300), unit="人")
    AchievementLevel.objects.filter(scheme__plan=people.plan).update(min_percent=D(200), max_percent=None)
    Grade.objects.filter(scheme__plan=people.plan, code="A").update(label="書き換えた意味")
    EvaluationScheme.objects.filter(plan=people.plan).update(
        unit_cost_per_person_year=D(9_500_000), directions=["維持"]
    )

    live_after = next(r for r in progress_rows(people.plan) if r.indicator.pk == kpi.pk).progress
    assert live_after != live_before  # the live plan now judges the KPI differently…
    assert list(PublishedEvaluation.objects.filter(cycle=fy2021).values()) == record_before  # …the record does not
    assert list(PublishedIndicator.objects.filter(cycle=fy2021).values()) == kpis_before
    assert report_text(people.plan, 2021) == report_before
    data = load_plan_data(people.plan, 2021)
    assert data.recorded and data.unit_cost == D(8_000_000)
    assert [g.label for g in data.grades if g.code == "A"] != ["書き換えた意味"]
    assert e.pk in {p.evaluation.pk for p in data.projects() if p.evaluation}


def test_a_reopened_year_keeps_its_record_for_the_public_until_published_again(people, fy2021):
    e = publish_project_3(people, fy2021)
    actions.reopen_year(plan=people.plan, fiscal_year=2021, reason="決算額の訂正", by=people.alice)
    e.refresh_from_db()
    save(people, e, full_input(people.plan, settlement_amount=D(4_700_000), direction="拡充"))

    def public():
        shown = visibility_for(people.plan, AnonymousUser()).evaluations(Evaluation.objects.filter(pk=e.pk))
        return shown[0].settlement_amount, shown[0].direction, shown[0].committee_opinion

    assert public() == (D(4_650_000), "継続", "未受診家庭への訪問を強化されたい。")
    e.refresh_from_db()
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    actions.approve_evaluation(evaluation=e, by=people.alice)
    actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True)
    record = PublishedEvaluation.objects.get(evaluation=e)
    assert (record.settlement_amount, record.direction) == (D(4_700_000), "拡充")  # publishing again replaced it


def test_an_entry_approved_after_publication_joins_the_record(people, fy2021):
    e = save(people, entry_of(people.plan, "3", 2021), full_input(people.plan))
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True)
    assert not PublishedEvaluation.objects.filter(evaluation=e).exists()
    actions.approve_evaluation(evaluation=e, by=people.alice)
    assert PublishedEvaluation.objects.get(evaluation=e).direction == "継続"
    kpi = PublishedIndicator.objects.get(cycle=fy2021, name=KPI)
    assert kpi.value_text == "受診者430人"  # its KPIs' values are public now, and recorded
    assert PublishedIndicator.objects.filter(cycle=fy2021, name=KPI).count() == 1


def test_publishing_and_reading_the_record_run_the_same_queries_on_10x_data(client, people, synthetic_plan):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    counts = []
    for size in (10, 100):
        plan = synthetic_plan(size)
        cycle = actions.open_cycle(plan=plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
        Evaluation.objects.for_cycle(cycle).update(status=Evaluation.Status.APPROVED, direction="継続")  # set-up
        with CaptureQueriesContext(connection) as publishing:
            actions.publish_year(cycle=cycle, by=people.alice)
        assert PublishedEvaluation.objects.filter(cycle=cycle).count() == size
        with CaptureQueriesContext(connection) as reading:
            load_plan_data(plan, 2021)
        actions.reopen_year(plan=plan, fiscal_year=2021, reason="訂正", by=people.alice)
        project = plan.projects.order_by("position").first()
        pages = []
        for url in (reverse("project-list", args=[plan.pk]), reverse("project-detail", args=[plan.pk, project.pk])):
            with CaptureQueriesContext(connection) as page:
                assert client.get(url).status_code == 200  # the public reads the record while reopened
            pages.append(len(page))
        assert len(publishing) < 40  # no query per entry or KPI; bulk inserts split in batches (SQLite's limit)
        counts.append((len(reading), *pages))
    assert counts[0] == counts[1]
