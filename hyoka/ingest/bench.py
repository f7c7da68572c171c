"""Import throughput: `make bench` (or `python -m hyoka.ingest.bench`) prints the numbers.

- the five seed documents (from ../shared/seeds, beside a developer's clone): read, and
  read + written to a fresh SQLite database, best of several runs;
- a 10,000-row city-style KPI workbook: read time and peak memory, in a child process so
  the memory figure is the reader's own;
- tab-less text (KPI tables one cell per line, as ` |` cells, on one long line and column by
  column, between headings and prose, about 20,000 lines): layout recovery, and the whole
  text reader, in lines/s (the bar is 10,000 lines/s).
"""

from __future__ import annotations

import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"
ROWS = 10_000
TABLELESS_TABLES = 600


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "--xlsx-child":
        return _xlsx_child(Path(sys.argv[2]))
    _seeds()
    _workbook()
    _tabless()


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
        municipality=ix.Municipality(code="112259", name="入間市", prefecture="埼玉県"),
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


def tabless_text(tables: int = TABLELESS_TABLES, seed: int = 9) -> str:
    """A city's KPI document as a PDF's text layer gives it: no tabs, each table in another layout."""
    from hyoka.ingest.layout import reflow

    rng = random.Random(seed)
    stems = [
        "図書館利用者",
        "観光客入込",
        "特定健診受診",
        "自主防災組織",
        "新規就農者",
        "空き家バンク登録",
        "子育て相談",
    ]
    units = ["人", "件", "%", "団体", "か所"]
    layouts = [reflow.as_cell_lines, reflow.as_pipe_cells, reflow.as_one_line, "columns"]
    lines = ["第5章 計画の進行管理", ""]
    for t in range(tables):
        header = ["指標名", "単位", "基準値（H26）", "H27", "H28", "目標値（H31）", "担当課"]
        rows = [
            [
                f"{rng.choice(stems)}数{t}-{r}",
                rng.choice(units),
                *(f"{rng.randint(0, 99_999):,}" for _ in range(4)),
                rng.choice(["企画課", "商工観光課", "健康推進課"]),
            ]
            for r in range(rng.randint(3, 12))
        ]
        lines += [f"基本目標{t + 1} 安心して暮らせるまちをつくる", "本目標では次の指標により進捗を管理します。"]
        layout = layouts[t % len(layouts)]
        if layout == "columns":
            lines += reflow.as_columns(header, rows, [2, 3, 4, 5])
        else:
            lines += layout(header, rows)
        lines += ["※ 数値は各年度末現在のものです。", ""]
    return "\n".join(lines)


def _tabless() -> None:
    from hyoka import interchange as ix
    from hyoka.ingest import Context, IngestError, read_bytes
    from hyoka.ingest.layout import recover_tables
    from hyoka.ingest.text.lines import split_lines

    text = tabless_text()
    lines = split_lines(text)
    times, layout_cpus, found = [], [], []
    for _ in range(3):
        start, cpu = time.perf_counter(), time.process_time()
        found = recover_tables(lines, "tabless.txt")
        times.append(time.perf_counter() - start)
        layout_cpus.append(time.process_time() - cpu)
    best, layout_cpu = min(times), min(layout_cpus)
    rows = sum(len(t.rows) for t in found)
    print(f"tab-less text: {len(lines):,} lines, {len(found)} tables of {TABLELESS_TABLES}, {rows:,} rows")
    print(
        f"  layout:         {best * 1000:7.1f} ms  ({len(lines) / best:,.0f} lines/s, best of {len(times)}; "
        f"CPU {layout_cpu * 1000:.0f} ms, {len(lines) / layout_cpu:,.0f} lines/s)"
    )
    context = Context(
        municipality=ix.Municipality(code="112259", name="入間市", prefecture="埼玉県"),
        plan_title="ベンチマーク計画",
        source="tabless.txt",
    )
    walls, cpus = [], []
    for _ in range(3):  # the machine is shared: best of three, and the CPU time beside the wall time
        start, cpu = time.perf_counter(), time.process_time()
        try:
            read_bytes(text.encode("utf-8"), context)
        except IngestError as e:
            print(f"  read:           not read as a plan yet ({e.message})")
            return
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    wall, cpu = min(walls), min(cpus)
    print(
        f"  read:           {wall * 1000:7.1f} ms  ({len(lines) / wall:,.0f} lines/s, best of 3; "
        f"CPU {cpu * 1000:.0f} ms, {len(lines) / cpu:,.0f} lines/s)"
    )


if __name__ == "__main__":
    main()
