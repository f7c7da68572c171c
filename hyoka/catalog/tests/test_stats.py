"""The comparison's arithmetic, pure: medians, ranks with ties, bins that hold every value once."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hyoka.catalog import stats
from hyoka.jp import municipalities as national

values = st.lists(
    st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False, allow_infinity=False), max_size=60
)


@given(values)
def test_the_median_has_as_many_values_on_each_side(vs):
    m = stats.median(vs)
    if not vs:
        assert m is None
        return
    assert sum(v < m for v in vs) <= len(vs) // 2 and sum(v > m for v in vs) <= len(vs) // 2


@given(values, st.sampled_from(["increase", "decrease", "neutral"]))
def test_ranks_follow_the_direction_and_share_ties(vs, direction):
    keyed = {str(i): v for i, v in enumerate(vs)}
    ranks = stats.ranks(keyed, direction)
    for a, va in keyed.items():
        better = sum((vb < va) if direction == "decrease" else (vb > va) for vb in keyed.values())
        assert ranks[a] == better + 1


@given(values.filter(bool), st.sampled_from(["increase", "decrease", "neutral"]))
def test_a_spread_ranks_each_of_its_values_as_ranks_does(vs, direction):
    spread = stats.Spread.of(vs)
    keyed = {str(i): v for i, v in enumerate(vs)}
    assert {k: spread.rank(v, direction) for k, v in keyed.items()} == stats.ranks(keyed, direction)
    assert spread.median == stats.median(vs)


@given(values.filter(bool), st.integers(1, 20))
def test_the_bins_hold_every_value_once_in_order(vs, bins):
    found = stats.histogram(vs, bins)
    assert sum(b.count for b in found) == len(vs)
    assert len(found) <= bins + 1
    assert all(a.high == b.low for a, b in zip(found, found[1:], strict=False))
    assert found[0].low <= min(vs) and found[-1].high >= max(vs)
    for v in vs:  # each value in the bin that counts it
        assert any(b.low <= v <= b.high for b in found)


def test_bins_are_round():
    found = stats.histogram([Decimal("1.21"), Decimal("1.33"), Decimal("1.59")], 10)
    assert [b.low for b in found][:2] == [Decimal("1.20"), Decimal("1.25")]


def test_the_groups_of_the_national_list():
    counts: dict[str, int] = {}
    for row in national.all_rows():
        if row.kind != "prefecture":
            group = stats.size_group(row.kind, row.prefecture, row.name)
            counts[group] = counts.get(group, 0) + 1
    assert counts["designated_city"] == 20 and counts["special_ward"] == 23
    assert sum(counts.values()) == 1741


def test_medians_by_year_over_chosen_keys():
    series = {
        "a": {2020: stats.Point(Decimal(1)), 2021: stats.Point(Decimal(3))},
        "b": {2021: stats.Point(Decimal(5))},
    }
    assert stats.medians_by_year(series) == {2020: 1, 2021: 4}
    assert stats.medians_by_year(series, ["b"]) == {2021: 5}
