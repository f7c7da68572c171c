import os
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings

SCORES: dict[str, str] = {}  # filled by test_seeds: what CI prints after the run


# Fuzzing (test_fuzz.py): a short run in CI, a long one with HYPOTHESIS_PROFILE=fuzz (`make fuzz`).
FUZZ_PROFILE = "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "fuzz-ci"
FUZZ_DEADLINE = timedelta(seconds=10)  # per case; a reader slower than this on one small document is a bug
_FUZZ_COMMON = {
    "deadline": FUZZ_DEADLINE,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
}
settings.register_profile("fuzz-ci", max_examples=25, **_FUZZ_COMMON)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "400")), **_FUZZ_COMMON)
FUZZ = {"cases": 0, "failures": 0, "slowest": 0.0, "slowest_case": ""}


def fuzz_settings(fraction: float = 1.0) -> settings:
    """The fuzz profile's settings for one test; `fraction` of its examples for the slow readers (PDF)."""
    profile = settings.get_profile(FUZZ_PROFILE)
    return settings(profile, max_examples=max(5, int(profile.max_examples * fraction)))


@contextmanager
def fuzz_case(source: str, data: bytes):
    """Count one fuzz case and remember the slowest (its reader and size), for the summary."""
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        FUZZ["cases"] += 1
        if elapsed > FUZZ["slowest"]:
            FUZZ["slowest"], FUZZ["slowest_case"] = elapsed, f"{source}, {len(data):,} bytes"


def pytest_runtest_logreport(report):
    if report.when == "call" and report.failed and ("test_fuzz" in report.nodeid or "test_form_fuzz" in report.nodeid):
        FUZZ["failures"] += 1


def pytest_terminal_summary(terminalreporter):
    if FUZZ["cases"]:
        terminalreporter.section(f"ingest: fuzzing ({FUZZ_PROFILE} profile)")
        terminalreporter.write_line(
            f"{FUZZ['cases']:,} cases tried, {FUZZ['failures']} failing tests, slowest case "
            f"{FUZZ['slowest']:.2f} s ({FUZZ['slowest_case']}; deadline {FUZZ_DEADLINE.total_seconds():g} s)"
        )
    if SCORES:
        terminalreporter.section("ingest: seed documents against the hand-made plans")
        for name, line in sorted(SCORES.items()):
            terminalreporter.write_line(f"{name}: {line}")


@pytest.fixture
def record_score():
    return SCORES.__setitem__
