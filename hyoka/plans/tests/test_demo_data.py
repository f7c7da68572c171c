"""The five demo plans in hyoka/plans/demo/ hold every fact of their seed documents.

Checked against the hand-extracted gold files in ../shared/seeds-gold and the seed texts
in ../shared/seeds. No database is needed.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from hyoka.interchange import parse_document

REPO = Path(__file__).resolve().parents[3]
SHARED = REPO / ".." / "shared"
DEMO = REPO / "hyoka" / "plans" / "demo"

DEMO_FILES = {
    "000_8c3cdecf38b6806f": "ome_strategy_progress_r4.json",
    "001_f4945b02aaefedfa": "kiyose_strategy_revision.json",
    "002_2fafb69e9fb2321b": "iruma_strategy_h29.json",
    "003_8be73c38ec680bed": "akiruno_child_plan_r2.json",
    "004_760d0c551dda269d": "kiyose_strategy_initiatives.json",
}
SEEDS = list(DEMO_FILES)

# Corrections to the gold files, where the seed text says otherwise:
# (seed, fact key) -> (gold value, corrected value, reason). Fact keys are those of `gold_facts`.
# Every gold fact was checked against its seed text; none needed correcting.
FIXES: dict[tuple[str, str], tuple[Any, Any, str]] = {}

# seed -> (goals, measures, KPIs, projects, projects with a graded evaluation), from DECISIONS.md
COUNTS = {
    "000_8c3cdecf38b6806f": (3, 0, 1, 10, 0),
    "001_f4945b02aaefedfa": (4, 0, 2, 0, 0),
    "002_2fafb69e9fb2321b": (4, 9, 17, 48, 0),
    "003_8be73c38ec680bed": (3, 12, 29, 67, 67),
    "004_760d0c551dda269d": (4, 10, 0, 57, 0),
}


def _read(path: Path) -> str:
    if not path.is_file():
        pytest.fail(
            f"{path} is missing: the demo data test needs ../shared (seeds and seeds-gold) beside the repository"
        )
    return path.read_text(encoding="utf-8")


def gold(seed: str) -> dict[str, Any]:
    return json.loads(_read(SHARED / "seeds-gold" / f"{seed}.json"))


def seed_text(seed: str) -> str:
    return _read(SHARED / "seeds" / f"{seed}.txt")


def demo_text(seed: str) -> str:
    return _read(DEMO / DEMO_FILES[seed])


def demo(seed: str) -> dict[str, Any]:
    return json.loads(demo_text(seed))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def num(value: Any) -> Any:
    """Numbers compare by value (2.0 == 2, 0.1 exact); everything else as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return Decimal(str(value)).normalize()


def norm(value: Any) -> Any:
    if isinstance(value, list):
        return [norm(v) for v in value]
    return num(value)


# ---------------------------------------------------------------- walking both shapes


def gold_kpis(g: dict[str, Any]) -> list[dict[str, Any]]:
    kpis = list(g.get("kpis", []))
    for goal in g["goals"]:
        kpis += goal.get("indicators", [])
        for measure in goal.get("measures", []):
            kpis += measure.get("indicators", [])
    return kpis


def gold_projects(g: dict[str, Any]) -> list[dict[str, Any]]:
    projects = []
    for goal in g["goals"]:
        projects += goal.get("projects", [])
        for measure in goal.get("measures", []):
            projects += measure.get("projects", [])
    return projects


def demo_sections(d: dict[str, Any]) -> list[dict[str, Any]]:
    found = []

    def walk(sections: list[dict[str, Any]]) -> None:
        for s in sections:
            found.append(s)
            walk(s.get("sections", []))

    walk(d["sections"])
    return found


def demo_kpis(d: dict[str, Any]) -> list[dict[str, Any]]:
    return list(d.get("indicators", [])) + [i for s in demo_sections(d) for i in s.get("indicators", [])]


def demo_projects(d: dict[str, Any]) -> list[dict[str, Any]]:
    return [p for s in demo_sections(d) for p in s.get("projects", [])]


def kpi_key(name: str, project_number: str | None) -> str:
    return f"kpi {name}" + (f" #{project_number}" if project_number else "")


def project_key(name: str, number: str | None) -> str:
    return f"project {number + ' ' if number else ''}{name}"


def gold_facts(g: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for i, goal in enumerate(g["goals"]):
        facts[f"goal {i} number"] = goal["number"]
        facts[f"goal {i} title"] = goal["title"]
        if "pages" in goal:
            facts[f"goal {i} pages"] = goal["pages"]
        for j, measure in enumerate(goal.get("measures", [])):
            facts[f"goal {i} measure {j} title"] = measure["title"]
    for k in gold_kpis(g):
        key = kpi_key(k["name"], k.get("project_number"))
        facts[f"{key} unit"] = k.get("unit")
        facts[f"{key} baseline"] = (k.get("baseline") or {}).get("value")
        facts[f"{key} target"] = (k.get("target") or {}).get("value")
        facts[f"{key} target text"] = (k.get("target") or {}).get("text")
        facts[f"{key} current"] = [c["value"] for c in k.get("current", [])]
        facts[f"{key} current labels"] = [c["label"] for c in k.get("current", [])]
        facts[f"{key} stated delta"] = (k.get("delta_stated") or {}).get("value")
    for p in gold_projects(g):
        key = project_key(p["name"], p.get("number"))
        facts[f"{key} departments"] = p.get("departments", [])
        facts[f"{key} status"] = p.get("status")
        facts[f"{key} budget codes"] = [b["code"] for b in p.get("budget_items", [])]
        facts[f"{key} budget names"] = [b["name"] for b in p.get("budget_items", [])]
        facts[f"{key} policy refs"] = [p["policy_ref"]] if p.get("policy_ref") else []
        evaluation = p.get("evaluation") or {}
        facts[f"{key} grade"] = evaluation.get("grade")
        facts[f"{key} achievement"] = evaluation.get("achievement")
        facts[f"{key} metrics"] = [
            (
                m["text"],
                m.get("unit"),
                m["after"]["value"],
                m["after"]["label"],
                (m.get("before") or {}).get("value"),
                m.get("delta_text"),
            )
            for m in p.get("metrics", [])
        ]
    for b in g.get("benchmarks", []):
        facts[f"benchmark {b['indicator']} {b['area']}"] = (b["value"], b["label"], b["source"])
    for r in g.get("revisions", []):
        facts[f"revision {r['section']}"] = (r["pages"], r["points"], r.get("notes", []))
    return facts


def demo_facts(d: dict[str, Any]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    goals = d["sections"]
    for i, goal in enumerate(goals):
        facts[f"goal {i} number"] = goal.get("number")
        facts[f"goal {i} title"] = goal["title"]
        facts[f"goal {i} pages"] = goal.get("pages")
        for j, measure in enumerate(goal.get("sections", [])):
            facts[f"goal {i} measure {j} title"] = measure["title"]
    for k in demo_kpis(d):
        key = kpi_key(k["name"], k.get("project_number"))
        facts[f"{key} unit"] = k.get("unit")
        facts[f"{key} baseline"] = (k.get("baseline") or {}).get("value")
        facts[f"{key} target"] = (k.get("target") or {}).get("value")
        facts[f"{key} target text"] = (k.get("target") or {}).get("text")
        facts[f"{key} current"] = [o.get("value") for o in k.get("observations", [])]
        facts[f"{key} current labels"] = [o["period"]["label"] for o in k.get("observations", [])]
        facts[f"{key} stated delta"] = (k.get("stated_delta") or {}).get("value")
    for p in demo_projects(d):
        key = project_key(p["name"], p.get("number"))
        facts[f"{key} departments"] = p.get("departments", [])
        facts[f"{key} status"] = p.get("status")
        facts[f"{key} budget codes"] = [b.get("code") for b in p.get("budget_items", [])]
        facts[f"{key} budget names"] = [b["name"] for b in p.get("budget_items", [])]
        facts[f"{key} policy refs"] = p.get("policy_refs", [])
        graded = [e for e in p.get("evaluations", []) if e.get("grade")]
        facts[f"{key} grade"] = graded[0]["grade"] if graded else None
        facts[f"{key} achievement"] = graded[0].get("achievement") if graded else None
        facts[f"{key} metrics"] = [
            (
                m["name"],
                m.get("unit"),
                m.get("value"),
                m["period"]["label"],
                (m.get("before") or {}).get("value"),
                m.get("delta_text"),
            )
            for e in p.get("evaluations", [])
            for m in e.get("metrics", [])
        ]
    for b in d.get("benchmarks", []):
        facts[f"benchmark {b['indicator']} {b['area']}"] = (b["value"], b["period"]["label"], b.get("source"))
    for r in d.get("revisions", []):
        facts[f"revision {r['section']}"] = (r.get("pages"), r.get("points", []), r.get("notes", []))
    return facts


def deep_norm(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return [deep_norm(v) for v in value]
    return num(value)


# ---------------------------------------------------------------- 1. parses and is canonical


@pytest.mark.parametrize("seed", SEEDS)
def test_demo_file_parses_and_is_canonical(seed: str) -> None:
    text = demo_text(seed)
    document = parse_document(text, DEMO_FILES[seed])
    assert document.to_json() == text, (
        f"{DEMO_FILES[seed]} is not in canonical form; rewrite it with PlanDocument.to_json()"
    )


def test_there_are_exactly_the_five_demo_files() -> None:
    assert sorted(p.name for p in DEMO.glob("*.json")) == sorted(DEMO_FILES.values())


# ---------------------------------------------------------------- 2. fact by fact against the gold files


@pytest.mark.parametrize("seed", SEEDS)
def test_every_gold_fact_is_in_the_demo_file(seed: str) -> None:
    expected = gold_facts(gold(seed))
    actual = demo_facts(demo(seed))
    missing, wrong = [], []
    for key, gold_value in expected.items():
        want = FIXES[(seed, key)][1] if (seed, key) in FIXES else gold_value
        if key not in actual:
            missing.append(key)
        elif deep_norm(actual[key]) != deep_norm(want):
            wrong.append(f"{key}: demo {actual[key]!r} != {want!r}")
    assert not missing, f"{seed}: facts missing from {DEMO_FILES[seed]}: {missing}"
    assert not wrong, f"{seed}: facts that differ: {wrong}"


def test_corrections_to_the_gold_are_applied() -> None:
    for (seed, key), (gold_value, corrected, reason) in FIXES.items():
        assert reason, (seed, key)
        assert deep_norm(gold_facts(gold(seed))[key]) == deep_norm(gold_value), (
            f"{seed} {key}: the gold file changed, revisit this fix"
        )
        assert deep_norm(demo_facts(demo(seed))[key]) == deep_norm(corrected), f"{seed} {key}"


def test_fact_comparison_notices_a_wrong_value() -> None:
    d = demo("002_2fafb69e9fb2321b")
    d["sections"][0]["sections"][0]["indicators"][0]["baseline"]["value"] = 4987
    assert (
        demo_facts(d)["kpi 市内事業所数 baseline"]
        != gold_facts(gold("002_2fafb69e9fb2321b"))["kpi 市内事業所数 baseline"]
    )


# ---------------------------------------------------------------- 3. counts


@pytest.mark.parametrize("seed", SEEDS)
def test_counts_match_decisions(seed: str) -> None:
    d = demo(seed)
    goals = d["sections"]
    measures = [m for g in goals for m in g.get("sections", [])]
    projects = demo_projects(d)
    evaluated = [p for p in projects if any(e.get("grade") for e in p.get("evaluations", []))]
    assert (len(goals), len(measures), len(demo_kpis(d)), len(projects), len(evaluated)) == COUNTS[seed]
    assert all(g["level"] == "基本目標" for g in goals)
    assert all(m["level"] == d["plan"]["section_levels"][1] for m in measures)


def test_000_metrics_attachments_and_ranking() -> None:
    d = demo("000_8c3cdecf38b6806f")
    projects = demo_projects(d)
    assert sum(len(e.get("metrics", [])) for p in projects for e in p["evaluations"]) == 14
    assert all([e["fiscal_year"] for e in p["evaluations"]] == [2022] for p in projects)
    assert sorted(a["title"] for p in projects for a in p.get("attachments", [])) == sorted(
        ["子育てアプリメニュー画面", "青梅市移住定住ポータルサイト", "更新された消防車両"]
    )
    (ranking,) = demo_kpis(d)
    assert (ranking["unit"], ranking["direction"], [o["value"] for o in ranking["observations"]]) == (
        "位",
        "decrease",
        [9, 8, 12],
    )
    assert Counter(p.get("status") for p in projects) == Counter(
        {None: 7, "第2期追加事業": 1, "令和4年度新規追加事業": 2}
    )
    assert d["plan"]["notes"] == ["計画名は資料に記載がないため、内容から付した名称です。"]


def test_001_benchmarks_and_revisions() -> None:
    d = demo("001_f4945b02aaefedfa")
    assert len(d["benchmarks"]) == 8
    assert all(b["period"] == {"label": "平成29年", "year": 2017} for b in d["benchmarks"])
    assert len(d["revisions"]) == 5
    assert sum(len(r["points"]) for r in d["revisions"]) == 16
    assert [s["pages"] for s in d["sections"]] == ["P.9～15", "P.16～18", "P.19～21", "P.22～24"]


def test_002_statuses_and_observation_states() -> None:
    d = demo("002_2fafb69e9fb2321b")
    assert Counter(p["status"] for p in demo_projects(d)) == Counter({"継続": 22, "新規": 26})
    kpis = {k["name"]: k for k in demo_kpis(d)}
    assert kpis["市内事業所数"]["observations"][0]["status"] == "provisional"
    assert kpis["市内従業者数"]["observations"][0] == {
        "period": {"label": "H28 末現在", "fiscal_year": 2016, "year": 2017, "date": "2017-03-31"},
        "status": "pending",
        "text": "経済センサス確報値待ち",
    }
    assert kpis["定住意向"]["observations"][0]["status"] == "not_applicable"
    assert (kpis["多子世帯数"]["direction"], kpis["多子世帯数"]["target"]["comparator"]) == ("at_most", "<=")
    assert (kpis["婚姻届出数"]["direction"], kpis["合計特殊出生率"]["direction"]) == ("at_least", "maintain")
    assert kpis["商店街空き店舗数"]["direction"] == "decrease"
    assert kpis["20歳から29歳までの社会移動数"]["direction"] == "increase"


def test_003_grades_scheme_and_departments() -> None:
    d = demo("003_8be73c38ec680bed")
    projects = demo_projects(d)
    grades = Counter(e["grade"] + e["achievement"] for p in projects for e in p["evaluations"])
    assert grades == Counter({"A2": 52, "A3": 5, "B4": 5, "B3": 4, "B2": 1})
    assert all([e["fiscal_year"] for e in p["evaluations"]] == [2020] for p in projects)
    assert [p["number"] for p in projects] == [str(n) for n in range(1, 68)]
    assert sorted(int(p["number"]) for p in projects if len(p["departments"]) > 1) == [
        8,
        10,
        11,
        12,
        26,
        29,
        33,
        50,
        54,
        55,
    ]
    with_reference = sorted(int(p["number"]) for p in projects if p["evaluations"][0].get("references"))
    assert with_reference == [8, 20, 23, 26, 31, 32, 33, 34, 35, 40, 57, 60, 63]
    levels = {a["code"]: a for a in d["evaluation_scheme"]["achievement_levels"]}
    assert (levels["1"]["min_percent"], levels["2"]["min_percent"], levels["2"]["max_percent"]) == (105, 95, 105)
    assert {k["project_number"] for k in demo_kpis(d)} == {
        "3",
        "14",
        "16",
        "19",
        "21",
        "24",
        "28",
        "29",
        "46",
        "48",
        "49",
        "58",
        "61",
        "64",
        "67",
    }
    for p in projects:
        narrative = p["evaluations"][0]["narrative"]
        assert "資料２" not in narrative and "評価基準" not in narrative and "基本目標" not in narrative, p["number"]


def test_004_statuses_and_budget_items() -> None:
    d = demo("004_760d0c551dda269d")
    projects = demo_projects(d)
    assert Counter(p.get("status") for p in projects) == Counter({"継続": 43, "拡充": 7, "検討": 4, "新規": 2, None: 1})
    items = [b for p in projects for b in p.get("budget_items", [])]
    assert (len(items), sum(1 for b in items if b.get("code"))) == (56, 52)
    assert all(b.get("department") for b in items)
    hub = next(p for p in projects if p["name"] == "地域子育て支援拠点事業（つどいの広場・子育て広場）")
    assert [(b["code"], b["department"]) for b in hub["budget_items"]] == [
        ("0103020902", "子ども家庭支援センター"),
        ("0103020607", "子育て支援課"),
    ]


# ---------------------------------------------------------------- 4. names occur in the seed text


@pytest.mark.parametrize("seed", SEEDS)
def test_names_and_description_heads_occur_in_the_seed(seed: str) -> None:
    text = seed_text(seed)
    haystacks = (squash(text), squash(re.sub(r"【[^】]*】", "", text)))
    d = demo(seed)
    needles = [("KPI", k["name"]) for k in demo_kpis(d)]
    for p in demo_projects(d):
        needles.append(("project", p["name"]))
        if p.get("description"):
            needles.append(("description head", p["description"][:30]))
    absent = [f"{kind} {value!r}" for kind, value in needles if not any(squash(value) in h for h in haystacks)]
    assert not absent, f"{seed}: not in the seed text: {absent}"
    assert needles or seed == "001_f4945b02aaefedfa"


@pytest.mark.parametrize("path", sorted(DEMO.glob("*.json")), ids=lambda p: p.stem)
def test_every_period_is_what_its_label_says(path):
    """Each period's years and date are exactly what hyoka.jp reads from its printed label."""
    from hyoka.jp import parse_period

    def periods(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "period" and isinstance(value, dict):
                    yield value
                else:
                    yield from periods(value)
        elif isinstance(node, list):
            for value in node:
                yield from periods(value)

    for period in periods(json.loads(path.read_text(encoding="utf-8"))):
        parsed = parse_period(period["label"])
        expected = {
            "fiscal_year": parsed.fiscal_year,
            "year": parsed.year,
            "date": parsed.date and parsed.date.isoformat(),
        }
        assert {k: period.get(k) for k in expected} == expected, period["label"]
