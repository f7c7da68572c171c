"""The engine's sentences in English, for pages read in English: one per Japanese sentence, same facts."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.engine import IndicatorSpec, Point, assess

OFFICES = IndicatorSpec("市内事業所数", "事業所", "increase", D(4986), 2024, D(5100), ">=", 2029)


@pytest.mark.parametrize(
    ("points", "year", "english"),
    [
        ([Point(2025, D(5200))], None, "Up 214事業所 from the baseline: the target (5,100事業所) is reached."),
        (
            [Point(2025, D(5030))],
            None,
            "Up 44事業所 from the baseline: at this pace the target (5,100事業所) will be reached by FY2029.",
        ),
        ([Point(2025, D(4900))], None, "Down 86事業所 from the baseline: moving away from the target (5,100事業所)."),
        (
            [Point(2029, D(5050))],
            None,
            "Up 64事業所 from the baseline: the target year has come and the target (5,100事業所) is not reached.",
        ),
        (
            [Point(2025, None, "pending")],
            2025,
            "The value for FY2025 awaits final figures, so it cannot be assessed yet.",
        ),
        ([], 2025, "There is no value for FY2025, so it cannot be assessed."),
    ],
)
def test_each_verdict_has_its_english_sentence(points, year, english):
    result = assess(OFFICES, points, fiscal_year=year)
    assert result.explained("en") == english and result.explained("en-us") == english
    assert result.explained("ja") == result.explanation != english


def test_an_interim_target_is_named_in_english_too():
    spec = IndicatorSpec("x", "事業所", "increase", D(4986), 2024, D(5100), ">=", 2029, interim=((2025, D(5010)),))
    assert assess(spec, [Point(2025, D(5005))]).explained("en") == (
        "Up 19事業所 from the baseline: the interim target for FY2025 (5,010事業所) is not reached."
    )


@given(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2), st.sampled_from(["increase", "decrease", "maintain"])
)
def test_every_assessment_has_an_english_sentence_without_japanese_grammar(value, direction):
    spec = IndicatorSpec("x", "人", direction, D(100), 2020, D(120), None, 2025)
    text = assess(spec, [Point(2022, value)]).explained("en")
    assert text.endswith(".") and "baseline" in text  # units stay as the city writes them (人); the sentence is English
    assert not any(word in text for word in ("しており", "目標", "年度", "基準値", "見込み"))
