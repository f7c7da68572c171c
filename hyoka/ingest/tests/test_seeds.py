"""Done-when of the ingest issue: each seed document imports as its hand-made plan, fact by fact."""

from pathlib import Path

import pytest

from hyoka.ingest import Context, read_bytes
from hyoka.ingest.facts import score
from hyoka.interchange import parse_document
from hyoka.plans.demo import DEMO_DIR, SEED_PLANS

from .pdfmaker import text_to_pdf

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
PLANS = SEED_PLANS


def seed_bytes(seed: str) -> bytes:
    path = SEEDS / f"{seed}.txt"
    assert path.is_file(), f"{path} is missing: these tests need ../shared/seeds beside the repository"
    return path.read_bytes()


def imported(data: bytes, plan: str, source: str):
    expected = parse_document((DEMO_DIR / f"{plan}.json").read_bytes())
    context = Context(
        municipality=expected.municipality,
        plan_title=expected.plan.title,
        plan_version=expected.plan.version,
        source=source,
    )
    return read_bytes(data, context), expected


@pytest.mark.parametrize("seed", PLANS)
def test_seed_text_imports_as_the_hand_made_plan(seed, record_score):
    result, expected = imported(seed_bytes(seed), PLANS[seed], f"{seed}.txt")
    s = score(result.document, expected)
    record_score(f"{seed} text", f"{s}; missed {s.missed or 'none'}")
    assert s.precision >= 0.99 and s.recall >= 0.99, f"{s}\nmissed: {s.missed}\nextra: {s.extra}"


@pytest.mark.parametrize("seed", ["002_2fafb69e9fb2321b", "004_760d0c551dda269d", "000_8c3cdecf38b6806f"])
def test_seed_as_a_pdf_with_ruled_tables_imports_the_same(seed, record_score):
    pdf = text_to_pdf(seed_bytes(seed).decode("utf-8"))
    result, expected = imported(pdf, PLANS[seed], f"{seed}.pdf")
    s = score(result.document, expected)
    record_score(f"{seed} pdf", f"{s}; missed {s.missed or 'none'}")
    assert s.precision >= 0.99 and s.recall >= 0.99, f"{s}\nmissed: {s.missed}\nextra: {s.extra}"
