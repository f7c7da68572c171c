"""Progress after a target revision: each year is judged against the target in force in that year."""

import datetime
from decimal import Decimal as D

import pytest

from hyoka.indicators.actions import revise_target
from hyoka.indicators.models import Indicator, Observation
from hyoka.indicators.progress import progress_rows, revision_note, target_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_rate(people, demo_plans):
    """清瀬市's 合計特殊出生率 (target 1.8) with 1.7 in FY2020 and FY2022, lowered to 1.6 from FY2022."""
    k = demo_plans["kiyose_strategy_revision"].indicators.get(name="合計特殊出生率")
    for fy in (2020, 2022):
        Observation.objects.create(indicator=k, value=D("1.7"), period_label=f"{fy}年度", fiscal_year=fy)
    revise_target(
        indicator=k,
        value=D("1.6"),
        comparator=">=",
        text="1.6",
        fiscal_year=2024,
        effective_from_fy=2022,
        reason="人口ビジョンの改定",
        by=people.alice,
        decided=datetime.date(2022, 3, 25),
    )
    (k,) = Indicator.objects.filter(pk=k.pk).with_values()  # with its values and revisions, as pages read it
    return k


def row_for(indicator: Indicator, fiscal_year: int | None = None):
    (row,) = progress_rows(
        indicator.plan,
        fiscal_year=fiscal_year,
        indicators=Indicator.objects.for_plan(indicator.plan).filter(pk=indicator.pk).with_values(),
    )
    return row


def test_a_year_before_the_revision_is_judged_against_the_original_target(birth_rate):
    row = row_for(birth_rate, 2020)
    assert row.progress.status != "achieved"  # 1.7 < 1.8
    assert (row.target.value, row.target.revised) == (D("1.8"), False)
    assert "1.8" in row.progress.explanation


def test_a_year_from_the_revision_on_is_judged_against_the_revised_target(birth_rate):
    row = row_for(birth_rate, 2022)
    assert row.progress.status == "achieved"  # 1.7 ≥ 1.6
    assert (row.target.value, row.target.revised, row.target.label) == (D("1.6"), True, "令和6年度")
    assert row_for(birth_rate).progress.status == "achieved"  # the latest year (FY2022) too


def test_the_target_in_force_now_is_the_indicators_own(birth_rate):
    assert target_in_force(birth_rate, None).value == birth_rate.target_value == D("1.6")
    assert target_in_force(birth_rate, 2021).value == D("1.8")


def test_the_report_note_names_the_other_target(birth_rate):
    assert revision_note(row_for(birth_rate, 2022)) == (
        "※目標値は2022年3月25日の改定後の値です（令和4年度から適用。当初目標 1.8。理由：人口ビジョンの改定）"
    )
    assert revision_note(row_for(birth_rate, 2020)) == (
        "※目標値は当初の目標です。2022年3月25日の改定により、令和4年度からは1.6です（理由：人口ビジョンの改定）"
    )


def test_an_unrevised_kpi_has_no_note_and_its_own_target(people):
    row = progress_rows(people.plan)[0]
    assert revision_note(row) == "" and row.target.value == row.indicator.target_value


def test_the_progress_command_prints_the_target_of_the_year_asked(birth_rate, cli):
    plan = str(birth_rate.plan.pk)
    code, out, _ = cli("progress", plan, "--year", "2022")
    line = next(x for x in out.splitlines() if "合計特殊出生率" in x)
    assert code == 0 and "1.6（改定）" in line and "達成" in line
    _, out, _ = cli("progress", plan, "--year", "2020")
    line = next(x for x in out.splitlines() if "合計特殊出生率" in x)
    assert "1.8" in line and "改定" not in line
