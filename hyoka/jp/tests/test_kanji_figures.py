"""Kanji figures in accessibility text (平成二十三年度末までに千百五十八人に) read as digits, printed text kept."""

from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp.numbers import kanji_figures

_DIGITS = "〇一二三四五六七八九"


def counted(k: int) -> str:
    """1 ≤ k < 10,000 as a document counts it in kanji (千三百八十三)."""
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        q, k = divmod(k, value)
        if q:
            out += ("" if q == 1 else _DIGITS[q]) + mark
    return out + (_DIGITS[k] if k else "")


def test_figures_before_a_counter_or_after_an_era_become_digits():
    text = "平成十七年度施設入所者数千三百八十三人を平成二十三年度末までに千百五十八人に"
    digits, _ = kanji_figures(text)
    assert digits == "平成17年度施設入所者数1383人を平成23年度末までに1158人に"


def test_numerals_inside_words_are_left_alone():
    text = "一般就労への移行を十分に図り、万一に備え千葉県と連携する 一福祉施設"
    assert kanji_figures(text)[0] == text


def test_the_printed_token_is_cut_from_the_original():
    text = "移行する人の目標三百四十六人 うち実績九十一人"
    digits, origin = kanji_figures(text)
    a = digits.index("346")
    b = a + len("346人")
    assert text[origin[a] : origin[b]] == "三百四十六人"


@given(st.lists(st.tuples(st.integers(1, 9999), st.sampled_from(["人", "件", "か所", "世帯"])), max_size=6))
def test_every_counted_figure_comes_back_as_its_number(figures):
    text = "、".join(f"指標{counted(n)}{unit}" for n, unit in figures)
    digits, origin = kanji_figures(text)
    assert digits == "、".join(f"指標{n}{unit}" for n, unit in figures)
    assert len(origin) == len(digits) + 1 and origin[-1] == len(text)
