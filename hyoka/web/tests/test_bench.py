"""The web benchmark's arithmetic (the timed run itself is `make bench-web`, never a test)."""

import os
import subprocess
import sys

import pytest
from django.db import connection

from hyoka.web.bench import Measurement, Target, at_least, describe_cpu, main, percentile


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


@pytest.mark.parametrize("argv", [["--clients", "-3"], ["--threads", "0"], ["--requests", "x"], ["--warmup", "1.5"]])
def test_a_count_that_is_no_count_is_refused_before_anything_is_set_up(argv, capsys):
    """Before, --clients -3 loaded the demo and started gunicorn, then failed with a traceback."""
    with pytest.raises(SystemExit) as refused:
        main(argv)
    assert refused.value.code == 2
    assert f"argument {argv[0]}: '{argv[1]}' is not a whole number of" in capsys.readouterr().err


def test_zero_requests_and_zero_warmup_are_counts():
    assert (at_least(0)("0"), at_least(1)("8")) == (0, 8)


@pytest.mark.django_db
def test_the_cpu_line_says_whose_work_it_holds():
    """On PostgreSQL the database's CPU is another process's: the line must not claim it."""
    line = describe_cpu("plan page", [0.010, 0.012, 0.020])
    assert line.startswith("plan page: CPU p50 12.0 ms, p95 19.2 ms per request (n=3")
    if connection.vendor == "sqlite":
        assert "SQLite's own work is in it" in line
    else:
        assert "PostgreSQL's own work, in its server process, is not" in line


def test_the_served_application_has_frozen_what_it_loaded():
    """hyoka.wsgi loads every view and then takes it out of the garbage collector's walks (gc.freeze)."""
    code = "import gc, sys, hyoka.wsgi; print(gc.get_freeze_count(), 'hyoka.web.views' in sys.modules)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hyoka.settings", "DEBUG": "1"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    frozen, views_loaded = done.stdout.split()
    assert int(frozen) > 50_000 and views_loaded == "True"
