"""Import throughput: `make bench` (or `python -m hyoka.ingest.bench`) prints the numbers.

- the five seed documents (from ../shared/seeds, beside a developer's clone): read, and
  read + written to a fresh SQLite database, best of several runs;
- a 10,000-row city-style KPI workbook: read time and peak memory, in a child process so
  the memory figure is the reader's own.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
ROWS = 10_000


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "--xlsx-child":
        return _xlsx_child(Path(sys.argv[2]))
    _seeds()
    _workbook()


def _seeds() -> None:
    from hyoka.ingest import read_bytes
    from hyoka.interchange import parse_document
    from hyoka.plans.demo import DEMO_DIR, SEED_PLANS

    seeds = [SEEDS / f"{name}.txt" for name in SEED_PLANS]
    if not all(seed.is_file() for seed in seeds):
        print(f"seeds: {SEEDS} not found (the seed benchmark needs ../shared beside the clone)")
        return
    demo = {
        f"{name}.txt": parse_document((DEMO_DIR / f"{plan}.json").read_bytes()) for name, plan in SEED_PLANS.items()
    }
    inputs = [(seed.read_bytes(), _context(demo[seed.name], seed.name)) for seed in seeds]
    size = sum(len(data) for data, _ in inputs)
    lines = sum(data.count(b"\n") + 1 for data, _ in inputs)

    read_times = []
    for _ in range(5):
        start = time.perf_counter()
        for data, context in inputs:
            read_bytes(data, context)
        read_times.append(time.perf_counter() - start)
    best = min(read_times)
    print(f"seeds: {len(inputs)} documents, {size / 1024:.0f} KiB, {lines:,} lines")
    print(f"  read:           {best * 1000:7.1f} ms  ({lines / best:,.0f} lines/s, best of {len(read_times)})")
    print(f"  read + write:   {_read_and_write(inputs) * 1000:7.1f} ms  (into an empty SQLite database, best of 3)")


def _context(doc, name):
    from hyoka.ingest import Context

    return Context(municipality=doc.municipality, plan_title=doc.plan.title, plan_version=doc.plan.version, source=name)


def _read_and_write(inputs) -> float:
    import django
    from django.conf import settings

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        django.setup()
        assert settings.DATABASES["default"]["NAME"].endswith("bench.sqlite3")
        from django.core.management import call_command

        from hyoka.ingest import read_bytes
        from hyoka.plans.loader import load_document
        from hyoka.plans.models import Municipality, Plan

        call_command("migrate", verbosity=0)
        times = []
        for _ in range(3):
            start = time.perf_counter()
            for data, context in inputs:
                load_document(read_bytes(data, context).document)
            times.append(time.perf_counter() - start)
            Plan.objects.all().delete()  # empty again for the next run
            Municipality.objects.all().delete()
        return min(times)


def _workbook() -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet("指標")
    sheet.append(["基本目標", "指標名", "単位", "基準値（H26）", "H28", "H29", "H30", "目標値（R1）"])
    for i in range(ROWS):
        sheet.append([f"基本目標{i % 4 + 1}", f"指標{i:05d}", "人", 1000 + i, 1010 + i, 1020 + i, 1030 + i, 1100 + i])
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as f:
        buffer = io.BytesIO()
        wb.save(buffer)
        f.write(buffer.getvalue())
        path = Path(f.name)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "hyoka.ingest.bench", "--xlsx-child", str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(out.stdout, end="")
    finally:
        path.unlink()


def _xlsx_child(path: Path) -> None:
    from hyoka import interchange as ix
    from hyoka.ingest import Context, read_bytes

    data = path.read_bytes()
    context = Context(
        municipality=ix.Municipality(code="112097", name="入間市", prefecture="埼玉県"),
        plan_title="ベンチマーク計画",
        source=path.name,
    )
    start = time.perf_counter()
    result = read_bytes(data, context)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    indicators = len(result.document.all_indicators())
    print(f"xlsx: {ROWS:,} rows, {len(data) / 1024:.0f} KiB")
    print(f"  read:           {elapsed:7.2f} s  ({ROWS / elapsed:,.0f} rows/s), {indicators:,} indicators")
    print(f"  peak memory:    {peak:7.0f} MiB (whole process, Python included)")


if __name__ == "__main__":
    main()
