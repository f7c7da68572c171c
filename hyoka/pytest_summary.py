"""A pytest plugin (pyproject: `-p hyoka.pytest_summary`): the lines CI prints after the run, fuzzing's cases
and the ingest scores. A test's figures ride on its report (user_properties), so they are added up where the
reports arrive: this process, or pytest-xdist's controller for the workers' tests.
"""

import os
from datetime import timedelta

import pytest

FUZZ_PROFILE = "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "fuzz-ci"
FUZZ_DEADLINE = timedelta(seconds=10)  # per case; a reader slower than this on one small document is a bug
FUZZ = {"cases": 0, "slowest": 0.0, "slowest_case": ""}  # the running test's cases (fuzz_case)
FUZZ_TOTAL = {"cases": 0, "failures": 0, "slowest": 0.0, "slowest_case": ""}
SCORES: dict[str, str] = {}  # name → score line (test_seeds, test_corpus)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    FUZZ.update(cases=0, slowest=0.0, slowest_case="")
    try:
        return (yield)
    finally:
        if FUZZ["cases"]:
            item.user_properties.append(("fuzz", dict(FUZZ)))


def pytest_runtest_logreport(report):
    if report.when != "call":
        return
    for name, value in report.user_properties:
        if name == "fuzz":
            FUZZ_TOTAL["cases"] += value["cases"]
            if value["slowest"] > FUZZ_TOTAL["slowest"]:
                FUZZ_TOTAL.update(slowest=value["slowest"], slowest_case=value["slowest_case"])
        elif name == "score":
            SCORES[value[0]] = value[1]
    if report.failed and ("test_fuzz" in report.nodeid or "test_form_fuzz" in report.nodeid):
        FUZZ_TOTAL["failures"] += 1


def pytest_terminal_summary(terminalreporter):
    if FUZZ_TOTAL["cases"]:
        terminalreporter.section(f"ingest: fuzzing ({FUZZ_PROFILE} profile)")
        terminalreporter.write_line(
            f"{FUZZ_TOTAL['cases']:,} cases tried, {FUZZ_TOTAL['failures']} failing tests, slowest case "
            f"{FUZZ_TOTAL['slowest']:.2f} s ({FUZZ_TOTAL['slowest_case']}; deadline {FUZZ_DEADLINE.total_seconds():g} s)"
        )
    if SCORES:
        terminalreporter.section("ingest: seed documents against the hand-made plans")
        for name, line in sorted(SCORES.items()):
            terminalreporter.write_line(f"{name}: {line}")


@pytest.fixture
def record_score(record_property):
    """record_score(name, line): a line of the run's summary."""
    return lambda name, line: record_property("score", (name, line))
