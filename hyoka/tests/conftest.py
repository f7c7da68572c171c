"""Hyoka started as its own process, with exactly the environment a test gives it (none of this one's)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HYOKA = Path(sys.executable).with_name("hyoka")


def run_hyoka(args: list[str], env: dict[str, str], *, python: str | None = None) -> subprocess.CompletedProcess:
    """`hyoka ARGS…` (or `python -c CODE`) in a clean environment: PATH and what the test names."""
    command = [sys.executable, "-c", python] if python is not None else [str(HYOKA), *args]
    return subprocess.run(
        command,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def hyoka_process():
    return run_hyoka
