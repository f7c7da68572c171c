"""The demo data shipped with Hyoka: the five seed plans as hyoka.plan/1 JSON."""

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "demo"


def demo_files() -> list[Path]:
    return sorted(DEMO_DIR.glob("*.json"))
