"""Revision points (改定ポイント): 【対象ページ】 P.9～15 <section>, then 【ポイント】 bullets, and the
KPIs and benchmarks stated in them: 「①自然減の拡大」…「257 人」…, 「合計特殊出生率」の目標値「1.8」,
benchmark lists (小平市：1.33、… 出典：…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import BULLETS, CIRCLED, prep, to_period, value_and_unit
from hyoka.jp import parse_target

_ERA_DATE = r"(?:平成|令和|昭和)\s*(?:\d+|元)\s*年\s*(?:度\s*)?(?:\d+\s*月\s*(?:\d+\s*日)?)?\s*(?:時点|現在|末|調査)?"
_ERA_DATE_RE = re.compile(_ERA_DATE)
_TOPIC_RE = re.compile(rf"^「[{CIRCLED}]?\s*(?P<topic>[^」]+)」\s*(?:について(?:は)?|は|では)")
_QUOTED_Q_RE = re.compile(r"「\s*(?P<q>[△▲\-]?\d[\d,]*(?:\.\d+)?\s*(?:%|[^\W\d_」]+)?)\s*」")
_BARE_Q_RE = re.compile(
    r"(?<![\d.,])(?P<q>[△▲\-]?\d[\d,]*(?:\.\d+)?\s*(?:%|[^\W\d_\s、。」]+?)?)\s*(?:と(?:なって|なり|なった|なる)|である|であった|だった)"
)
_TARGET_RE = re.compile(
    r"(?:「(?P<src>[^」]+)」\s*で\s*(?:かかげる|掲げる|掲げた|定める|定めた|示す|設定した)\s*)?"
    r"「(?P<name>[^」]+)」\s*の\s*目標値?\s*(?:は|を)?\s*「(?P<v>[^」]+)」"
)
_TREND_SUFFIXES = ("の拡大", "の縮小", "の増加", "の減少", "の推移", "の状況", "の動向", "の傾向", "の改善")
_BENCH_BODY_RE = re.compile(r"\((?P<body>[^()]*?:\s*\d[^()]*?)\)")
_BENCH_PAIR_RE = re.compile(r"(?P<area>[^\s:、,()]+)\s*:\s*(?P<v>[△▲\-]?\d+(?:\.\d+)?)\s*(?P<unit>%|[^\W\d_、,\s出]+)?")
REVISION_RE = re.compile(r"^\s*【\s*対象ページ[^】]*】\s*(?P<rest>.*)$")
_PAGES_RE = re.compile(r"^[PpＰｐ][.．]?\s*[\d０-９]+(?:\s*[～~\-－–〜]\s*[\d０-９]+)?")
_POINT_MARK_RE = re.compile(rf"^\s*(?:[-*・{BULLETS}]\s*)+")


@dataclass
class RevisionBlock:
    revision: ix.Revision
    heading_text: str  # the section as printed after the page range
    pages: str | None
    indicators: list[ix.Indicator] = field(default_factory=list)
    benchmarks: list[ix.Benchmark] = field(default_factory=list)


def read_revision(lines: list[Line], i: int, stop) -> tuple[RevisionBlock, int]:
    """【対象ページ】 P.9～15 <section> then 【ポイント】 bullets until the next 【対象ページ】."""
    rest = REVISION_RE.match(lines[i].text)["rest"].strip()  # type: ignore[index]
    pages = None
    if pm := _PAGES_RE.match(rest):
        pages, rest = pm[0].strip(), rest[pm.end() :].strip()
    section = rest or (pages or "?")
    points: list[str] = []
    notes: list[str] = []
    in_points = False
    current: list[str] | None = None
    j = i + 1
    while j < len(lines):
        line = lines[j]
        t = line.text.strip()
        if REVISION_RE.match(line.text) or stop(line):
            break
        j += 1
        if not t:
            current = None
            continue
        if re.fullmatch(r"【[^】]*】", t):
            in_points = True
            current = None
            continue
        if re.match(r"^[(（]?\s*[※＊]", t):
            notes.append(t)
            current = None
            continue
        marked = _POINT_MARK_RE.match(t) or t.startswith(("⇒", "→"))
        if current is not None and not marked:
            current.append(t)
            continue
        if not in_points and not marked:
            notes.append(t)
            continue
        current = [_POINT_MARK_RE.sub("", t)]
        points.append(current)  # type: ignore[arg-type]
    texts = ["".join(part.rstrip() for part in p) for p in points]  # type: ignore[union-attr]
    block = RevisionBlock(ix.Revision(section=section, pages=pages, points=texts, notes=notes), section, pages)
    for text in texts:
        _scan_point(text, block)
    return block, j


def _scan_point(text: str, block: RevisionBlock) -> None:
    t = prep(text)
    topic_m = _TOPIC_RE.match(t)
    topic = _indicator_name(topic_m["topic"]) if topic_m else None
    if topic_m and topic:
        observations: list[ix.Observation] = []
        unit = None
        start = topic_m.end()
        values = sorted(
            [(m.start(), m.end(), m["q"]) for m in _QUOTED_Q_RE.finditer(t, start)]
            + [(m.start(), m.end(), m["q"]) for m in _BARE_Q_RE.finditer(t, start)]
        )
        cursor = start
        for s, e, qtext in values:
            if s < cursor:
                continue
            before = t[cursor:s]
            periods = list(_ERA_DATE_RE.finditer(before))
            value, q_unit = value_and_unit(qtext)
            cursor = e
            if not periods or value is None:
                continue
            unit = unit or q_unit
            label = periods[-1][0].strip()
            observations.append(ix.Observation(value=value, period=to_period(label) or ix.Period(label=label)))
        if observations:
            direction = "decrease" if topic.endswith(("減", "減少")) else "increase"
            block.indicators.append(
                ix.Indicator(name=topic, unit=unit, direction=direction, observations=observations, notes=[text])
            )
        for body in _BENCH_BODY_RE.finditer(t):
            _benchmarks(topic, body["body"], observations, block)
    for m in _TARGET_RE.finditer(t):
        spec = parse_target(m["v"])
        target = ix.Target(
            value=spec.value, comparator=spec.comparator, text=m["v"].strip(), period=to_period(m["src"])
        )
        block.indicators.append(
            ix.Indicator(name=_indicator_name(m["name"]) or m["name"], unit=spec.unit, target=target, source=m[0])
        )


def _indicator_name(topic: str) -> str:
    name = topic.strip().lstrip(CIRCLED).strip()
    for suffix in _TREND_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def _benchmarks(indicator: str, body: str, observations: list[ix.Observation], block: RevisionBlock) -> None:
    values, _, source = body.partition("出典")
    source = source.lstrip(":： ").strip() or None
    label = None
    if source and (p := _ERA_DATE_RE.search(source)):
        label = re.sub(r"(時点|現在|末|調査)$", "", p[0]).strip()
    elif observations:
        label = observations[-1].period.label
    for m in _BENCH_PAIR_RE.finditer(values):
        area = m["area"].strip()
        if not area:
            continue
        block.benchmarks.append(
            ix.Benchmark(
                indicator=indicator,
                area=area,
                value=Decimal(m["v"].replace("△", "-").replace("▲", "-")),
                unit=m["unit"] or None,
                period=to_period(label),
                source=source,
            )
        )
