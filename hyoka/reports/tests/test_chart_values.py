"""Report charts draw any value a column can hold (issue 11): 1E+30 has more digits than Python's default
decimal context quantizes, 1E+300 more than any axis, NaN none at all. Pure: no database."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hyoka.reports.charts import _label, bar_scene, nice_ticks, trend_scene
from hyoka.reports.model import BarChart, TrendChart
from hyoka.reports.render.shapes import to_png, to_svg

stored = st.one_of(
    st.none(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.floats(allow_nan=False, allow_infinity=False).map(lambda f: Decimal(repr(f))),
    st.sampled_from(
        [Decimal("1E+30"), Decimal("-9.87654321E+45"), Decimal("1.00000000000000E+300"), Decimal("1E-300")]
    ),
)


def coordinates(scene) -> list[float]:
    return [c for s in scene.shapes for point in s.points for c in point]


@given(points=st.lists(stored, max_size=6), baseline=stored, target=stored)
def test_a_trend_chart_of_any_stored_values_has_finite_shapes(points, baseline, target):
    chart = TrendChart("市内事業所数", "事業所", [(f"R{i}", v) for i, v in enumerate(points)], baseline, target)
    scene = trend_scene(chart)
    assert all(math.isfinite(c) for c in coordinates(scene))
    assert to_svg(scene).startswith("<svg")


@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False), min_size=1, max_size=5))
def test_a_bar_chart_of_any_counts_has_finite_shapes(counts):
    scene = bar_scene(BarChart("状況", [(f"c{i}", v) for i, v in enumerate(counts)]))
    assert all(math.isfinite(c) for c in coordinates(scene))


@given(st.floats(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False))
def test_ticks_cover_any_finite_range_with_at_least_two_values(a, b):
    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high)
    assert len(ticks) >= 2 and ticks[0] < ticks[-1]
    slack = 1e-9 * max(1.0, abs(low), abs(high))  # a float's rounding, relative to the values' size
    assert ticks[0] <= low + slack and ticks[-1] >= high - slack


def test_labels_of_extreme_values_are_text_not_errors():
    assert _label(1e15) == "1,000,000,000,000,000"
    assert _label(1e30) == "1,000,000,000,000,000,000,000,000,000,000"  # 31 digits: past quantize's 28
    assert _label(-9.87654321e45) == "△9.87654321E+45"
    assert _label(1e300) == "1E+300"
    assert _label(0.1234567) == "0.123457"


def test_one_value_of_1e30_is_drawn_and_labelled_in_every_format():
    scene = trend_scene(TrendChart("登録児童数", "人", [("R2", Decimal("1E+30"))], target=Decimal("1E+30")))
    assert any("1,000,000,000,000,000,000,000,000,000,000" in s.text for s in scene.shapes)
    assert to_png(scene)[:4] == b"\x89PNG"
