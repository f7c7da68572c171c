"""Figures printed as prose or short lines rather than KPI tables.

- highlight metrics of a progress summary: 登録児童数 2,684人(令和3年度末) ↓ 3,128人(令和4年度末) 462人増;
- one-line metrics: 令和4年度 奨励企業2社(3事業所), 令和4年度移住組数 19組;
- small metric tables: 令和3年度末 / 第2層協議体 / 9か所 … (a period per row, name–value pairs);
- external rankings: 「…ランキング2022」で全国12位 (前回8位、前々回9位) → an indicator in 位;
- revision points (改定ポイント): 【対象ページ】 P.9～15 …, 【ポイント】 bullets;
- KPIs stated in those points: 「①自然減の拡大」…「257 人」…, 「合計特殊出生率」の目標値「1.8」, and
  benchmark lists (小平市：1.33、… 出典：…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline_common import (
    BULLETS,
    CIRCLED,
    PERIOD_PREFIX_RE,
    is_blank,
    prep,
    to_period,
)
from hyoka.jp import QuantityError, parse_quantity, parse_target

_NUM = r"[△▲\-]?\d[\d,]*(?:\.\d+)?"
_Q = rf"{_NUM}\s*[万億]?\s*(?:%|[^\W\d_()]+)?"
ARROW_RE = re.compile(r"^\s*[↓⇩⬇︎▼]\s*$")
_BEFORE_RE = re.compile(rf"^(?P<name>[^\d△▲]*[^\d\s△▲])\s*(?P<q>{_Q})\s*\((?P<p>[^()]+)\)\s*$")
_AFTER_RE = re.compile(rf"^\s*(?P<q>{_Q})\s*\((?P<p>[^()]+)\)\s*(?P<delta>.*)$")
_INLINE_RE = re.compile(
    rf"^(?P<name>[^\d△▲]*[^\d\s△▲])\s*(?P<q1>{_Q})\s*\((?P<p1>[^()]+)\)\s*[→⇒↓]\s*(?P<q2>{_Q})\s*\((?P<p2>[^()]+)\)\s*(?P<delta>.*)$"
)
_CHUNK_RE = re.compile(rf"(?P<open>\()?\s*(?P<label>[^\d\s()△▲]*?)\s*(?P<q>{_Q})\s*\)?")
_VERB_SUFFIXES = ("開催", "実施", "設置", "参加", "受講", "達成", "登録", "利用", "受診", "交付")
_RANKING_RE = re.compile(
    r"「(?P<name>[^」]*?(?:ランキング|順位|ランク)[^」]*?)」\s*(?:で|において|にて)?[^。]*?(?P<text>(?:全国|県内|都内|道内|府内|全体)?\s*(?P<rank>\d+)\s*位)"
)
_PREVIOUS_RANK_RE = re.compile(r"(?P<label>前々回|前回|前年度?|昨年度?|\d{4}年?(?:度)?)\s*(?P<rank>\d+)\s*位")
_SURVEY_RE = re.compile(r"(?P<who>[^、。\s]*?)が[^「」。]*?「(?P<survey>[^」]+)」")
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


def _value(qtext: str) -> tuple[Decimal | None, str | None]:
    try:
        q = parse_quantity(qtext)
    except QuantityError:
        return None, None
    return q.value, _clean_unit(q.unit)


def _clean_unit(unit: str | None) -> str | None:
    """延べ57回開催 → 回: a counter followed by a verb keeps only the counter."""
    if not unit:
        return None
    for suffix in _VERB_SUFFIXES:
        if unit.endswith(suffix) and len(unit) > len(suffix):
            return unit[: -len(suffix)]
    return unit


def _metric(name: str, qtext: str, label: str | None, text: str | None = None, **extra) -> ix.Metric | None:
    value, unit = _value(qtext)
    if value is None:
        return None
    return ix.Metric(name=name.strip(), value=value, unit=unit, period=to_period(label), text=text, **extra)


def _printed(original: str, m: re.Match[str], group: str) -> str:
    """A matched group as printed (４２１人, not 421人), where NFKC kept the text's length."""
    text = original.strip()
    if len(prep(text)) == len(text):
        return text[m.start(group) : m.end(group)].strip()
    return m[group].strip()


def highlight(lines: list[Line], i: int) -> tuple[ix.Metric, int] | None:
    """name before(period) / ↓ / after(period) delta — or the same on one line with →."""
    t = prep(lines[i].text).strip()
    if m := _INLINE_RE.match(t):
        before = _value(m["q1"])[0]
        shown = lines[i].text
        delta = _printed(shown, m, "delta") or None
        metric = _metric(m["name"], m["q2"], _printed(shown, m, "p2"), delta_text=delta)
        if metric is not None and before is not None:
            p1 = _printed(shown, m, "p1")
            metric.before = ix.Observation(value=before, period=to_period(p1) or ix.Period(label=p1))
            return metric, i + 1
    m = _BEFORE_RE.match(t)
    if not m:
        return None
    j = _next_nonblank(lines, i + 1)
    if j is None or not ARROW_RE.match(prep(lines[j].text)):
        return None
    k = _next_nonblank(lines, j + 1)
    a = _AFTER_RE.match(prep(lines[k].text).strip()) if k is not None else None
    before = _value(m["q"])[0]
    if a is None or before is None or k is None:
        return None
    after = lines[k].text
    metric = _metric(m["name"], a["q"], _printed(after, a, "p"), delta_text=_printed(after, a, "delta") or None)
    if metric is None:
        return None
    p = _printed(lines[i].text, m, "p")
    metric.before = ix.Observation(value=before, period=to_period(p) or ix.Period(label=p))
    return metric, k + 1


def _next_nonblank(lines: list[Line], i: int) -> int | None:
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i if i < len(lines) else None


def chunks(text: str) -> list[tuple[str, bool, str]]:
    """'奨励企業2社(3事業所)' → [('奨励企業', False, '2社'), ('', True, '3事業所')]."""
    found = []
    for m in _CHUNK_RE.finditer(text):
        label = m["label"].strip()
        if m["open"]:  # （うち新規800人）: a part of the figure before it, named on its own
            label = re.sub(r"^(?:うち|内訳|内)\s*", "", label)
        found.append((label, bool(m["open"]), m["q"].strip()))
    return found


def line_metrics(text: str, last_name: str | None) -> list[ix.Metric]:
    """One-line metrics: 令和4年度 奨励企業2社(3事業所), 移住組数 19組(令和4年度), 令和2年度からの累計6社."""
    t = prep(text).strip()
    if t.endswith("。") or len(t) > 60 or not re.search(r"\d", t):
        return []
    if m := _BEFORE_RE.match(t):
        metric = _metric(m["name"], m["q"], m["p"])
        return [metric] if metric else []
    p = PERIOD_PREFIX_RE.match(t)
    if not p:
        return []
    label, rest = p["p"].strip(), t[p.end() :].strip()
    found: list[ix.Metric] = []
    name = last_name
    parts = chunks(rest)
    for label_text, bracket, qtext in parts:
        this = label_text or name
        if not bracket and label_text:
            name = label_text
        if not this:
            return []
        metric = _metric(this, qtext, label, text if len(parts) > 1 else None)
        if metric is None:
            return []
        found.append(metric)
    return found


def table_metrics(rows: list[list[str]], looks_like_period) -> list[ix.Metric]:
    """Rows of a small metric table: each row has one period cell and name–value pairs.

    The first row of a name is the value before, the last the value reached; a bracketed
    figure with its own name (5名（合計活動者数58名）) is a metric of its own.
    """
    series: dict[str, list[tuple[str, str, str]]] = {}
    extra: list[ix.Metric] = []
    previous: list[str] = []
    for cs in rows:
        periods = [c for c in cs if c and looks_like_period(c)]
        if len(periods) != 1:
            continue
        label = periods[0]
        rest = [c for c in cs if c != label]
        if len(rest) % 2:
            rest = rest[:-1] if not rest[-1] else rest
        names: list[str] = []
        for k in range(0, len(rest) - 1, 2):
            name, value = rest[k].strip(), rest[k + 1].strip()
            if not name and len(previous) > k // 2:
                name = previous[k // 2]
            names.append(name)
            if not name:
                continue
            parts = chunks(prep(value))
            if not parts:
                continue
            series.setdefault(name, []).append((label, parts[0][2], value))
            for sub_label, bracket, qtext in parts[1:]:
                if bracket and sub_label:
                    m = _metric(sub_label, qtext, label, value)
                    if m:
                        extra.append(m)
        previous = names
    metrics: list[ix.Metric] = []
    for name, points in series.items():
        label, qtext, shown = points[-1]
        metric = _metric(name, qtext, label, shown if shown != qtext else None)
        if metric is None:
            continue
        if len(points) > 1:
            b_label, b_q, _ = points[0]
            before = _value(b_q)[0]
            if before is not None:
                metric.before = ix.Observation(value=before, period=to_period(b_label) or ix.Period(label=b_label))
        metrics.append(metric)
    return metrics + extra


def ranking(text: str, more: str) -> ix.Indicator | None:
    """「…ランキング2022」で全国12位 → an indicator in 位 (lower is better) with the earlier places."""
    t = prep(text).strip()
    m = _RANKING_RE.search(t)
    if not m:
        return None
    name, label = m["name"].strip(), None
    if y := re.search(r"\s*(\d{4})\s*(?:年度?|年版)?$", name):
        name, label = name[: y.start()].strip(), y[1]
    observations: list[ix.Observation] = []
    tail = prep(more)
    for p in _PREVIOUS_RANK_RE.finditer(tail):
        observations.append(
            ix.Observation(value=Decimal(p["rank"]), period=ix.Period(label=p["label"]), text=p[0].strip())
        )
    observations.reverse()
    current = ix.Observation(
        value=Decimal(m["rank"]), period=to_period(label) or ix.Period(label="今回"), text=m["text"].strip()
    )
    source = None
    if s := _SURVEY_RE.search(tail):
        source = f"{s['who']}「{s['survey']}」".strip()
    notes = [text.strip()] + ([more.strip()] if more.strip() else [])
    return ix.Indicator(
        name=name, unit="位", direction="decrease", observations=[*observations, current], source=source, notes=notes
    )


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
            value, q_unit = _value(qtext)
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
