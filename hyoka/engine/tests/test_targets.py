"""The target in force in a year (目標改定): properties of target_for_year, and assessments against it."""

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from hyoka.engine import IndicatorSpec, Point, Target, TargetChange, assess_in_force, target_for_year

fiscal_years = st.integers(min_value=2000, max_value=2040)
targets = st.builds(
    Target,
    value=st.one_of(st.none(), st.decimals(min_value=-1000, max_value=1000, places=2)),
    comparator=st.sampled_from([None, ">=", "<=", "=", ">", "<"]),
    fiscal_year=st.one_of(st.none(), fiscal_years),
)
changes = st.builds(TargetChange, effective_from_fy=fiscal_years, after=targets)


@given(targets, fiscal_years)
def test_without_revisions_every_year_has_the_original(original, year):
    assert target_for_year(original, [], year) == original
    assert target_for_year(original, [], None) == original


@given(targets, st.lists(changes, min_size=1, max_size=6), fiscal_years)
def test_before_the_first_effective_year_the_original_is_in_force(original, revisions, year):
    first = min(r.effective_from_fy for r in revisions)
    if year < first:
        assert target_for_year(original, revisions, year) == original


@given(targets, st.lists(changes, min_size=1, max_size=6), fiscal_years)
def test_once_every_revision_is_in_force_the_last_decided_wins(original, revisions, year):
    if year >= max(r.effective_from_fy for r in revisions):
        assert target_for_year(original, revisions, year) == revisions[-1].after


@given(targets, st.lists(changes, max_size=6))
def test_now_is_the_last_revision_or_the_original(original, revisions):
    assert target_for_year(original, revisions, None) == (revisions[-1].after if revisions else original)


@given(targets, st.lists(changes, max_size=6), fiscal_years)
def test_the_target_in_force_is_the_last_decided_of_those_already_effective(original, revisions, year):
    found = target_for_year(original, revisions, year)
    in_force = [i for i, r in enumerate(revisions) if r.effective_from_fy <= year]
    if not in_force:
        assert found == original
    else:
        assert found == revisions[in_force[-1]].after
        later = revisions[in_force[-1] + 1 :]
        assert all(r.effective_from_fy > year for r in later)  # nothing decided later covers the year


def test_a_later_decision_overrides_an_earlier_one_for_the_years_it_covers():
    original = Target(D("1.8"), ">=", 2024)
    first = TargetChange(2022, Target(D("1.6"), ">=", 2024))
    second = TargetChange(2021, Target(D("1.5"), ">=", 2024))  # decided after, reaching back further
    assert [target_for_year(original, [first, second], y).value for y in (2020, 2021, 2022, 2023)] == [
        D("1.8"),
        D("1.5"),
        D("1.5"),
        D("1.5"),
    ]


# 合計特殊出生率 1.8 → 1.6 from FY2022.
BIRTH_RATE = IndicatorSpec("合計特殊出生率", None, "increase", D("1.40"), 2018, D("1.6"), ">=", 2024)
ORIGINAL = Target(D("1.8"), ">=", 2024)
LOWERED = [TargetChange(2022, Target(D("1.6"), ">=", 2024))]
POINTS = [Point(2020, D("1.62")), Point(2022, D("1.65"))]


def test_a_year_before_the_revision_is_judged_against_the_original():
    result = assess_in_force(BIRTH_RATE, POINTS, original=ORIGINAL, revisions=LOWERED, fiscal_year=2020)
    assert result.status != "achieved" and "1.8" in result.explanation


def test_a_year_from_the_revision_on_is_judged_against_the_revised_target():
    result = assess_in_force(BIRTH_RATE, POINTS, original=ORIGINAL, revisions=LOWERED, fiscal_year=2022)
    assert result.status == "achieved" and "1.6" in result.explanation


def test_the_latest_year_is_judged_against_its_own_target():
    before = [Point(2020, D("1.62")), Point(2021, D("1.63"))]
    latest = assess_in_force(BIRTH_RATE, before, original=ORIGINAL, revisions=LOWERED)
    assert latest.fiscal_year == 2021 and latest.status != "achieved" and "1.8" in latest.explanation
    latest = assess_in_force(BIRTH_RATE, POINTS, original=ORIGINAL, revisions=LOWERED)
    assert latest.fiscal_year == 2022 and latest.status == "achieved"


def test_without_revisions_the_specs_own_target_is_used():
    result = assess_in_force(BIRTH_RATE, POINTS, original=ORIGINAL, revisions=[], fiscal_year=2020)
    assert result.status == "achieved"  # 1.62 ≥ 1.6, the spec's target
