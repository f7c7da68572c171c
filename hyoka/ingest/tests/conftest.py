import os
import time
from contextlib import contextmanager

from hypothesis import HealthCheck, settings

from hyoka.pytest_summary import FUZZ, FUZZ_DEADLINE, FUZZ_PROFILE

# Fuzzing (test_fuzz.py): a short run in CI, a long one with HYPOTHESIS_PROFILE=fuzz (`make fuzz`).
_FUZZ_COMMON = {
    "deadline": FUZZ_DEADLINE,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
}
settings.register_profile("fuzz-ci", max_examples=25, **_FUZZ_COMMON)
settings.register_profile("fuzz", max_examples=int(os.environ.get("FUZZ_EXAMPLES", "400")), **_FUZZ_COMMON)


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
