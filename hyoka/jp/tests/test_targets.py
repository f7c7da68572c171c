from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp import TargetSpec, infer_direction, parse_target

D = Decimal


@pytest.mark.parametrize(
    ("text", "baseline", "comparator", "value", "unit", "relative", "per"),
    [
        ("基準値", D(4986), ">=", D(4986), None, True, None),  # maintain: keep the baseline
        ("基準値", None, ">=", None, None, True, None),
        ("基準値以上", D(596), ">=", D(596), None, True, None),
        ("基準値以下", D(25), "<=", D(25), None, True, None),
        ("現状維持", D(10), ">=", D(10), None, True, None),
        ("2.0%以内", D("2.28"), "<=", D("2.0"), "%", False, None),
        ("年間 15 件", None, ">=", D(15), "件", False, "年間"),
        ("年間60件", None, ">=", D(60), "件", False, "年間"),
        ("年間10件", None, ">=", D(10), "件", False, "年間"),
        ("100%", None, ">=", D(100), "%", False, None),
        ("6社以上", None, ">=", D(6), "社", False, None),
        ("37.5%以上", None, ">=", D("37.5"), "%", False, None),
        ("5件以下", None, "<=", D(5), "件", False, None),
        ("10件未満", None, "<", D(10), "件", False, None),
        ("10件超", None, ">", D(10), "件", False, None),
        ("△160人", D(-321), ">=", D(-160), "人", False, None),  # 社会移動数: up from △321
        ("100人", D(32), ">=", D(100), "人", False, None),
        ("16 店舗", D(25), "<=", D(16), "店舗", False, None),
        ("7,250,000 人", D(7237276), ">=", D(7250000), "人", False, None),
        ("0.474", D("0.424"), ">=", D("0.474"), None, False, None),
        ("1.8", None, ">=", D("1.8"), None, False, None),
        ("90%", D(80), ">=", D(90), "%", False, None),
        ("50%", D(50), ">=", D(50), "%", False, None),  # equal to the baseline
        ("10位", None, "<=", D(10), "位", False, None),  # a rank: lower is better
        ("450人（100％）", None, ">=", D(450), "人", False, None),
        ("3団体", None, ">=", D(3), "団体", False, None),
        ("全園実施", None, None, None, None, False, None),
        ("実施率の増加", None, None, None, None, False, None),
        ("—", D(5), None, None, None, False, None),
        ("", None, None, None, None, False, None),
    ],
)
def test_parse_target(text, baseline, comparator, value, unit, relative, per):
    assert parse_target(text, baseline=baseline) == TargetSpec(comparator, value, unit, text, relative, per)


@pytest.mark.parametrize(
    ("text", "baseline", "unit", "expected"),
    [
        ("基準値", D(4986), "事業所", "maintain"),
        ("基準値", None, None, "maintain"),
        ("現状維持", D(3), None, "maintain"),
        ("基準値以上", D(596), "件", "at_least"),
        ("基準値以下", D(596), "件", "at_most"),
        ("6社以上", None, "社", "at_least"),
        ("10件超", None, "件", "at_least"),
        ("2.0%以内", D("2.28"), "%", "at_most"),
        ("5件以下", None, "件", "at_most"),
        ("10件未満", None, "件", "at_most"),
        ("△160人", D(-321), "人", "increase"),
        ("100人", D(32), "人", "increase"),
        ("16 店舗", D(25), "店舗", "decrease"),
        ("50%", D(50), "%", "maintain"),
        ("12", None, "位", "decrease"),  # rank without baseline: lower is better
        ("10位", None, None, "decrease"),  # the target's own unit says rank
        ("年間60件", None, "件", "increase"),
        ("実施率の増加", None, None, "increase"),
        ("待機児童の減少", None, None, "decrease"),
        ("水準の維持", None, None, "maintain"),
        ("全園実施", None, None, "increase"),
    ],
)
def test_infer_direction(text, baseline, unit, expected):
    assert infer_direction(parse_target(text, baseline=baseline), baseline, unit) == expected


def test_infer_direction_uses_given_baseline():
    target = parse_target("16 店舗")  # parsed without a baseline
    assert infer_direction(target, D(25), "店舗") == "decrease"
    assert infer_direction(target, D(10), "店舗") == "increase"
    assert infer_direction(target, None, "店舗") == "increase"


@given(st.text(), st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=2))
def test_parse_target_never_raises(text, baseline):
    target = parse_target(text, baseline=baseline)
    assert target.text == text
    assert (target.comparator is None) == (target.value is None and not target.relative_to_baseline)
    infer_direction(target, baseline, None)
