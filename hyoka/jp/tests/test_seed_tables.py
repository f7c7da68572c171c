"""Whole KPI rows from seed 002 (入間市), copied literally: every cell goes through the jp parsers.

The printed 基準値からの増減 must equal (H28 − 基準値), which checks values and signs together.
"""

from decimal import Decimal

import pytest

from hyoka.jp import delta_phrase, infer_direction, parse_delta_phrase, parse_period, parse_quantity, parse_target

D = Decimal

HEADER = "重要業績評価指標（KPI）\t基準値（H26）\tH28 末現在\t基準値からの増減\t目標値（H31）"
ROWS = [
    # name, baseline, current, printed delta, target → expected direction
    ("市内事業所数\t4,986 事業所\t4,962 事業所※\t△24 事業所\t基準値", "maintain"),
    ("商店街空き店舗数\t25 店舗\t12 店舗\t△13 店舗\t16 店舗", "decrease"),
    ("20歳から29歳までの社会移動数\t△321人\t△358人\t△37人\t△160人", "increase"),
    ("30歳から39歳までの社会移動数\t32人\t△45人\t△77人\t100人", "increase"),
    ("合計特殊出生率\t1.18\t1.19\t0.01\t基準値", "maintain"),
    ("婚姻届出数\t596 件\t526 件\t△70 件\t基準値以上", "at_least"),
    ("多子世帯数※\t2.28%\t2.02%\t△0.26\t2.0%以内", "at_most"),
    ("学校評価による教育体制及び教育環境についての充実度\t80%\t80%\t0\t90%", "increase"),
    ("観光入込客数（年間）\t7,237,276 人\t7,316,532 人\t79,256 人\t7,250,000 人", "increase"),
]


def test_header_periods():
    name, base, current, _delta, target = HEADER.split("\t")
    assert parse_period(base).fiscal_year == 2014
    assert parse_period(current).date.isoformat() == "2017-03-31"
    assert parse_period(target).fiscal_year == 2019
    assert parse_period(name).fiscal_year is None


@pytest.mark.parametrize(("row", "direction"), ROWS)
def test_kpi_row(row, direction):
    _name, base_text, current_text, delta_text, target_text = row.split("\t")
    base, current = parse_quantity(base_text), parse_quantity(current_text)
    unit = base.unit
    delta, delta_unit = parse_delta_phrase(delta_text, unit=unit)
    assert current.value - base.value == delta
    assert delta_unit == unit
    # printed again the way the table prints it (no space before the unit)
    assert delta_phrase(delta, unit, style="signed") == delta_text.replace(" ", "")
    target = parse_target(target_text, baseline=base.value)
    assert infer_direction(target, base.value, unit) == direction


def test_rows_without_baseline():
    # 支援による創業者数	—	年間 15 件	15 件	年間 15 件
    assert parse_quantity("—").status == "none"
    assert parse_quantity("年間 15 件").per == "年間"
    assert parse_delta_phrase("15 件") == (D(15), "件")
    assert parse_target("年間 15 件").value == D(15)
    # 市内従業者数	50,909 人	経済センサス確報値待ち	基準値
    assert parse_quantity("経済センサス確報値待ち").status == "pending"
    assert parse_target("基準値", baseline=parse_quantity("50,909 人").value).value == D(50909)
    # 入間市に対する誇りや愛着を感じる割合	41%	-	50%
    assert parse_quantity("-").status == "none"
    assert infer_direction(parse_target("50%", baseline=D(41)), D(41), "%") == "increase"
    # 日常生活の便利さの市民満足度	0.424	-	0.474
    assert parse_target("0.474", baseline=D("0.424")).comparator == ">="


def test_seed_000_metrics():
    """青梅市: before → after with the printed change phrase."""
    cases = [
        ("55.8%", "63.6%", "7.8ポイント上昇", "増"),
        ("7園", "10園", "3園増加", "増加"),
    ]
    for before, after, phrase, verb in cases:
        b, a = parse_quantity(before), parse_quantity(after)
        assert parse_delta_phrase(phrase) == (a.value - b.value, a.unit)
        assert delta_phrase(a.value - b.value, a.unit, verb=verb) == phrase
    # 登録児童数 2,684人 → 3,128人 is printed as 462人増, but 3,128 − 2,684 = 444:
    # the document's own arithmetic is off, so a checker must flag it, not trust it.
    stated, unit = parse_delta_phrase("462人増")
    computed = parse_quantity("3,128人").value - parse_quantity("2,684人").value
    assert (stated, unit, computed) == (D(462), "人", D(444))
    # 全国12位 (前回8位、前々回9位): the rank fell from 8 to 12
    assert delta_phrase(parse_quantity("全国12位").value - parse_quantity("前回8位").value, "位") == "4位下降"
