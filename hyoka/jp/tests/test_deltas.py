from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp import QuantityError, delta_phrase, parse_delta_phrase

D = Decimal


@pytest.mark.parametrize(
    ("delta", "unit", "kwargs", "expected"),
    [
        (D(462), "人", {}, "462人増"),
        (D(-24), "人", {}, "24人減"),
        (D(3), "園", {"verb": "増加"}, "3園増加"),
        (D(-3), "園", {"verb": "増加"}, "3園減少"),
        (D("7.8"), "%", {}, "7.8ポイント上昇"),
        (D("-0.26"), "%", {}, "0.26ポイント低下"),
        (D(0), "人", {}, "増減なし"),
        (D(-4), "位", {}, "4位上昇"),  # a rank number going down is an improvement
        (D(4), "位", {}, "4位下降"),
        (D(79256), "人", {}, "79,256人増"),
        (D("0.01"), None, {}, "0.01増"),
        (D(3), "ポイント", {}, "3ポイント増"),
        (D(-24), "事業所", {"style": "signed"}, "△24事業所"),
        (D(15), "件", {"style": "signed"}, "15件"),
        (D(79256), "人", {"style": "signed"}, "79,256人"),
        (D("-0.26"), "%", {"style": "signed"}, "△0.26"),
        (D("-0.26"), "%", {"style": "signed", "points": True}, "△0.26ポイント"),
        (D("0.01"), None, {"style": "signed"}, "0.01"),
        (D(0), "%", {"style": "signed"}, "0"),
        (D(-4), "位", {"style": "signed"}, "△4位"),
        (D(-70), "件", {"style": "signed", "minus": "▲"}, "▲70件"),
    ],
)
def test_delta_phrase(delta, unit, kwargs, expected):
    assert delta_phrase(delta, unit, **kwargs) == expected


def test_delta_phrase_rejects_unknown_style():
    with pytest.raises(ValueError):
        delta_phrase(D(1), "人", style="arrows")


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("462人増", None, (D(462), "人")),
        ("7.8ポイント上昇", None, (D("7.8"), "%")),
        ("0.26ポイント低下", None, (D("-0.26"), "%")),
        ("3園増加", None, (D(3), "園")),
        ("3園減少", None, (D(-3), "園")),
        ("△24 事業所", None, (D(-24), "事業所")),
        ("△13 店舗", None, (D(-13), "店舗")),
        ("△37人", None, (D(-37), "人")),
        ("24人減", None, (D(-24), "人")),
        ("4位上昇", None, (D(-4), "位")),
        ("4位下降", None, (D(4), "位")),
        ("15 件", None, (D(15), "件")),
        ("79,256 人", None, (D(79256), "人")),
        ("0.01", None, (D("0.01"), None)),
        ("0", None, (D(0), None)),
        ("0", "%", (D(0), "%")),
        ("△0.26", None, (D("-0.26"), None)),
        ("△0.26", "%", (D("-0.26"), "%")),  # the indicator's unit fills in
        ("△0.26ポイント", None, (D("-0.26"), "%")),
        ("3ポイント増", None, (D(3), "ポイント")),
        ("3ポイント上昇", "ポイント", (D(3), "ポイント")),
        ("増減なし", None, (D(0), None)),
        ("増減なし", "人", (D(0), "人")),
        ("24人減", "事業所", (D(-24), "人")),  # a printed unit wins
        ("1,234人増", None, (D(1234), "人")),
        ("１２人増", None, (D(12), "人")),
    ],
)
def test_parse_delta_phrase(text, unit, expected):
    assert parse_delta_phrase(text, unit=unit) == expected


@pytest.mark.parametrize(
    "text", ["", "—", "増", "人増", "△5人増", "受診者421人", "年間 15 件", "1,23人増", "5人・増", "確報値待ち"]
)
def test_parse_delta_phrase_rejects(text):
    with pytest.raises(QuantityError):
        parse_delta_phrase(text)


DELTAS = st.decimals(min_value=-(10**7), max_value=10**7, places=3, allow_nan=False, allow_infinity=False)
UNITS = [None, "人", "事業所", "%", "件", "園", "位", "ポイント", "円", "か所"]


@given(
    DELTAS, st.sampled_from(UNITS), st.sampled_from(["words", "signed"]), st.sampled_from(["増", "増加"]), st.booleans()
)
def test_delta_round_trip_with_indicator_unit(delta, unit, style, verb, points):
    phrase = delta_phrase(delta, unit, style=style, verb=verb, points=points)
    assert parse_delta_phrase(phrase, unit=unit) == (delta, unit)


@given(DELTAS.filter(lambda d: d != 0), st.sampled_from([u for u in UNITS if u != "ポイント"]))
def test_words_round_trip_without_hint(delta, unit):
    assert parse_delta_phrase(delta_phrase(delta, unit)) == (delta, unit)


@given(DELTAS.filter(lambda d: d != 0), st.sampled_from([u for u in UNITS if u not in ("%", "ポイント")]))
def test_signed_round_trip_without_hint(delta, unit):
    assert parse_delta_phrase(delta_phrase(delta, unit, style="signed")) == (delta, unit)


@given(DELTAS.filter(lambda d: d != 0))
def test_signed_percent_points_round_trip_without_hint(delta):
    assert parse_delta_phrase(delta_phrase(delta, "%", style="signed", points=True)) == (delta, "%")
