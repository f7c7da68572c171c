"""The yearly cycle's named writes: states, optimistic locking, the audit trail and who sees what."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from hyoka.evaluations import actions
from hyoka.evaluations.actions import EntryInput, MetricInput, ObservationInput
from hyoka.evaluations.models import Change, Evaluation, Grade
from hyoka.evaluations.tests.conftest import entry_of
from hyoka.evaluations.visibility import visibility_for
from hyoka.indicators.models import Indicator, Observation

Status = Evaluation.Status


def health_checkup_input(plan, value="430", grade="A"):
    indicator = Indicator.objects.get(plan=plan, name="3～4か月児健康診査受診者（受診率）")
    return EntryInput(
        grade_id=Grade.objects.get(scheme__plan=plan, code=grade).pk,
        achievement_id=None,
        narrative="受診率の向上に取り組みました。",
        future_direction="継続",
        observations=[ObservationInput(indicator.pk, "令和2年度", Decimal(value), f"受診者{value}人")],
        metrics=[MetricInput("実施回数", Decimal(22), "回")],
    )


def test_opening_a_year_gives_every_project_an_entry_not_started(people, cycle):
    entries = Evaluation.objects.for_cycle(cycle)
    assert entries.count() == people.plan.projects.count() == 67
    assert set(entries.values_list("status", flat=True)) == {Status.NOT_STARTED}
    # what the plan already held for the year stays as the starting point
    assert entry_of(people.plan, "3").grade.code == "B"
    with pytest.raises(actions.WorkflowError):
        actions.open_cycle(plan=people.plan, fiscal_year=2020, deadline=date(2021, 5, 31), by=people.alice)


def test_save_submit_return_resubmit_approve_publish(people, cycle):
    e = entry_of(people.plan, "3")
    e = actions.save_entry(
        evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version
    )
    assert e.status == Status.DRAFT and e.grade.code == "A"
    observation = Observation.objects.get(indicator__name="3～4か月児健康診査受診者（受診率）", fiscal_year=2020)
    assert observation.value == 430 and observation.text == "受診者430人"
    assert list(e.metrics.values_list("name", "value")) == [("実施回数", 22)]

    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    assert e.status == Status.SUBMITTED
    with pytest.raises(actions.WorkflowError):  # a submitted entry is no longer the department's to change
        actions.save_entry(
            evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version
        )
    with pytest.raises(actions.WorkflowError):  # a return says why
        actions.return_evaluation(evaluation=e, by=people.alice, comment="  ")
    e = actions.return_evaluation(evaluation=e, by=people.alice, comment="受診率も書いてください")
    assert e.status == Status.RETURNED and e.comments.get().text == "受診率も書いてください"

    e = actions.save_entry(
        evaluation=e, data=health_checkup_input(people.plan, "432"), by=people.bob, expected_version=e.version
    )
    assert e.status == Status.RETURNED  # still returned until submitted again
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    e = actions.approve_evaluation(evaluation=e, by=people.alice)
    assert e.status == Status.APPROVED
    assert actions.publish_year(cycle=cycle, by=people.alice) == 1
    with pytest.raises(actions.WorkflowError):
        actions.publish_year(cycle=cycle, by=people.alice)

    actions_recorded = list(e.changes.values_list("action", flat=True))
    assert actions_recorded[0] == Change.Action.OPENED and actions_recorded[-1] == Change.Action.PUBLISHED
    value_change = e.changes.filter(record__startswith="3～4か月児").last()
    assert (value_change.before["値"], value_change.after["値"], value_change.user) == ("430", "432", people.bob)


def test_two_editors_never_silently_overwrite_each_other(people, cycle):
    opened_by_bob = entry_of(people.plan, "3")
    opened_by_alice = entry_of(people.plan, "3")
    actions.save_entry(
        evaluation=opened_by_alice,
        data=health_checkup_input(people.plan, "440"),
        by=people.alice,
        expected_version=opened_by_alice.version,
    )
    with pytest.raises(actions.ConflictError) as refused:
        actions.save_entry(
            evaluation=opened_by_bob,
            data=health_checkup_input(people.plan, "430"),
            by=people.bob,
            expected_version=opened_by_bob.version,
        )
    assert "alice" in str(refused.value)
    assert Observation.objects.get(indicator__name="3～4か月児健康診査受診者（受診率）", fiscal_year=2020).value == 440


def test_a_grade_must_come_from_the_plans_own_scheme(people, cycle, synthetic_plan):
    e = entry_of(people.plan, "3")
    other = Grade.objects.get(scheme__plan=synthetic_plan(3), code="A")
    data = health_checkup_input(people.plan)
    bad = EntryInput(other.pk, None, "", "", data.observations)
    with pytest.raises(actions.WorkflowError):
        actions.save_entry(evaluation=e, data=bad, by=people.alice, expected_version=e.version)


def test_a_kpi_of_another_project_cannot_be_written_through_this_entry(people, cycle):
    e = entry_of(people.plan, "1")  # 保育課's project; the KPI belongs to project 3
    with pytest.raises(actions.WorkflowError):
        actions.save_entry(
            evaluation=e, data=health_checkup_input(people.plan), by=people.alice, expected_version=e.version
        )


def test_the_public_sees_an_opened_year_only_once_published_and_approved(people, cycle):
    anonymous = AnonymousUser()
    project3 = entry_of(people.plan, "3").project
    project1 = entry_of(people.plan, "1").project
    hidden = visibility_for(people.plan, anonymous)
    assert not hidden.shows_year_of(2020, project3.pk)
    assert hidden.shows_year_of(2019, project3.pk)  # no cycle was opened for 2019
    assert visibility_for(people.plan, people.dave).shows_year_of(2020, project3.pk)  # reviewers read drafts

    e = entry_of(people.plan, "3")
    e = actions.save_entry(
        evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version
    )
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    actions.approve_evaluation(evaluation=e, by=people.alice)
    actions.publish_year(cycle=cycle, by=people.alice)
    public = visibility_for(people.plan, anonymous)
    assert public.shows_year_of(2020, project3.pk)
    assert not public.shows_year_of(2020, project1.pk)  # not approved, so not public
    assert public.shows_year_of(2020, None)  # a KPI of no project follows its year


@pytest.mark.parametrize("step", ["opened", "published"])
def test_the_public_query_and_the_visibility_rule_agree(people, cycle, step):
    e = entry_of(people.plan, "3")
    e = actions.save_entry(
        evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version
    )
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    actions.approve_evaluation(evaluation=e, by=people.alice)
    if step == "published":
        actions.publish_year(cycle=cycle, by=people.alice)
    rule = visibility_for(people.plan, AnonymousUser())
    everything = Evaluation.objects.filter(project__plan=people.plan)
    by_rule = {x.pk for x in everything if rule.shows_evaluation(x)}
    by_query = set(Evaluation.objects.public().filter(project__plan=people.plan).values_list("pk", flat=True))
    assert by_rule == by_query
    assert (e.pk in by_query) == (step == "published")


def test_collection_is_counted_per_department_for_the_cycles_year_only(people, cycle):
    next_year = actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)
    e = entry_of(people.plan, "3")
    e = actions.save_entry(
        evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version
    )
    actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)

    rows = {r["department"].name: (r["submitted"], r["approved"], r["total"]) for r in cycle.collection_by_department()}
    assert rows["健康課"] == (1, 0, 10) and rows["保育課"] == (0, 0, 12)
    assert next_year.collection_by_department()[0]["submitted"] == 0
    assert {r["department"].name: r["total"] for r in next_year.collection_by_department()}["健康課"] == 10
    assert cycle.collection_totals() == {"total": 67, "submitted": 1, "approved": 0}


@pytest.mark.parametrize("label", ["令和元年度", "平成29年"])  # FY2019, and a calendar year already stored
def test_an_entry_cannot_rewrite_a_year_it_is_not_about(people, cycle, label):
    indicator = Indicator.objects.get(plan=people.plan, name="3～4か月児健康診査受診者（受診率）")
    if label == "平成29年":
        indicator.observations.create(period_label=label, year=2017, value=400, position=9)
    e = entry_of(people.plan, "3")
    data = EntryInput(None, None, "", "", [ObservationInput(indicator.pk, label, Decimal(1))])
    with pytest.raises(actions.WorkflowError):
        actions.save_entry(evaluation=e, data=data, by=people.bob, expected_version=e.version)
    assert not indicator.observations.filter(value=1).exists()
