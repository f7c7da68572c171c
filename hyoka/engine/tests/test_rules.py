"""Each branch of docs/progress.md, with exact values."""

from decimal import Decimal as D

import pytest

from hyoka.engine import GradeRule, IndicatorSpec, Point, assess, assess_years, suggest_grade
from hyoka.engine.progress import linear_trend

AKIRUNO = (GradeRule("1", D(105)), GradeRule("2", D(95), D(105)), GradeRule("3", None), GradeRule("4", None))


def spec(
    direction="increase", baseline="100", target="200", comparator=None, unit="件", baseline_fy=2014, target_fy=2019
):
    return IndicatorSpec(
        "指標",
        unit,
        direction,
        None if baseline is None else D(baseline),
        baseline_fy,
        None if target is None else D(target),
        comparator,
        target_fy,
    )


def at(fy, value, status="final"):
    return Point(fy, None if value is None else D(value), status)


# --- increase / decrease -----------------------------------------------------------


def test_increase_half_way_projects_on_track():
    r = assess(spec(), [at(2016, "150")])
    assert (r.progress_percent, r.achievement_rate, r.status, r.projected) == (
        D("50.0"),
        D("75.0"),
        "on_track",
        D("225.0"),
    )
    assert (
        r.explanation == "基準値から50件増加しており、このままの傾向で2019年度には目標（200件）を達成する見込みです。"
    )


def test_increase_slow_is_behind():
    r = assess(spec(), [at(2018, "110")])
    assert (r.progress_percent, r.status, r.projected) == (D("10.0"), "behind", D("112.5"))
    assert r.explanation == "基準値から10件増加しており、このままの傾向では目標（200件）に届かない見込みです。"


def test_decrease_progress_and_inverse_achievement_rate():
    r = assess(spec("decrease", "25", "16", unit="店舗"), [at(2015, "20")])
    # (20 − 25) ÷ (16 − 25) = 55.6 %; 達成率 16 ÷ 20 = 80 %
    assert (r.progress_percent, r.achievement_rate, r.status) == (D("55.6"), D("80.0"), "on_track")


def test_increase_with_target_equal_to_baseline_has_no_progress():
    r = assess(spec(target="100"), [at(2016, "120")])
    assert r.progress_percent is None
    assert r.status == "achieved"


def test_increase_without_baseline_has_no_progress_or_delta():
    r = assess(spec(baseline=None, baseline_fy=None), [at(2016, "80")])
    assert (r.progress_percent, r.delta, r.delta_phrase, r.achievement_rate) == (None, None, None, D("40.0"))
    assert r.projected is None  # one point, no trend
    assert r.status == "behind"
    assert r.explanation == "実績値は80件で、目標（200件）に届いていません。"


def test_target_met_exactly_is_achieved_and_100():
    r = assess(spec(), [at(2016, "200")])
    assert (r.progress_percent, r.achievement_rate, r.status) == (D("100.0"), D("100.0"), "achieved")


def test_overshoot_is_over_100():
    r = assess(spec(), [at(2016, "250")])
    assert r.progress_percent == D("150.0")


# --- negative values (社会移動数) ---------------------------------------------------


def test_social_migration_not_224_percent():
    r = assess(spec("increase", "-321", "-160", unit="人"), [at(2016, "-358")])
    assert r.progress_percent == D("-23.0")  # −37 ÷ 161, not −358 ÷ −160 = 224 %
    assert r.achievement_rate is None
    assert r.status == "behind"
    assert r.delta_phrase == "△37人"
    assert "逆方向" in r.explanation


def test_negative_values_moving_towards_target():
    r = assess(spec("increase", "-321", "-160", unit="人"), [at(2016, "-200")])
    assert (r.progress_percent, r.achievement_rate, r.status) == (D("75.2"), None, "on_track")


def test_negative_baseline_positive_values_still_no_achievement_rate():
    r = assess(spec("increase", "-10", "20", unit="人"), [at(2016, "5")])
    assert (r.progress_percent, r.achievement_rate) == (D("50.0"), None)


# --- zero baseline and zero target ---------------------------------------------------


def test_zero_baseline():
    r = assess(spec("increase", "0", "10"), [at(2016, "5")])
    assert (r.progress_percent, r.achievement_rate, r.delta_phrase) == (D("50.0"), D("50.0"), "5件")


def test_zero_target_and_zero_actual_do_not_divide_by_zero():
    r = assess(spec("at_most", "3", "0", "<="), [at(2016, "0")])
    assert (r.progress_percent, r.achievement_rate, r.status) == (D("100.0"), None, "achieved")
    r = assess(spec("increase", "0", "0"), [at(2016, "0")])
    assert (r.progress_percent, r.achievement_rate, r.status) == (None, None, "achieved")


# --- maintain (基準値) ----------------------------------------------------------------


def test_maintain_met_is_100():
    r = assess(spec("maintain", "4986", None, unit="事業所"), [at(2016, "4986")])
    assert (r.progress_percent, r.status, r.delta_phrase) == (D("100.0"), "achieved", "0")


def test_maintain_not_met_is_behind():
    r = assess(spec("maintain", "4986", None, unit="事業所"), [at(2016, "4962")])
    assert (r.progress_percent, r.status, r.delta_phrase) == (None, "behind", "△24事業所")


def test_maintain_dip_that_recovers_is_on_track():
    points = [at(2015, "4900"), at(2016, "4980")]  # baseline year unknown: trend from the points alone
    r = assess(spec("maintain", "4986", None, unit="事業所", baseline_fy=None), points)
    assert r.projected == D("5220.0")
    assert r.status == "on_track"
    assert r.progress_percent is None


def test_maintain_with_equals_comparator():
    s = spec("maintain", "10", "10", "=")
    assert assess(s, [at(2016, "10")]).status == "achieved"
    r = assess(s, [at(2016, "11")])
    assert r.status == "behind"
    assert "逆方向" in r.explanation


# --- at_least / at_most ---------------------------------------------------------------


def test_at_least_baseline_already_met():
    s = spec("at_least", "8", "6", ">=", unit="社")  # 6社以上
    assert assess(s, [at(2016, "7")]).progress_percent == D("100.0")
    r = assess(s, [at(2016, "5")])
    assert (r.progress_percent, r.status, r.achievement_rate) == (None, "behind", D("83.3"))


def test_at_least_with_gap_uses_gap_formula():
    r = assess(spec("at_least", "2", "6", ">=", unit="社"), [at(2016, "4")])
    assert (r.progress_percent, r.status) == (D("50.0"), "on_track")
    assert (
        r.explanation == "基準値から2社増加しており、このままの傾向で2019年度には目標（6社以上）を達成する見込みです。"
    )


def test_at_most_baseline_above_target():
    # (baseline − actual) ÷ (baseline − target) = (2.28 − 2.1) ÷ 0.28
    r = assess(spec("at_most", "2.28", "2.0", "<=", unit="%"), [at(2016, "2.1")])
    assert (r.progress_percent, r.achievement_rate) == (D("64.3"), D("95.2"))


def test_at_most_baseline_within_target():
    s = spec("at_most", "1.5", "2.0", "<=", unit="%")
    assert assess(s, [at(2016, "1.9")]).progress_percent == D("100.0")
    r = assess(s, [at(2016, "2.1")])
    assert (r.progress_percent, r.status) == (None, "behind")
    assert r.explanation == "基準値から0.6ポイント上昇しており、目標（2.0%以内）と逆方向に推移しています。"


# --- ranks (位, lower is better) -------------------------------------------------------


def test_rank_fell_from_8th_to_12th_against_top_10():
    s = spec("decrease", "8", "10", unit="位", baseline_fy=2021, target_fy=2024)
    r = assess(s, [at(2022, "12")], rules=AKIRUNO)
    assert r.progress_percent is None  # target on the wrong side of the baseline for "decrease"
    assert r.achievement_rate == D("83.3")  # 10 ÷ 12
    assert (r.status, r.projected, r.suggested_grade) == ("behind", D("20.0"), "3")
    assert r.delta_phrase == "4位"
    assert r.explanation == "基準値から順位が4位下がっており、目標（10位）と逆方向に推移しています。"


def test_rank_climbing_is_progress():
    r = assess(spec("decrease", "12", "8", unit="位"), [at(2016, "10")])
    assert (r.progress_percent, r.achievement_rate, r.status) == (D("50.0"), D("80.0"), "on_track")
    assert r.explanation.startswith("基準値から順位が2位上がっており")


def test_rank_reaching_target_is_achieved():
    r = assess(spec("decrease", "12", "10", unit="位"), [at(2016, "9")])
    assert (r.status, r.progress_percent, r.achievement_rate) == ("achieved", D("150.0"), D("111.1"))


# --- comparators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "actual", "status"),
    [(">", "200", "behind"), (">", "201", "achieved"), ("<", "200", "behind"), ("<", "199", "achieved")],
)
def test_strict_comparators(comparator, actual, status):
    direction = "increase" if comparator == ">" else "decrease"
    baseline = "100" if comparator == ">" else "300"
    s = spec(direction, baseline, "200", comparator, target_fy=2016)
    assert assess(s, [at(2016, actual)]).status == status


# --- status: missing data, pending, projection -------------------------------------------


def test_pending_only():
    r = assess(spec(), [at(2016, None, "pending")])
    assert (r.status, r.fiscal_year, r.actual, r.progress_percent) == ("pending", 2016, None, None)


def test_no_points_is_no_data():
    r = assess(spec(), [])
    assert (r.status, r.fiscal_year, r.explanation) == ("no_data", None, "実績値がないため評価できません。")


def test_not_applicable_is_no_data():
    assert assess(spec(), [at(2016, "5", "not_applicable")]).status == "no_data"


def test_pending_with_stray_value_is_still_pending():
    assert assess(spec(), [at(2016, "5", "pending")]).status == "pending"


def test_latest_value_is_assessed_even_if_a_later_year_is_pending():
    r = assess(spec(), [at(2015, "120"), at(2016, None, "pending")])
    assert (r.fiscal_year, r.actual) == (2015, D("120"))


def test_explicit_year_without_value():
    points = [at(2015, "120"), at(2016, None, "pending")]
    assert assess(spec(), points, fiscal_year=2016).status == "pending"
    assert assess(spec(), points, fiscal_year=2017).status == "no_data"


def test_missing_years_least_squares():
    # (2014, 100), (2015, 110), (2017, 120): slope 30 ÷ 14/3 = 6.43, at 2019: 133.57
    r = assess(spec(), [at(2015, "110"), at(2017, "120")])
    assert r.projected == D("133.6")
    assert r.status == "behind"


def test_trend_uses_only_years_up_to_the_assessed_year():
    points = [at(2015, "110"), at(2016, "180")]
    assert assess(spec(), points, fiscal_year=2015).projected == D("150.0")
    assert assess(spec(), points).projected == D("290.0")


def test_observation_in_baseline_year_replaces_baseline_in_trend():
    r = assess(spec(), [at(2014, "130"), at(2016, "150")])
    assert r.projected == D("180.0")  # line through (2014, 130), (2016, 150)
    assert r.delta == D("50")  # delta is still against the stated baseline


def test_no_target_year_means_no_projection():
    r = assess(spec(target_fy=None), [at(2016, "150")])
    assert (r.projected, r.status) == (None, "behind")
    assert assess(spec(target_fy=None), [at(2016, "200")]).status == "achieved"


def test_target_year_reached():
    r = assess(spec(), [at(2019, "190")])
    assert (r.projected, r.status) == (None, "behind")
    assert r.explanation == "基準値から90件増加しており、目標年度を迎えましたが目標（200件）に届いていません。"


def test_no_target_cannot_be_judged():
    r = assess(spec(target=None), [at(2016, "150")])
    assert (r.status, r.progress_percent, r.achievement_rate) == ("no_data", None, None)
    assert r.explanation == "基準値から50件増加しており、目標値が数値で設定されていないため達成状況を判定できません。"


def test_undated_point_is_used_when_nothing_is_dated():
    r = assess(spec(), [Point(None, D("150"))])
    assert (r.fiscal_year, r.progress_percent, r.projected, r.status) == (None, D("50.0"), None, "behind")


def test_duplicate_year_last_point_wins():
    assert assess(spec(), [at(2016, "120"), at(2016, "150")]).actual == D("150")


def test_rounding_half_up():
    # 1 ÷ 8 = 12.5 % exactly → 12.5; 1 ÷ 16 = 6.25 → 6.3; −1 ÷ 16 → −6.3
    assert assess(spec("increase", "0", "8"), [at(2016, "1")]).progress_percent == D("12.5")
    assert assess(spec("increase", "0", "16"), [at(2016, "1")]).progress_percent == D("6.3")
    assert assess(spec("increase", "0", "16"), [at(2016, "-1")]).progress_percent == D("-6.3")


def test_no_negative_zero():
    r = assess(spec("decrease", "10", "5"), [at(2016, "10")])
    assert str(r.progress_percent) == "0.0"


def test_non_finite_inputs_count_as_missing():
    r = assess(spec(baseline="NaN"), [at(2016, "Infinity"), at(2015, "150")])
    assert (r.fiscal_year, r.delta, r.progress_percent) == (2015, None, None)


# --- assess_years -----------------------------------------------------------------------


def test_assess_years_one_per_year_with_a_point():
    points = [at(2016, "150"), at(2015, "110"), at(2017, None, "pending"), Point(None, D("1"))]
    result = assess_years(spec(), points, rules=AKIRUNO)
    assert [(p.fiscal_year, p.status, p.progress_percent) for p in result] == [
        (2015, "behind", D("10.0")),
        (2016, "on_track", D("50.0")),
        (2017, "pending", None),
    ]
    assert [p.suggested_grade for p in result] == ["3", "3", None]


# --- suggest_grade ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "code"),
    [("110", "1"), ("105", "1"), ("104.9", "2"), ("100", "2"), ("95", "2"), ("94.9", "3"), ("-23", "3"), (None, None)],
)
def test_akiruno_levels(percent, code):
    assert suggest_grade(None if percent is None else D(percent), AKIRUNO) == code


def test_grade_rules_in_any_order():
    assert suggest_grade(D("100"), tuple(reversed(AKIRUNO))) == "2"
    assert suggest_grade(D("50"), tuple(reversed(AKIRUNO))) == "4"  # first fall-through in the given order


def test_grade_fall_through_with_cap():
    rules = (GradeRule("1", D(105)), GradeRule("2", D(95), D(105)), GradeRule("3", None, D(95)), GradeRule("4", None))
    assert suggest_grade(D("50"), rules) == "3"
    assert suggest_grade(D("50"), (GradeRule("4", None), GradeRule("3", None, D(95)))) == "3"


def test_grade_none_when_no_rule_contains():
    assert suggest_grade(D("50"), (GradeRule("1", D(105)),)) is None
    assert suggest_grade(D("50"), ()) is None


def test_grade_prefers_achievement_rate_over_progress():
    # 観光入込客数: progress 622.9 %, 達成率 100.9 % → 計画どおり
    s = spec("increase", "7237276", "7250000", unit="人")
    assert assess(s, [at(2016, "7316532")], rules=AKIRUNO).suggested_grade == "2"


def test_grade_uses_the_displayed_percent():
    # 達成率 94.96 % prints as 95.0 %, so the grade is 2, not 3
    r = assess(spec("increase", None, "10000", baseline_fy=None), [at(2016, "9496")], rules=AKIRUNO)
    assert (r.achievement_rate, r.suggested_grade) == (D("95.0"), "2")


def test_linear_trend_needs_two_years():
    assert linear_trend([(2014, D(1))], 2019) is None
    assert linear_trend([(2014, D(1)), (2014, D(2))], 2019) is None
    assert linear_trend([(2014, D(1)), (2016, D(3))], 2019) == D(6)


# --- delta phrase without hyoka.jp -------------------------------------------------------


@pytest.mark.parametrize(
    ("delta", "unit", "phrase"),
    [
        ("-24", "事業所", "△24事業所"),
        ("-37", "人", "△37人"),
        ("79256", "人", "79,256人"),
        ("0.01", None, "0.01"),
        ("-0.26", "%", "△0.26"),
        ("0", "%", "0"),
    ],
)
def test_delta_phrase_is_printed_as_a_kpi_table_prints_it(delta, unit, phrase):
    spec = IndicatorSpec("x", unit, "increase", D("100"), 2014, D("200"), ">=", 2019)
    assert assess(spec, [Point(2016, D("100") + D(delta))]).delta_phrase == phrase
