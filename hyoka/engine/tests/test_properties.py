"""Property tests: the invariants the formulas in docs/progress.md promise."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.engine import GradeRule, IndicatorSpec, Point, assess, assess_years, suggest_grade

# Plain KPI-sized numbers: negative allowed (社会移動数), two decimal places.
values = st.decimals(min_value=-(10**7), max_value=10**7, places=2, allow_nan=False, allow_infinity=False)
# Anything at all, for the never-raises properties.
anything = st.one_of(st.none(), st.decimals(allow_nan=True, allow_infinity=True), st.integers())
years = st.one_of(st.none(), st.integers(min_value=1900, max_value=2100))
directions = st.sampled_from(["increase", "decrease", "maintain", "at_most", "at_least"])
comparators = st.sampled_from([None, ">=", "<=", "=", ">", "<"])
statuses = st.sampled_from(["final", "provisional", "pending", "not_applicable"])


def kpi(baseline, target, direction=None):
    if direction is None:
        direction = "increase" if target > baseline else "decrease"
    return IndicatorSpec("指標", "人", direction, baseline, 2014, target, None, 2019)


@given(values, values)
def test_progress_is_100_at_target(baseline, target):
    if baseline == target:
        return
    result = assess(kpi(baseline, target), [Point(2016, target)])
    assert result.progress_percent == D("100.0")
    assert result.status == "achieved"


@given(values, values)
def test_progress_is_0_at_baseline(baseline, target):
    if baseline == target:
        return
    result = assess(kpi(baseline, target), [Point(2016, baseline)])
    assert result.progress_percent == D("0.0")
    assert str(result.progress_percent) == "0.0"
    assert result.delta == 0


@given(values, values, values, values)
def test_progress_monotone_for_increase(baseline, target, a1, a2):
    if target <= baseline:
        return
    lo, hi = sorted((a1, a2))
    spec = kpi(baseline, target, "increase")
    assert assess(spec, [Point(2016, lo)]).progress_percent <= assess(spec, [Point(2016, hi)]).progress_percent


@given(values, values, values, values)
def test_progress_anti_monotone_for_decrease(baseline, target, a1, a2):
    if target >= baseline:
        return
    lo, hi = sorted((a1, a2))
    spec = kpi(baseline, target, "decrease")
    assert assess(spec, [Point(2016, lo)]).progress_percent >= assess(spec, [Point(2016, hi)]).progress_percent


@given(values, values, values)
def test_negative_values_never_get_an_achievement_rate(baseline, target, actual):
    result = assess(kpi(baseline, target), [Point(2016, actual)])
    if min(baseline, target, actual) < 0:
        assert result.achievement_rate is None


@given(
    st.builds(
        IndicatorSpec,
        st.text(max_size=3),
        st.one_of(st.none(), st.sampled_from(["人", "%", "位"])),
        st.one_of(directions, st.text(max_size=3)),
        anything,
        years,
        anything,
        st.one_of(comparators, st.text(max_size=2)),
        years,
    ),
    st.lists(st.builds(Point, years, anything, statuses), max_size=5),
    st.one_of(st.none(), st.integers(min_value=1900, max_value=2100)),
    st.lists(st.builds(GradeRule, st.text(max_size=2), anything, anything), max_size=4),
)
@settings(max_examples=300)
def test_never_raises(spec, points, fiscal_year, rules):
    result = assess(spec, points, fiscal_year=fiscal_year, rules=rules)
    assert result.status in ("achieved", "on_track", "behind", "no_data", "pending")
    assert isinstance(result.explanation, str) and result.explanation.endswith("。")
    for percent in (result.progress_percent, result.achievement_rate):
        assert percent is None or (percent.is_finite() and -percent.as_tuple().exponent == 1)
    assert result.suggested_grade is None or result.suggested_grade in {r.code for r in rules}
    assert len(assess_years(spec, points, rules=rules)) == len({p.fiscal_year for p in points} - {None})


@given(anything, st.lists(st.builds(GradeRule, st.text(max_size=2), anything, anything), max_size=5))
def test_suggest_grade_returns_a_rule_code_or_none(percent, rules):
    code = suggest_grade(percent, rules)
    assert code is None or code in {r.code for r in rules}


@given(st.decimals(min_value=-1000, max_value=1000, places=1))
def test_akiruno_grade_matches_thresholds(percent):
    rules = (GradeRule("1", D(105)), GradeRule("2", D(95), D(105)), GradeRule("3", None), GradeRule("4", None))
    expected = "1" if percent >= 105 else "2" if percent >= 95 else "3"
    assert suggest_grade(percent, rules) == expected
