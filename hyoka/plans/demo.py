"""The demo data shipped with Hyoka: the five seed plans as hyoka.plan/1 JSON."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "demo"

# Which seed document (../shared/seeds/<name>.txt, beside a developer's clone) each demo plan was made from.
SEED_PLANS = {
    "000_8c3cdecf38b6806f": "ome_strategy_progress_r4",
    "001_f4945b02aaefedfa": "kiyose_strategy_revision",
    "002_2fafb69e9fb2321b": "iruma_strategy_h29",
    "003_8be73c38ec680bed": "akiruno_child_plan_r2",
    "004_760d0c551dda269d": "kiyose_strategy_initiatives",
}


def demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("*.json"))
