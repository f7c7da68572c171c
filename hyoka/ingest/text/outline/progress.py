"""A progress summary's ○project blocks: narrative with the figures printed in it, and rankings.

- highlight metrics: 登録児童数 2,684人(令和3年度末) ↓ 3,128人(令和4年度末) 462人増;
- one-line metrics: 令和4年度 奨励企業2社(3事業所), 令和4年度移住組数 19組;
- small metric tables: 令和3年度末 / 第2層協議体 / 9か所 … (a period per row, name–value pairs);
- image captions after two blank lines become attachments;
- external rankings: 「…ランキング2022」で全国12位 (前回8位、前々回9位) → an indicator in 位.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import (
    PERIOD_PREFIX_RE,
    cells,
    is_blank,
    is_tab_row,
    looks_like_period,
    next_nonblank,
    prep,
    to_period,
    value_and_unit,
)

_NUM = r"[△▲\-]?\d[\d,]*(?:\.\d+)?"
_Q = rf"{_NUM}\s*[万億]?\s*(?:%|[^\W\d_()]+)?"
ARROW_RE = re.compile(r"^\s*[↓⇩⬇︎▼]\s*$")
_BEFORE_RE = re.compile(rf"^(?P<name>[^\d△▲]*[^\d\s△▲])\s*(?P<q>{_Q})\s*\((?P<p>[^()]+)\)\s*$")
_AFTER_RE = re.compile(rf"^\s*(?P<q>{_Q})\s*\((?P<p>[^()]+)\)\s*(?P<delta>.*)$")
_INLINE_RE = re.compile(
    rf"^(?P<name>[^\d△▲]*[^\d\s△▲])\s*(?P<q1>{_Q})\s*\((?P<p1>[^()]+)\)\s*[→⇒↓]\s*(?P<q2>{_Q})\s*\((?P<p2>[^()]+)\)\s*(?P<delta>.*)$"
)
_CHUNK_RE = re.compile(rf"(?P<open>\()?\s*(?P<label>[^\d\s()△▲]*?)\s*(?P<q>{_Q})\s*\)?")
_RANKING_RE = re.compile(
    r"「(?P<name>[^」]*?(?:ランキング|順位|ランク)[^」]*?)」\s*(?:で|において|にて)?[^。]*?(?P<text>(?:全国|県内|都内|道内|府内|全体)?\s*(?P<rank>\d+)\s*位)"
)
_PREVIOUS_RANK_RE = re.compile(r"(?P<label>前々回|前回|前年度?|昨年度?|\d{4}年?(?:度)?)\s*(?P<rank>\d+)\s*位")
_SURVEY_RE = re.compile(r"(?P<who>[^、。\s]*?)が[^「」。]*?「(?P<survey>[^」]+)」")


def _metric(name: str, qtext: str, label: str | None, text: str | None = None, **extra) -> ix.Metric | None:
    value, unit = value_and_unit(qtext)
    if value is None:
        return None
    return ix.Metric(name=name.strip(), value=value, unit=unit, period=to_period(label), text=text, **extra)


def _printed(original: str, m: re.Match[str], group: str) -> str:
    """A matched group as printed (４２１人, not 421人), where NFKC kept the text's length."""
    text = original.strip()
    if len(prep(text)) == len(text):
        return text[m.start(group) : m.end(group)].strip()
    return m[group].strip()


def read_progress_block(
    lines: list[Line], i: int, project: ix.Project, ends: Callable[[int], bool]
) -> tuple[list[ix.Metric], int]:
    """A ○project block from `i` until `ends(index)` or a ranking: narrative, highlight metrics, metric
    lines and rows, image captions. Sets the project's description (if none) and attachments; returns the
    metrics found and the index after the block."""
    metrics: list[ix.Metric] = []
    paragraphs: list[list[str]] = []
    blanks = 0
    last_name: str | None = None
    while i < len(lines):
        line = lines[i]
        if is_blank(line):
            blanks += 1
            i += 1
            continue
        if ends(i) or ranking(line.text, "") is not None:
            break
        t = prep(line.text).strip()
        if found := highlight(lines, i):
            metrics.append(found[0])
            last_name = found[0].name
            i, blanks = found[1], 0
            continue
        if is_tab_row(line):
            rows: list[list[str]] = []
            while i < len(lines) and is_tab_row(lines[i]) and not ends(i):
                rows.append(cells(lines[i]))
                i += 1
            metrics.extend(table_metrics(rows, looks_like_period))
            blanks = 0
            continue
        if found_line := line_metrics(line.text, last_name):
            metrics.extend(found_line)
            last_name = found_line[0].name
            i, blanks = i + 1, 0
            continue
        if blanks >= 2 and len(t) <= 40 and not re.search(r"[。、\d]", t):
            project.attachments.append(ix.Attachment(title=line.text.strip(), kind="image"))
            i, blanks = i + 1, 0
            continue
        if blanks or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(line.text.strip())
        i, blanks = i + 1, 0
    text = "\n".join("".join(p) for p in paragraphs if p)
    project.description = project.description or (text or None)
    return metrics, i


def highlight(lines: list[Line], i: int) -> tuple[ix.Metric, int] | None:
    """name before(period) / ↓ / after(period) delta — or the same on one line with →."""
    t = prep(lines[i].text).strip()
    if m := _INLINE_RE.match(t):
        before = value_and_unit(m["q1"])[0]
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
    j = next_nonblank(lines, i + 1)
    if j is None or not ARROW_RE.match(prep(lines[j].text)):
        return None
    k = next_nonblank(lines, j + 1)
    a = _AFTER_RE.match(prep(lines[k].text).strip()) if k is not None else None
    before = value_and_unit(m["q"])[0]
    if a is None or before is None or k is None:
        return None
    after = lines[k].text
    metric = _metric(m["name"], a["q"], _printed(after, a, "p"), delta_text=_printed(after, a, "delta") or None)
    if metric is None:
        return None
    p = _printed(lines[i].text, m, "p")
    metric.before = ix.Observation(value=before, period=to_period(p) or ix.Period(label=p))
    return metric, k + 1


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
            before = value_and_unit(b_q)[0]
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
