"""All 17 KPIs of seed 002 (入間市, 基準値 H26 = FY2014, H28末 = FY2016, 目標 H31 = FY2019)."""

from decimal import Decimal as D

import pytest

from hyoka.engine import GradeRule, IndicatorSpec, Point, assess

# あきる野市 【達成度基準】 1: 計画以上 (105 % 以上), 2: 計画どおり (95–105 %), 3, 4 below.
AKIRUNO = (GradeRule("1", D(105)), GradeRule("2", D(95), D(105)), GradeRule("3", None), GradeRule("4", None))


def kpi(name, unit, direction, baseline, target, comparator=None):
    b = None if baseline is None else D(baseline)
    t = None if target is None else D(target)
    return IndicatorSpec(name, unit, direction, b, 2014 if b is not None else None, t, comparator, 2019)


def h28(value, status="final"):
    return [Point(2016, None if value is None else D(value), status)]


# name, spec, points, (delta, phrase, progress, achievement, status, projected, grade, explanation)
CASES = [
    (
        kpi("市内従業者数", "人", "maintain", "50909", None),
        h28(None, "pending"),  # 経済センサス確報値待ち
        (
            None,
            None,
            None,
            None,
            "pending",
            None,
            None,
            "2016年度の実績値は確定待ち（確報値待ち）のため、まだ評価できません。",
        ),
    ),
    (
        kpi("市内事業所数", "事業所", "maintain", "4986", None),
        h28("4962", "provisional"),  # ※経済センサス速報値
        (
            "-24",
            "△24事業所",
            None,
            "99.5",
            "behind",
            "4926.0",
            "2",
            "基準値から24事業所減少しており、目標（基準値4,986事業所の維持）と逆方向に推移しています。",
        ),
    ),
    (
        kpi("支援による創業者数", "件", "increase", None, "15"),
        h28("15"),
        (None, None, None, "100.0", "achieved", None, "2", "実績値は15件で、目標（15件）を達成しています。"),
    ),
    (
        kpi("商店街空き店舗数", "店舗", "decrease", "25", "16"),
        h28("12"),
        (
            "-13",
            "△13店舗",
            "144.4",
            "133.3",
            "achieved",
            "-7.5",
            "1",
            "基準値から13店舗減少しており、目標（16店舗）を達成しています。",
        ),
    ),
    (
        kpi("定住意向", "%", "maintain", "77", None),
        [],
        (None, None, None, None, "no_data", None, None, "実績値がないため評価できません。"),
    ),
    (
        kpi("20歳から29歳までの社会移動数", "人", "increase", "-321", "-160"),
        h28("-358"),
        (
            "-37",
            "△37人",
            "-23.0",
            None,
            "behind",
            "-413.5",
            "3",
            "基準値から37人減少しており、目標（△160人）と逆方向に推移しています。",
        ),
    ),
    (
        kpi("転入支援件数", "件", "increase", None, "60"),
        [],
        (None, None, None, None, "no_data", None, None, "実績値がないため評価できません。"),
    ),
    (
        kpi("30歳から39歳までの社会移動数", "人", "increase", "32", "100"),
        h28("-45"),
        (
            "-77",
            "△77人",
            "-113.2",
            None,
            "behind",
            "-160.5",
            "3",
            "基準値から77人減少しており、目標（100人）と逆方向に推移しています。",
        ),
    ),
    (
        kpi("合計特殊出生率", None, "maintain", "1.18", None),
        h28("1.19"),
        (
            "0.01",
            "0.01",
            "100.0",
            "100.8",
            "achieved",
            "1.205",
            "2",
            "基準値から0.01増加しており、目標（基準値1.18の維持）を達成しています。",
        ),
    ),
    (
        kpi("婚姻届出数", "件", "at_least", "596", "596", ">="),  # 基準値以上
        h28("526"),
        (
            "-70",
            "△70件",
            None,
            "88.3",
            "behind",
            "421.0",
            "3",
            "基準値から70件減少しており、目標（596件以上）と逆方向に推移しています。",
        ),
    ),
    (
        kpi("多子世帯数", "%", "at_most", "2.28", "2.0", "<="),  # 2.0%以内
        h28("2.02"),
        (
            "-0.26",
            "△0.26",
            "92.9",
            "99.0",
            "on_track",
            "1.630",
            "2",
            "基準値から0.26ポイント低下しており、このままの傾向で2019年度には目標（2.0%以内）を達成する見込みです。",
        ),
    ),
    (
        kpi("学校評価による教育体制及び教育環境についての充実度", "%", "increase", "80", "90"),
        h28("80"),
        (
            "0",
            "0",
            "0.0",
            "88.9",
            "behind",
            "80.0",
            "3",
            "基準値から変化がなく、このままの傾向では目標（90%）に届かない見込みです。",
        ),
    ),
    (
        kpi("子どもたちの意見を反映した事業数", "件", "increase", None, "10"),
        [],
        (None, None, None, None, "no_data", None, None, "実績値がないため評価できません。"),
    ),
    (
        kpi("入間市に対する誇りや愛着を感じる割合", "%", "increase", "41", "50"),
        [],
        (None, None, None, None, "no_data", None, None, "実績値がないため評価できません。"),
    ),
    (
        kpi("日常生活の便利さの市民満足度", None, "increase", "0.424", "0.474"),
        [],
        (None, None, None, None, "no_data", None, None, "実績値がないため評価できません。"),
    ),
    (
        kpi("観光入込客数（年間）", "人", "increase", "7237276", "7250000"),
        h28("7316532"),
        (
            "79256",
            "79,256人",
            "622.9",
            "100.9",
            "achieved",
            "7435416.0",
            "2",
            "基準値から79,256人増加しており、目標（7,250,000人）を達成しています。",
        ),
    ),
    (
        kpi("まち・ひと・しごと創生総合戦略における他市町村との連携事業数", "件", "increase", None, "2"),
        [],
        (None, None, None, None, "no_data", None, None, "実績値がないため評価できません。"),
    ),
]


def _dec(text):
    return None if text is None else D(text)


@pytest.mark.parametrize(("spec", "points", "expected"), CASES, ids=[c[0].name for c in CASES])
def test_iruma_kpi(spec, points, expected):
    delta, phrase, progress, achievement, status, projected, grade, explanation = expected
    result = assess(spec, points, rules=AKIRUNO)
    assert result.delta == _dec(delta)
    assert result.delta_phrase == phrase
    assert result.progress_percent == _dec(progress)
    assert str(result.progress_percent) == str(progress)  # exactly one decimal place
    assert result.achievement_rate == _dec(achievement)
    assert result.status == status
    assert result.projected == _dec(projected)
    assert result.suggested_grade == grade
    assert result.explanation == explanation


def test_iruma_has_17_kpis():
    assert len(CASES) == 17
