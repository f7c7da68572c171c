"""`python -m hyoka.reports.bench`: time and peak memory to render the あきる野市 evaluation report and a
synthetic plan of 1,000 projects and 300 KPIs, in each format. Targets: PDF < 2 s (あきる野市) and < 60 s
(synthetic), memory < 500 MB. Each case runs in a fresh process, so peak RSS is that case's alone."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SYNTHETIC = "合成市総合戦略（ベンチマーク用）"


def synthetic_document(projects: int = 1000, kpis: int = 300, goals: int = 5, policies: int = 4) -> dict:
    """A hyoka.plan/1 plan with graded projects and KPIs spread evenly over goals × policies."""
    sections, n_sections = [], goals * policies
    for g in range(goals):
        children = []
        for p in range(policies):
            i = g * policies + p
            children.append(
                {
                    "number": f"{p + 1}",
                    "level": "施策",
                    "title": f"施策{g + 1}-{p + 1} 地域の活力を高める取組の推進",
                    "indicators": [_kpi(k) for k in range(kpis) if k % n_sections == i],
                    "projects": [_project(j) for j in range(projects) if j % n_sections == i],
                }
            )
        sections.append(
            {"number": str(g + 1), "level": "基本目標", "title": f"基本目標{g + 1}のまちづくり", "sections": children}
        )
    return {
        "schema": "hyoka.plan/1",
        "municipality": {"code": "139998", "name": "合成市", "prefecture": "東京都"},
        "plan": {"title": SYNTHETIC, "kind": "comprehensive_strategy", "start_fy": 2020, "end_fy": 2024},
        "evaluation_scheme": {
            "grades": [{"code": c} for c in "ABCD"],
            "achievement_levels": [{"code": "1", "min_percent": 105}, {"code": "2"}],
        },
        "sections": sections,
    }


def _kpi(k: int) -> dict:
    return {
        "name": f"指標{k + 1:03d} 市民満足度",
        "unit": "人",
        "direction": "increase",
        "baseline": {"value": 1000 + k, "period": {"label": "令和元年度", "fiscal_year": 2019}},
        "target": {"value": 1500 + k, "period": {"label": "令和6年度", "fiscal_year": 2024}},
        "observations": [
            {
                "value": 1000 + k + 40 * y - (k % 7) * 30,
                "period": {"label": f"令和{y + 2}年度", "fiscal_year": 2020 + y},
            }
            for y in range(3)
        ],
    }


def _project(j: int) -> dict:
    return {
        "number": str(j + 1),
        "name": f"事業{j + 1:04d} 子育て支援の充実",
        "departments": [f"担当{j % 23 + 1}課"],
        "description": "市民の暮らしを支えるため、関係機関と連携して事業を実施します。" * 3,
        "evaluations": [
            {
                "fiscal_year": 2022,
                "grade": "ABCD"[j % 4],
                "achievement": "12"[j % 2],
                "narrative": "計画どおり実施しました。参加者は前年度より増加しました。" * (2 + j % 6),
            }
        ],
    }


def run_case(title: str, layout: str, fmt: str) -> None:
    """In the child process: render once, print seconds and peak RSS as JSON."""
    import django

    django.setup()
    from hyoka.plans.models import Plan
    from hyoka.reports.output import render_report

    plan = Plan.objects.get(title=title)
    start = time.perf_counter()
    data = render_report(plan, layout=layout, fmt=fmt)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "bytes": len(data)}))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hyoka.settings")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"}
        _setup(env, tmp)
        print(f"{'case':<44} {'format':<6} {'seconds':>8} {'peak MB':>8} {'size':>10}")
        cases = [("あきる野市子ども・子育て支援総合計画", "evaluation"), (SYNTHETIC, "evaluation")]
        for title, layout in cases:
            for fmt in ("pdf", "xlsx", "html"):
                cmd = [sys.executable, "-m", "hyoka.reports.bench", "--case", title, layout, fmt]
                out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
                r = json.loads(out.strip().splitlines()[-1])
                print(
                    f"{title[:22] + ' ' + layout:<44} {fmt:<6} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f} "
                    f"{r['bytes']:>10,}",
                    flush=True,
                )


def _setup(env: dict, tmp: str) -> None:
    """Migrate a fresh SQLite database and load あきる野市 and the synthetic plan into it."""
    from hyoka.plans.demo import demo_files

    synthetic = Path(tmp) / "synthetic.json"
    synthetic.write_text(json.dumps(synthetic_document(), ensure_ascii=False), encoding="utf-8")
    akiruno = next(p for p in demo_files() if p.stem == "akiruno_child_plan_r2")
    manage = [sys.executable, "-m", "hyoka.cli"]
    subprocess.run([*manage, "manage", "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "load", str(akiruno), str(synthetic)], env=env, check=True, capture_output=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--case"]:
        run_case(*sys.argv[2:5])
    else:
        main()
