"""revise_target: the new target is in force, the one it replaced is kept, and the change is in the history."""

import datetime
from decimal import Decimal as D

import pytest

from hyoka.evaluations.models import Change, EvaluationCycle
from hyoka.indicators.actions import RevisionError, revise_target
from hyoka.indicators.models import TargetRevision

pytestmark = pytest.mark.django_db


@pytest.fixture
def birth_rate(people, demo_plans):
    """清瀬市's 合計特殊出生率, target 1.8 (人口ビジョン)."""
    return demo_plans["kiyose_strategy_revision"].indicators.get(name="合計特殊出生率")


def lower(indicator, by, **overrides):
    args = {
        "indicator": indicator,
        "value": D("1.6"),
        "comparator": ">=",
        "text": "1.6",
        "fiscal_year": 2024,
        "effective_from_fy": 2022,
        "reason": "国の長期ビジョンの見直しに合わせた改定",
        "by": by,
    }
    return revise_target(**{**args, **overrides})


def test_the_new_target_is_in_force_and_the_original_is_kept(birth_rate, people):
    revision = lower(birth_rate, people.alice, decided=datetime.date(2022, 3, 25))
    birth_rate.refresh_from_db()
    assert (birth_rate.target_value, birth_rate.target_text, birth_rate.target_fiscal_year) == (D("1.6"), "1.6", 2024)
    assert birth_rate.target_label == "令和6年度"
    assert (revision.before_value, revision.before_text, revision.before_label) == (D("1.8"), "1.8", "人口ビジョン")
    assert (revision.after_value, revision.effective_from_fy, revision.decided) == (
        D("1.6"),
        2022,
        datetime.date(2022, 3, 25),
    )
    assert revision.by == people.alice and revision.reason.startswith("国の長期ビジョン")
    assert revision.position == 0


def test_the_revision_is_in_the_kpis_history(birth_rate, people):
    lower(birth_rate, people.alice)
    change = Change.objects.get(indicator=birth_rate)
    assert change.action == Change.Action.TARGET_REVISED and change.user == people.alice
    assert change.subject == "合計特殊出生率" and change.plan_id == birth_rate.plan_id
    assert change.before["目標値"] == "1.8以上" and change.after["目標値"] == "1.6以上"
    assert change.after["適用開始年度"] == "令和4年度" and change.after["改定の理由"].startswith("国の長期ビジョン")


def test_two_revisions_in_a_row_keep_the_chain(birth_rate, people):
    lower(birth_rate, people.alice)
    second = lower(birth_rate, people.alice, value=D("1.5"), text="1.5", effective_from_fy=2025, fiscal_year=2029)
    first, again = TargetRevision.objects.filter(indicator=birth_rate).order_by("position")
    assert again == second and (first.position, second.position) == (0, 1)
    assert (first.before_value, first.after_value) == (D("1.8"), D("1.6"))
    assert (second.before_value, second.after_value, second.before_fiscal_year) == (D("1.6"), D("1.5"), 2024)
    birth_rate.refresh_from_db()
    assert (birth_rate.target_value, birth_rate.target_fiscal_year) == (D("1.5"), 2029)
    assert Change.objects.filter(indicator=birth_rate, action=Change.Action.TARGET_REVISED).count() == 2


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"reason": "  "}, "理由"),
        ({"value": None, "text": ""}, "目標値"),
        ({"comparator": "~"}, "比較"),
        ({"value": D("1.8"), "text": "1.8", "fiscal_year": None}, "変わっていません"),
    ],
)
def test_bad_revisions_are_refused_and_change_nothing(birth_rate, people, overrides, message):
    with pytest.raises(RevisionError, match=message):
        lower(birth_rate, people.alice, **overrides)
    birth_rate.refresh_from_db()
    assert birth_rate.target_value == D("1.8")
    assert not TargetRevision.objects.exists() and not Change.objects.filter(indicator=birth_rate).exists()


def test_a_revision_reaching_into_a_published_year_is_refused(birth_rate, people):
    EvaluationCycle.objects.create(
        plan=birth_rate.plan,
        fiscal_year=2023,
        deadline=datetime.date(2024, 6, 30),
        opened_by=people.alice,
        published_at=datetime.datetime(2024, 8, 1, tzinfo=datetime.UTC),
    )
    with pytest.raises(RevisionError, match="令和5年度は公開済み"):
        lower(birth_rate, people.alice, effective_from_fy=2022)
    assert lower(birth_rate, people.alice, effective_from_fy=2024).effective_from_fy == 2024  # later years are open
