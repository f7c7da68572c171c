"""hyoka.web.charts and hyoka.web.highlight: pure functions, no database."""

import re
from decimal import Decimal
from html import unescape
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from hyoka.web.charts import ChartPoint, nice_ticks, sparkline, trend_chart
from hyoka.web.highlight import match_spans, snippet

values = st.decimals(min_value=-(10**6), max_value=10**6, allow_nan=False, allow_infinity=False, places=2)


def parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # well-formed XML, or this raises


def test_sparkline_draws_the_points_and_the_target():
    svg = sparkline([(2018, 10), (2019, 12), (2020, 11)], label="推移 <10>", target=15)
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == "推移 <10>"
    assert len(root.find("{*}polyline").get("points").split()) == 3 if root.find("{*}polyline") is not None else True
    assert 'class="target"' in svg and "<circle" in svg


def test_sparkline_of_nothing_is_empty_and_of_one_point_a_dot():
    assert sparkline([], label="x") == ""
    one = sparkline([(2020, 5)], label="x")
    assert "<circle" in one and "<polyline" not in one


@given(st.lists(st.tuples(st.integers(1990, 2040), values), min_size=1, max_size=12), st.none() | values)
def test_sparkline_stays_inside_its_box(points, target):
    svg = sparkline(points, label="x", target=target, width=120, height=32)
    for x, y in re.findall(r"(-?[\d.]+),(-?[\d.]+)", svg):
        assert 0 <= float(x) <= 120 and 0 <= float(y) <= 32
    parse(svg)


@given(st.floats(-1e9, 1e9), st.floats(-1e9, 1e9), st.integers(2, 8))
def test_nice_ticks_cover_the_range_evenly(lo, hi, count):
    ticks = nice_ticks(lo, hi, count)
    assert ticks == sorted(ticks) and len(ticks) >= 2
    assert ticks[0] <= min(lo, hi) + 1e-6 * max(1, abs(lo), abs(hi))
    assert ticks[-1] >= max(lo, hi) - 1e-6 * max(1, abs(lo), abs(hi))
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert max(steps) - min(steps) <= 1e-6 * max(1, *map(abs, steps))


def test_trend_chart_has_baseline_actuals_target_and_projection():
    svg = trend_chart(
        [ChartPoint(2019, Decimal(421), "令和元年度 421人"), ChartPoint(2020, Decimal(430), "令和2年度 430人", True)],
        title="受診者",
        baseline=ChartPoint(2018, Decimal(400), "基準値 400人"),
        target=ChartPoint(2024, Decimal(450), "目標値 450人"),
        projected=ChartPoint(2024, Decimal(470), "推計 470人"),
    )
    root = parse(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == "受診者：基準値 400人、令和元年度 421人、令和2年度 430人、目標値 450人、推計 470人"
    for css in ("series", "baseline-point", "target-point", "projected-point", "projection", "point provisional"):
        assert css in svg


@given(st.lists(values, min_size=1, max_size=10))
def test_trend_chart_is_well_formed_for_any_values(ys):
    actuals = [ChartPoint(2010 + i, y, f"{y}") for i, y in enumerate(ys)]
    parse(trend_chart(actuals, title="<&>", target=ChartPoint(2030, ys[0], "t")))


def test_snippet_marks_every_match_and_escapes():
    html = snippet("<b>子ども食堂</b>を運営する子ども食堂団体", ["子ども食堂"])
    assert html.count("<mark>子ども食堂</mark>") == 2 and "&lt;b&gt;" in html


def test_snippet_matches_across_widths():
    assert "<mark>ﾈｳﾎﾞﾗ</mark>" in snippet("清瀬市版ﾈｳﾎﾞﾗ事業", ["ネウボラ"])
    assert "<mark>３～４か月児</mark>" in snippet("○３～４か月児健康診査", ["3～4か月児"])
    assert "<mark>ＢＣＧ</mark>" in snippet("ＢＣＧ予防接種", ["bcg"])


@given(st.text(max_size=200), st.text(min_size=1, max_size=5))
def test_snippet_shows_only_the_text_itself(text, word):
    html = snippet(text, [word], before=300, after=300)
    plain = unescape(html.replace("<mark>", "").replace("</mark>", "")).strip("…")
    assert plain in text
    for a, b in match_spans(text, [word]):
        assert a < b <= len(text)
