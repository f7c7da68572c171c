"""The yearly cycle's named writes: states, optimistic locking, the audit trail and who sees what."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from hyoka.evaluations import actions
from hyoka.evaluations.actions import EntryInput, MetricInput, ObservationInput
from hyoka.evaluations.models import AchievementLevel, Change, Evaluation, EvaluationCycle, Grade
from hyoka.evaluations.tests.conftest import entry_of
from hyoka.evaluations.visibility import visibility_for
from hyoka.indicators.models import Indicator, Observation
from hyoka.jp import format_fiscal_year

Status = Evaluation.Status


def health_checkup_input(plan, value="430", grade="A", fiscal_year=2020):
    """A complete entry for project 3 (健康診査等の実施): the 3～4か月児 KPI at ``value``, its three others too."""
    first, *others = Indicator.objects.filter(plan=plan, project__number="3").order_by("position")
    label = format_fiscal_year(fiscal_year)
    return EntryInput(
        grade_id=Grade.objects.get(scheme__plan=plan, code=grade).pk,
        achievement_id=AchievementLevel.objects.get(scheme__plan=plan, code="2").pk,
        narrative="受診率の向上に取り組み、未受診の家庭には電話で受診を勧めました。",
        future_direction="継続",
        observations=[
            ObservationInput(first.pk, label, Decimal(value), f"受診者{value}人"),
            *(ObservationInput(k.pk, label, Decimal(500 + i)) for i, k in enumerate(others)),
        ],
        metrics=[MetricInput("実施回数", Decimal(22), "回")],
    )


def save_submit_approve(people, e, data):
    e = actions.save_entry(evaluation=e, data=data, by=people.bob, expected_version=e.version)
    e = actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    return actions.approve_evaluation(evaluation=e, by=people.alice)


@pytest.fixture
def fy2021(people):
    """FY2021 of the あきる野市 plan, a year nobody published yet, opened by alice."""
    return actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)


def test_opening_a_year_gives_every_project_an_entry_not_started(people, fy2021):
    entries = Evaluation.objects.for_cycle(fy2021)
    assert entries.count() == people.plan.projects.count() == 67
    assert set(entries.values_list("status", flat=True)) == {Status.NOT_STARTED}
    assert entries.get(project__number="3").changes.get().action == Change.Action.OPENED
    with pytest.raises(actions.WorkflowError):
        actions.open_cycle(plan=people.plan, fiscal_year=2021, deadline=date(2022, 5, 31), by=people.alice)


def test_opening_a_year_whose_figures_are_public_is_refused(people):
    """Finding 3: opening FY2020, published by the city, took its grades and values off the public site."""
    with pytest.raises(actions.WorkflowError, match="すでに公開されています"):
        actions.open_cycle(plan=people.plan, fiscal_year=2020, deadline=date(2021, 5, 31), by=people.alice)
    assert not EvaluationCycle.objects.filter(plan=people.plan).exists()
    assert set(Evaluation.objects.filter(project__plan=people.plan).values_list("status", flat=True)) == {"approved"}
    with pytest.raises(actions.WorkflowError, match="理由"):  # reopening says why
        actions.reopen_year(plan=people.plan, fiscal_year=2020, reason=" ", deadline=date(2021, 5, 31), by=people.alice)


def test_a_reopened_year_keeps_its_state_and_records_the_reason(people, cycle):
    entries = Evaluation.objects.for_cycle(cycle)
    assert set(entries.values_list("status", flat=True)) == {Status.APPROVED}
    assert entry_of(people.plan, "3").grade.code == "B"  # the published figures are the start
    reopened = entry_of(people.plan, "3").changes.get()
    assert (reopened.action, reopened.after, reopened.user) == (
        "reopened",
        {"再開の理由": "評価をやり直すため", "提出期限": "2021-05-31"},
        people.alice,
    )
    assert (cycle.is_reopened, cycle.is_published, cycle.reopen_reason) == (True, False, "評価をやり直すため")
    with pytest.raises(actions.WorkflowError):  # once is enough
        actions.reopen_year(plan=people.plan, fiscal_year=2020, reason="もう一度", by=people.alice)
    with pytest.raises(actions.WorkflowError):  # it is reopened, not opened
        actions.open_cycle(plan=people.plan, fiscal_year=2020, deadline=date(2021, 5, 31), by=people.alice)


def test_save_submit_return_resubmit_approve_publish(people, cycle):
    e = entry_of(people.plan, "3")
    e = actions.save_entry(
        evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version
    )
    assert e.status == Status.DRAFT and e.grade.code == "A"  # an approved entry corrected goes back to draft
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
    assert actions.publish_year(cycle=cycle, by=people.alice) == 67
    with pytest.raises(actions.WorkflowError):
        actions.publish_year(cycle=cycle, by=people.alice)

    actions_recorded = list(e.changes.values_list("action", flat=True))
    assert actions_recorded[0] == Change.Action.REOPENED and actions_recorded[-1] == Change.Action.PUBLISHED
    value_change = e.changes.filter(record__startswith="3～4か月児").last()
    assert (value_change.before["値"], value_change.after["値"], value_change.user) == ("430", "432", people.bob)


def test_publishing_with_unapproved_entries_says_how_many_and_needs_a_yes(people, fy2021):
    """Finding 4: a year went public with 1 of 67 entries approved, without a word."""
    save_submit_approve(people, entry_of(people.plan, "3", 2021), health_checkup_input(people.plan, fiscal_year=2021))
    with pytest.raises(actions.UnapprovedEntriesError, match="66件") as refused:
        actions.publish_year(cycle=fy2021, by=people.alice)
    assert refused.value.unapproved == 66
    fy2021.refresh_from_db()
    assert fy2021.published_at is None
    assert actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True) == 1


def test_a_published_year_is_locked_until_reopened(people, fy2021):
    e = save_submit_approve(
        people, entry_of(people.plan, "3", 2021), health_checkup_input(people.plan, fiscal_year=2021)
    )
    actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True)
    other = entry_of(people.plan, "1", 2021)  # never submitted, still it may not change now
    data = EntryInput(None, None, "公開後の書き換え", "", [])
    for entry in (e, other):
        with pytest.raises(actions.YearLockedError, match="再開"):
            actions.save_entry(evaluation=entry, data=data, by=people.alice, expected_version=entry.version)
    with pytest.raises(actions.YearLockedError):
        actions.save_plan_indicators(cycle=fy2021, data=[], by=people.alice)
    assert not Evaluation.objects.filter(narrative="公開後の書き換え").exists()

    actions.reopen_year(plan=people.plan, fiscal_year=2021, reason="数値の誤りを訂正", by=people.alice)
    e.refresh_from_db()
    saved = actions.save_entry(evaluation=e, data=data, by=people.bob, expected_version=e.version)
    assert (saved.narrative, saved.status) == ("公開後の書き換え", Status.DRAFT)


def test_an_incomplete_entry_is_not_submitted_and_says_what_is_missing(people, fy2021, settings):
    """Finding 4: an entry with no KPI value, no 達成度 and the narrative 「実施した。」 was accepted."""
    settings.EVALUATION_NARRATIVE_MIN_LENGTH = 20
    e = entry_of(people.plan, "3", 2021)
    complete = health_checkup_input(people.plan, fiscal_year=2021)
    kpi = complete.observations[0].indicator_id
    data = EntryInput(complete.grade_id, None, "実施した。", "", [ObservationInput(kpi, "令和3年度", None)])
    e = actions.save_entry(evaluation=e, data=data, by=people.bob, expected_version=e.version)
    with pytest.raises(actions.IncompleteEntryError) as refused:
        actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    every_kpi = {f"kpi-{o.indicator_id}" for o in complete.observations}
    assert set(refused.value.problems) == {"achievement", "narrative", *every_kpi}
    assert "20文字以上" in refused.value.problems["narrative"]
    e.refresh_from_db()
    assert e.status == Status.DRAFT

    # 該当なし is an answer when it says why
    na = ObservationInput(kpi, "令和3年度", None, status="not_applicable")
    answered = EntryInput(
        complete.grade_id, complete.achievement_id, complete.narrative, "", [na, *complete.observations[1:]]
    )
    e = actions.save_entry(evaluation=e, data=answered, by=people.bob, expected_version=e.version)
    with pytest.raises(actions.IncompleteEntryError) as refused:
        actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)
    assert list(refused.value.problems) == [f"kpi-{kpi}"] and "理由を注記に" in refused.value.problems[f"kpi-{kpi}"]
    assert "「該当なし」「未確定」のとき" in refused.value.problems[f"kpi-{kpi}"]
    with_reason = ObservationInput(
        kpi, "令和3年度", None, status="not_applicable", note="健診を中止したため", expected_version=1
    )
    answered = EntryInput(
        complete.grade_id, complete.achievement_id, complete.narrative, "", [with_reason, *complete.observations[1:]]
    )
    e = actions.save_entry(evaluation=e, data=answered, by=people.bob, expected_version=e.version)
    assert actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version).status == Status.SUBMITTED


def test_history_outlives_the_entry_it_describes(people, cycle):
    """Finding 1's other half: Change rows cascaded away with their evaluation."""
    e = entry_of(people.plan, "3")
    actions.save_entry(evaluation=e, data=health_checkup_input(people.plan), by=people.bob, expected_version=e.version)
    kept = set(e.changes.values_list("pk", flat=True))
    assert len(kept) >= 3
    e.delete()
    survivors = Change.objects.filter(pk__in=kept)
    assert survivors.count() == len(kept)
    assert {c.plan_id for c in survivors} == {people.plan.pk}
    assert {c.subject for c in survivors} == {"3 健康診査等の実施（令和2年度）"}
    assert all(c.evaluation_id is None for c in survivors)


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


def test_the_public_sees_an_opened_year_only_once_published_and_approved(people, fy2021):
    anonymous = AnonymousUser()
    project3 = entry_of(people.plan, "3", 2021).project
    project1 = entry_of(people.plan, "1", 2021).project
    hidden = visibility_for(people.plan, anonymous)
    assert not hidden.shows_year_of(2021, project3.pk)
    assert hidden.shows_year_of(2020, project3.pk)  # no cycle was opened for 2020
    assert visibility_for(people.plan, people.dave).shows_year_of(2021, project3.pk)  # reviewers read drafts

    save_submit_approve(people, entry_of(people.plan, "3", 2021), health_checkup_input(people.plan, fiscal_year=2021))
    actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True)
    public = visibility_for(people.plan, anonymous)
    assert public.shows_year_of(2021, project3.pk)
    assert not public.shows_year_of(2021, project1.pk)  # not approved, so not public
    assert public.shows_year_of(2021, None)  # a KPI of no project follows its year


def test_a_reopened_year_shows_the_public_what_was_published_until_published_again(people, cycle):
    e = entry_of(people.plan, "3")
    save_submit_approve(people, e, health_checkup_input(people.plan, grade="A"))
    kpi = Indicator.objects.get(plan=people.plan, name="3～4か月児健康診査受診者（受診率）")

    def public_view():
        rule = visibility_for(people.plan, AnonymousUser())
        shown = rule.evaluations(Evaluation.objects.filter(pk=e.pk).prefetch_related("metrics"))
        values = rule.observations(kpi, kpi.observations.all())
        return shown[0].grade.code, [m.name for m in shown[0].metrics.all()], [v.value for v in values]

    assert public_view() == ("B", [], [421])  # the figures the city published, not the corrected ones
    assert visibility_for(people.plan, people.dave).shows_evaluation(e)  # staff read the live entry
    actions.publish_year(cycle=cycle, by=people.alice)
    assert public_view() == ("A", ["実施回数"], [430])
    # publishing again replaced the record: it now holds the corrected entry, read by the year's reports
    assert cycle.published_evaluations.get(evaluation=e).grade_code == "A"


@pytest.mark.parametrize("step", ["opened", "published", "reopened"])
def test_the_public_query_and_the_visibility_rule_agree(people, fy2021, step):
    e = entry_of(people.plan, "3", 2021)
    e = save_submit_approve(people, e, health_checkup_input(people.plan, fiscal_year=2021))
    if step in ("published", "reopened"):
        actions.publish_year(cycle=fy2021, by=people.alice, allow_unapproved=True)
    if step == "reopened":
        actions.reopen_year(plan=people.plan, fiscal_year=2021, reason="訂正", by=people.alice)
    rule = visibility_for(people.plan, AnonymousUser())
    everything = Evaluation.objects.filter(project__plan=people.plan)
    by_rule = {x.pk for x in everything if rule.shows_evaluation(x)}
    by_query = set(Evaluation.objects.public().filter(project__plan=people.plan).values_list("pk", flat=True))
    assert by_rule == by_query
    assert (e.pk in by_query) == (step == "published")
    assert [x.pk for x in rule.evaluations([e])] == ([] if step == "opened" else [e.pk])


def test_collection_is_counted_per_department_for_the_cycles_year_only(people, fy2021):
    next_year = actions.open_cycle(plan=people.plan, fiscal_year=2022, deadline=date(2023, 5, 31), by=people.alice)
    e = entry_of(people.plan, "3", 2021)
    e = actions.save_entry(
        evaluation=e,
        data=health_checkup_input(people.plan, fiscal_year=2021),
        by=people.bob,
        expected_version=e.version,
    )
    actions.submit_evaluation(evaluation=e, by=people.bob, expected_version=e.version)

    rows = {
        r["department"].name: (r["submitted"], r["approved"], r["total"]) for r in fy2021.collection_by_department()
    }
    assert rows["健康課"] == (1, 0, 10) and rows["保育課"] == (0, 0, 12)
    assert next_year.collection_by_department()[0]["submitted"] == 0
    assert {r["department"].name: r["total"] for r in next_year.collection_by_department()}["健康課"] == 10
    assert fy2021.collection_totals() == {"total": 67, "submitted": 1, "approved": 0}


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
