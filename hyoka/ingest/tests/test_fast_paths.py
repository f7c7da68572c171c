"""The shortcuts the tab-less benchmark needed give what the general code gives, on any input of their kind."""

import unicodedata
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hyoka.ingest.columns import _ANY_RULE_RE, _RULES, _core
from hyoka.ingest.layout.cells import _HEADING_RE, _PAGE_RE, is_dash, is_heading, is_page_number
from hyoka.ingest.meaning.tables import _direction, plain_target
from hyoka.ingest.meaning.values import read_cell
from hyoka.ingest.text.lines import nfkc
from hyoka.jp import infer_direction, parse_target


@st.composite
def plain_figures(draw) -> str:
    n = draw(st.integers(0, 9_999_999))
    number = f"{n:,}" if draw(st.booleans()) else (f"{n / 10:.1f}" if draw(st.booleans()) else str(n))
    return draw(st.sampled_from(["", "△", "▲", "-"])) + number + draw(st.sampled_from(["", "%", "人", "件", "回"]))


@settings(max_examples=300, deadline=None)
@given(plain_figures(), st.one_of(st.none(), st.integers(-5000, 5000).map(Decimal)))
def test_a_plain_figure_target_reads_as_the_target_grammar_reads_it(text, baseline):
    spec = plain_target(read_cell(text), baseline)
    assert spec is not None
    assert spec == parse_target(text, baseline=baseline)


def test_other_targets_are_left_to_the_target_grammar():
    for text in ("基準値以上", "30%以上", "1,500(H31)", "全園実施", "—", "年間15件", "3億円"):
        assert plain_target(read_cell(text), None) is None


WORDS = "指標名基準値目標実績現状担当課事業評価達成率見込単位区分番号備考図書館利用者数市民満足度平成令和H0123456789年度()（）・ "


@settings(max_examples=400, deadline=None)
@given(st.text(WORDS, min_size=1, max_size=14))
def test_the_one_pattern_prefilter_matches_exactly_when_a_rule_does(header):
    core = _core(header)
    assert bool(_ANY_RULE_RE.search(core)) == any(rx.search(core) for _, rx in _RULES)


@settings(max_examples=400, deadline=None)
@given(st.text("-－―ー‐‑ｰPpＰ.0123456789１２/ 　ab", max_size=12))
def test_page_numbers_and_dashes_are_told_as_before(text):
    assert is_page_number(text) == bool(_PAGE_RE.match(unicodedata.normalize("NFKC", text).strip()))
    t = "".join(text.split())
    assert is_dash(text) == (bool(t) and all(c in "-—―‐−–ー－" for c in t))


@settings(max_examples=400, deadline=None)
@given(st.text("基本目標施策の方向政第1２章節部■□◆●【 　゛ｱ図書ＡA-", max_size=10))
def test_headings_are_told_as_before(text):
    assert is_heading(text) == bool(_HEADING_RE.match(unicodedata.normalize("NFKC", text).strip()))


@settings(max_examples=300, deadline=None)
@given(
    plain_figures(),
    st.one_of(st.none(), st.integers(-5000, 5000).map(Decimal)),
    st.sampled_from([None, "人", "位", "%"]),
)
def test_a_plain_figure_targets_direction_is_the_one_infer_direction_gives(text, baseline, unit):
    spec = plain_target(read_cell(text), baseline)
    assert _direction(spec, baseline, unit, plain=True) == infer_direction(spec, baseline, unit)


@settings(max_examples=300, deadline=None)
@given(st.text("①⑳ⅠⅫＡＢ１２　基本目標 abc㎡", max_size=12), st.sampled_from(["①⑳ⅠⅫ", "㎡"]))
def test_nfkc_keeping_characters_is_the_split_and_normalise_it_was(text, keep):
    import re

    parts = re.split(f"([{keep}])", text)
    expected = "".join(p if p and p in keep else unicodedata.normalize("NFKC", p) for p in parts)
    assert nfkc(text, keep) == expected
