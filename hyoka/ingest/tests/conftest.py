import pytest

SCORES: dict[str, str] = {}  # filled by test_seeds: what CI prints after the run


def pytest_terminal_summary(terminalreporter):
    if SCORES:
        terminalreporter.section("ingest: seed documents against the hand-made plans")
        for name, line in sorted(SCORES.items()):
            terminalreporter.write_line(f"{name}: {line}")


@pytest.fixture
def record_score():
    return SCORES.__setitem__
