"""The suggestion logic, pure: the shipped catalogue's own names find themselves in any width and spacing,
with the words plans put around them; units that disagree are never suggested."""

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from hyoka.catalog.load import read_catalogue
from hyoka.catalog.suggest import NOISE, Catalogue, Standard, key, unit_key, units_agree

STANDARDS = [Standard(e["code"], e["name"], e["unit"], tuple(e["aliases"])) for e in read_catalogue()]
CATALOGUE = Catalogue(STANDARDS)
SPELLINGS = [(s, spelling) for s in STANDARDS for spelling in (s.name, *s.aliases)]
_HALF = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FULL = {v: k for k, v in _HALF.items()}


def widen(text: str) -> str:
    """The same text as a document might print it: ASCII letters and digits full-width."""
    return "".join(_FULL.get(c, c) for c in text)


def half_width_kana(text: str) -> str:
    """Katakana in half width (ｶﾀｶﾅ), as old systems print it; NFKC reads it back."""

    table = {}
    for code in range(0xFF61, 0xFFA0):
        full = unicodedata.normalize("NFKC", chr(code))
        if len(full) == 1:
            table.setdefault(full, chr(code))
    return "".join(table.get(c, c) for c in text)


@pytest.mark.parametrize(("standard", "spelling"), SPELLINGS, ids=[f"{s.code}-{sp}" for s, sp in SPELLINGS])
def test_every_name_and_alias_of_the_catalogue_suggests_its_own_indicator(standard, spelling):
    found = CATALOGUE.suggest(spelling, standard.unit)
    assert found is not None and found.code == standard.code and found.match == "exact"


@given(st.sampled_from(SPELLINGS), st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=3), st.data())
def test_width_and_spaces_do_not_change_the_suggestion(pair, spaces, data):
    standard, spelling = pair
    at = [data.draw(st.integers(0, len(spelling))) for _ in spaces]
    printed = spelling
    for position, space in sorted(zip(at, spaces, strict=True), reverse=True):
        printed = printed[:position] + space + printed[position:]
    printed = half_width_kana(widen(printed))
    found = CATALOGUE.suggest(printed, widen(standard.unit))
    assert found is not None and found.code == standard.code


@given(
    st.sampled_from(SPELLINGS),
    st.sampled_from(["", *NOISE[:9]]),
    st.sampled_from(["", *NOISE[9:], "（5年平均）", "(各年4月1日現在)"]),
)
def test_the_words_around_a_name_do_not_hide_it(pair, before, after):
    standard, spelling = pair
    found = CATALOGUE.suggest(before + spelling + after, "")
    assert found is not None and found.code == standard.code
    assert found.match == ("exact" if before + after == "" else "contains")


@given(st.sampled_from(SPELLINGS), st.sampled_from(["人", "%", "件", "円", "世帯", "ha", "歳", "戸", "事業所", "回"]))
def test_a_unit_that_disagrees_is_never_suggested(pair, unit):
    _standard, spelling = pair
    found = CATALOGUE.suggest(spelling, unit)
    assert found is None or units_agree(unit, CATALOGUE.standards[found.code].unit)


@given(st.text(alphabet="0123456789.,-+ ", max_size=20))
def test_figures_alone_suggest_nothing(text):
    assert CATALOGUE.suggest(text) is None


@given(st.text(max_size=30))
def test_key_is_idempotent(text):
    assert key(key(text)) == key(text)


@given(st.text(max_size=30), st.text(max_size=30))
def test_units_agree_is_symmetric(a, b):
    assert units_agree(a, b) == units_agree(b, a)


def test_unit_spellings():
    assert unit_key("名") == unit_key("人") == "人"
    assert unit_key("％") == unit_key("パーセント") == "%"
    assert not units_agree("人", "%") and units_agree("", "%")


def test_the_longer_indicator_is_not_taken_for_the_shorter():
    found = CATALOGUE.suggest("放課後児童クラブ待機児童数", "人")
    assert found is not None and found.code == "after_school_waiting"
    assert CATALOGUE.suggest("待機児童数", "人").code == "waiting_children"


def test_a_name_two_indicators_share_is_not_suggested():
    twins = Catalogue([Standard("a", "転入者数", "人"), Standard("b", "転入数", "人", ("転入者数",))])
    assert twins.suggest("転入者数", "人") is None


def test_a_kpi_name_that_only_mentions_an_indicator_is_not_taken_for_it():
    assert CATALOGUE.suggest("合計特殊出生率の全国平均との差", "") is None
    assert CATALOGUE.suggest("人口10万人あたりの刑法犯認知件数", "件") is None


@given(st.sampled_from(SPELLINGS))
def test_suggestions_are_reasoned(pair):
    standard, spelling = pair
    found = CATALOGUE.suggest(spelling, standard.unit)
    assume(found is not None)
    assert key(spelling) in found.reason


def test_a_comparison_takes_the_standards_unit_or_none():
    from hyoka.catalog.suggest import unit_fits

    assert unit_fits("", "人") and unit_fits("名", "人") and unit_fits("", "")
    assert not unit_fits("%", "") and not unit_fits("万人", "人")
