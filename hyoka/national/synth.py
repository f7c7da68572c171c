"""A synthetic national data set (`hyoka synth`): every municipality of the national list with one plan.

Pure Python (no Django), deterministic: the same seed gives the same data, each municipality from its own
random stream (seed and code), so one municipality's data does not depend on which others are made. A plan
has four 基本目標 with three 施策 each, 24 projects, about 60 KPIs (one per standard indicator of the
catalogue, linked to it, and local ones), ten years of values (the latest 速報, the rest 確定) and five
years of evaluations. Sizes follow the municipality's kind (a city is larger than a village), so a ranking
across the country has a spread. ``bulk.py`` writes it in bulk.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

FIRST_YEAR, LAST_YEAR = 2015, 2024  # ten years of values
EVALUATION_YEARS = range(2020, LAST_YEAR + 1)
GOALS = [
    ("しごとをつくり、安心して働けるようにする", ["地域産業の振興", "雇用の創出", "観光の振興"]),
    ("新しいひとの流れをつくる", ["移住・定住の促進", "関係人口の創出", "住環境の整備"]),
    ("結婚・出産・子育ての希望をかなえる", ["出会いと結婚の支援", "子育て支援の充実", "教育環境の充実"]),
    ("安心して暮らせるまちをつくる", ["健康づくりの推進", "地域の安全", "持続可能なまちづくり"]),
]
DEPARTMENTS = ["企画課", "産業振興課", "観光課", "子育て支援課", "健康課", "都市計画課"]
PROJECT_WORDS = ["支援事業", "推進事業", "促進事業", "整備事業"]
LOCAL_KPIS = [
    ("子ども食堂の開設数", "か所"),
    ("ネウボラ相談件数", "件"),
    ("図書館の貸出冊数", "冊"),
    ("公民館講座の参加者数", "人"),
    ("地域おこし協力隊の定着数", "人"),
    ("シェアオフィスの利用者数", "人"),
    ("コミュニティバスの利用者数", "人"),
    ("防災訓練の参加者数", "人"),
    ("自主防災組織の結成率", "%"),
    ("ボランティア登録者数", "人"),
    ("農産物直売所の売上額", "円"),
    ("空き店舗の活用件数", "件"),
    ("インターンシップの受入人数", "人"),
    ("婚活イベントの参加者数", "人"),
    ("産後ケアの利用者数", "人"),
    ("ICTを活用した授業の割合", "%"),
    ("健康ポイント事業の参加者数", "人"),
    ("スポーツ施設の利用者数", "人"),
    ("公園の愛護団体数", "団体"),
    ("再生可能エネルギーの導入量", "kW"),
    ("ごみのリサイクル率", "%"),
    ("市民活動団体の数", "団体"),
    ("ホームページの閲覧数", "件"),
]
SIZE = {"city": 3.0, "special_ward": 4.0, "town": 1.0, "village": 0.3}  # scale of counts per kind


@dataclass(frozen=True)
class Standard:
    """A catalogue indicator as the generator needs it (hyoka.catalog.models.StandardIndicator)."""

    code: str
    name: str
    unit: str
    direction: str  # increase, decrease, neutral


@dataclass
class Value:
    fiscal_year: int
    value: Decimal
    provisional: bool  # 速報 (the latest year), else 確定


@dataclass
class Kpi:
    name: str
    unit: str
    direction: str  # Indicator.Direction
    goal: int  # index of the 基本目標
    policy: int  # index of the 施策 under it
    project: int | None  # index into SynthPlan.projects
    baseline: Decimal
    target: Decimal
    values: list[Value]
    standard_code: str = ""  # linked to the catalogue when set


@dataclass
class Entry:
    fiscal_year: int
    grade: str  # A–D
    achievement: str  # 1–4
    narrative: str
    future_direction: str
    budget: Decimal


@dataclass
class SynthProject:
    number: str
    name: str
    description: str
    goal: int
    policy: int
    department: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class SynthPlan:
    code: str
    name: str
    prefecture: str
    title: str
    projects: list[SynthProject]
    kpis: list[Kpi]


def _series(rng: random.Random, start: float, trend: float, noise: float, digits: int) -> list[Decimal]:
    values, level = [], start
    for _ in range(FIRST_YEAR, LAST_YEAR + 1):
        values.append(Decimal(str(round(max(level, 0.0), digits))))
        level *= 1 + trend + rng.gauss(0, noise)
    return values


def _kpi(rng: random.Random, name: str, unit: str, direction: str, size: float, slot: int, projects: int) -> Kpi:
    if unit == "%":
        start, digits = rng.uniform(5, 80), 1
    elif unit in ("円",):
        start, digits = rng.uniform(1e6, 5e8) * size, 0
    elif name == "合計特殊出生率" or unit == "":
        start, digits = rng.uniform(1.0, 1.8), 2
    elif unit == "歳":
        start, digits = rng.uniform(70, 75), 1
    else:
        start, digits = rng.uniform(20, 2000) * size, 0
    trend = {"increase": 0.02, "decrease": -0.02}.get(direction, 0.0)
    series = _series(rng, start, trend, 0.03, digits)
    factor = Decimal("1.1") if direction == "increase" else Decimal("0.9") if direction == "decrease" else Decimal(1)
    target = (series[0] * factor).quantize(Decimal(1) if digits == 0 else Decimal(1).scaleb(-digits))
    goal, policy = divmod(slot % 12, 3)
    values = [Value(FIRST_YEAR + i, v, provisional=FIRST_YEAR + i == LAST_YEAR) for i, v in enumerate(series)]
    project = slot % projects if slot % 3 else None  # two KPIs in three belong to a project
    return Kpi(name, unit, direction, goal, policy, project, series[0], target, values)


def synth_plan(seed: int, code: str, name: str, prefecture: str, kind: str, standards: Sequence[Standard]) -> SynthPlan:
    """One municipality's plan, the same for the same seed and code."""
    rng = random.Random(f"{seed}:{code}")
    size = SIZE.get(kind, 1.0) * rng.lognormvariate(0, 0.5)
    projects = []
    for goal, (_title, policies) in enumerate(GOALS):
        for policy, policy_title in enumerate(policies):
            for k in range(2):
                number = f"{goal + 1}-{policy + 1}-{k + 1}"
                project = SynthProject(
                    number=number,
                    name=f"{name}{policy_title}{PROJECT_WORDS[(goal + policy + k) % len(PROJECT_WORDS)]}",
                    description=f"{name}の{policy_title}のため、{rng.choice(['相談窓口', '補助金', '講座', '情報発信'])}を行う。",
                    goal=goal,
                    policy=policy,
                    department=DEPARTMENTS[(goal * 3 + policy + k) % len(DEPARTMENTS)],
                )
                for fy in EVALUATION_YEARS:
                    grade = rng.choices("ABCD", weights=[3, 5, 2, 1])[0]
                    project.entries.append(
                        Entry(
                            fiscal_year=fy,
                            grade=grade,
                            achievement=str("ABCD".index(grade) + 1),
                            narrative=f"{fy}年度は{project.name}の{rng.choice(['利用者', '参加者', '相談件数'])}"
                            f"が{rng.randint(10, 900)}となった。",
                            future_direction=rng.choice(
                                ["継続して実施する。", "内容を見直して拡充する。", "縮小する。"]
                            ),
                            budget=Decimal(rng.randint(1, 500) * 100_000),
                        )
                    )
                projects.append(project)
    kpis = []
    for slot, s in enumerate(standards):
        direction = {"neutral": "maintain"}.get(s.direction, s.direction)
        kpi = _kpi(rng, s.name, s.unit, direction, size, slot, len(projects))
        kpi.standard_code = s.code
        kpis.append(kpi)
    for i, (kpi_name, unit) in enumerate(LOCAL_KPIS):
        kpis.append(_kpi(rng, kpi_name, unit, "increase", size, len(standards) + i, len(projects)))
    return SynthPlan(code, name, prefecture, "第2期まち・ひと・しごと創生総合戦略", projects, kpis)


def synth_plans(
    seed: int, municipalities: Sequence[tuple[str, str, str, str]], standards: Sequence[Standard]
) -> Iterator[SynthPlan]:
    """(code, name, prefecture, kind) of each municipality → its plan, one at a time (memory stays flat)."""
    for code, name, prefecture, kind in municipalities:
        yield synth_plan(seed, code, name, prefecture, kind, standards)


def limit_argument(text: str) -> int:
    """--limit of `hyoka synth` and the national bench: a whole number of municipalities, 1 or more."""
    try:
        limit = int(text)
    except ValueError:
        limit = 0
    if limit < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of municipalities (1 or more)")
    return limit
