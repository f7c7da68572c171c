"""The web benchmark's arithmetic (the timed run itself is `make bench-web`, never a test)."""

import pytest

from hyoka.web.bench import Measurement, Target, percentile


def test_percentile_interpolates_between_ranks():
    assert percentile([1, 2, 3, 4], 50) == 2.5
    assert percentile(list(range(101)), 95) == 95
    assert percentile(list(range(1, 11)), 95) == pytest.approx(9.55)
    assert percentile([10, 1, 5], 50) == 5  # unsorted input


def test_percentile_ends_and_single_values():
    values = [3.0, 1.0, 2.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 100) == 3.0
    assert percentile([7.0], 50) == percentile([7.0], 95) == 7.0


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 50)
    with pytest.raises(ValueError):
        percentile([1.0], 101)


def test_measurement_reports_milliseconds_and_rate():
    m = Measurement(Target("ping", "/ping/"), latencies=[0.001, 0.002, 0.003, 0.004], seconds=0.5)
    assert m.p50_ms == pytest.approx(2.5)
    assert m.p95_ms == pytest.approx(3.85)
    assert m.per_second == 8
