"""Interim targets (中間目標): a year the plan set one for is judged on track by reaching it, not by the trend."""

from dataclasses import replace
from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from hyoka.engine import IndicatorSpec, Point, assess
from hyoka.engine.progress import interim_for

OFFICES = IndicatorSpec(
    name="市内事業所数",
    unit="事業所",
    direction="increase",
    baseline=D(4986),
    baseline_fy=2024,
    target=D(5100),
    target_comparator=">=",
    target_fy=2029,
    interim=((2025, D(5010)), (2026, D(5030))),
)
values = st.decimals(min_value=4000, max_value=6000, places=0)


def test_a_year_that_reaches_its_interim_target_is_on_track_though_the_trend_falls_short():
    # 4986 → 5012 in a year projects 5116 by 2029 … but 5005 projects 5081: the trend alone says 遅れ
    behind_by_trend = assess(replace(OFFICES, interim=()), [Point(2025, D(5005))], fiscal_year=2025)
    assert behind_by_trend.status == "behind"
    result = assess(OFFICES, [Point(2025, D(5012))], fiscal_year=2025)
    assert result.status == "on_track"
    assert result.explanation == "基準値から26事業所増加しており、2025年度の中間目標（5,010事業所）に達しています。"


def test_a_year_below_its_interim_target_is_behind_though_the_trend_reaches_the_target():
    points = [Point(2025, D(5060)), Point(2026, D(5025))]
    assert assess(replace(OFFICES, interim=()), points, fiscal_year=2026).status == "on_track"
    result = assess(OFFICES, points, fiscal_year=2026)
    assert result.status == "behind"
    assert result.explanation.endswith("2026年度の中間目標（5,030事業所）に届いていません。")


@given(values, st.sampled_from([2025, 2026]))
def test_with_an_interim_target_the_year_is_on_track_exactly_when_it_reaches_it(value, year):
    result = assess(OFFICES, [Point(year, value)], fiscal_year=year)
    if value >= OFFICES.target:
        assert result.status == "achieved"  # the plan's own target comes first
    else:
        assert result.status == ("on_track" if value >= interim_for(OFFICES, year) else "behind")


@given(values, st.sampled_from([2027, 2028, 2029, 2030]))
def test_a_year_without_an_interim_target_is_judged_as_before(value, year):
    points = [Point(2025, D(5012)), Point(year, value)]
    assert assess(OFFICES, points, fiscal_year=year) == assess(replace(OFFICES, interim=()), points, fiscal_year=year)


def test_an_interim_target_for_the_target_year_or_later_is_ignored():
    spec = replace(OFFICES, interim=((2029, D(4000)),))
    assert assess(spec, [Point(2029, D(5000))], fiscal_year=2029).status == "behind"


def test_a_decreasing_kpi_reaches_its_interim_target_by_going_below_it():
    spec = IndicatorSpec("待機児童数", "人", "decrease", D(40), 2024, D(0), "<=", 2029, interim=((2025, D(30)),))
    assert assess(spec, [Point(2025, D(28))], fiscal_year=2025).status == "on_track"
    assert assess(spec, [Point(2025, D(33))], fiscal_year=2025).status == "behind"
