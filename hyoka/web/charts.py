"""Inline SVG charts drawn on the server: a KPI card's sparkline and a KPI page's trend chart.

Pure Python, no Django: values in, an ``<svg>`` string out, so the pages need no chart library
and the functions are tested in milliseconds. Every chart is an image to assistive technology
(role="img") whose aria-label and <title> state the values in words, so nothing is only drawn.
Colours come from hyoka.css classes (.spark, .chart .series/.point/.target/.baseline).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

Number = int | float | Decimal


@dataclass(frozen=True)
class ChartPoint:
    """One point of a chart: a fiscal year, a value and how a reader says it (令和2年度 429件)."""

    x: int
    y: Number
    label: str
    provisional: bool = False


def _num(value: Number) -> float:
    return float(value)


def _fmt(value: float) -> str:
    """Coordinates with at most two decimals, no "-0"."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _scale(lo: float, hi: float, out_lo: float, out_hi: float) -> Callable[[float], float]:
    if hi == lo:
        middle = (out_lo + out_hi) / 2
        return lambda _v: middle
    return lambda v: out_lo + (v - lo) / (hi - lo) * (out_hi - out_lo)


def sparkline(
    points: Sequence[tuple[Number, Number]],
    *,
    label: str,
    target: Number | None = None,
    width: int = 120,
    height: int = 32,
) -> str:
    """A small line of (year, value) points, the last one dotted, the target as a dashed line.

    Empty when there is nothing to draw. Points are drawn in the order given; the y axis spans the
    values and the target, so the gap to the target is visible at a glance.
    """
    finite = [xy for xy in ((_num(x), _num(y)) for x, y in points) if math.isfinite(xy[0]) and math.isfinite(xy[1])]
    if not finite:
        return ""
    goal = _num(target) if target is not None else math.nan  # drawn when finite
    ys = [y for _, y in finite] + ([goal] if math.isfinite(goal) else [])
    xs = [x for x, _ in finite]
    pad = 3
    sx = _scale(min(xs), max(xs), pad, width - pad)
    sy = _scale(min(ys), max(ys), height - pad, pad)
    coords = [(sx(x), sy(y)) for x, y in finite]
    text = escape(label)
    parts = [
        f'<svg class="spark" viewBox="0 0 {width} {height}" role="img" aria-label="{text}">',
        f"<title>{text}</title>",
    ]
    if math.isfinite(goal):
        ty = _fmt(sy(goal))
        parts.append(f'<line class="target" x1="0" y1="{ty}" x2="{width}" y2="{ty}"/>')
    if len(coords) > 1:
        parts.append(f'<polyline points="{" ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in coords)}"/>')
    last_x, last_y = coords[-1]
    parts.append(f'<circle cx="{_fmt(last_x)}" cy="{_fmt(last_y)}" r="2.5"/>')
    parts.append("</svg>")
    return "".join(parts)


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """About ``count`` round tick values (1, 2 or 5 × 10ⁿ apart) covering [lo, hi]."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return []
    if lo > hi:
        lo, hi = hi, lo
    if hi - lo < 1e-6 * max(1.0, abs(lo), abs(hi)):  # one value (or a float's rounding apart): a band around it
        span = max(abs(lo), abs(hi))
        span = span if span > 1e-6 else 1.0
        lo, hi = lo - span / 2, hi + span / 2
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    first = math.floor(lo / step) * step
    ticks = []
    value = first
    while value < hi + step / 2 and len(ticks) < 50:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < hi:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def trend_chart(
    actuals: Sequence[ChartPoint],
    *,
    title: str,
    baseline: ChartPoint | None = None,
    target: ChartPoint | None = None,
    projected: ChartPoint | None = None,
    original_target: ChartPoint | None = None,
    format_y: Callable[[float], str] = _fmt,
    format_x: Callable[[int], str] = str,
    width: int = 640,
    height: int = 280,
) -> str:
    """A KPI's line chart: the baseline point, the actual values, the target (a dashed level and
    its point at the target year) and the projected trend from the last actual to the target year.
    After a 目標改定, ``original_target`` is the target first set, drawn fainter beside the one in force.

    The aria-label lists every point's label, so a screen reader hears the values the chart shows.
    """
    everything = [p for p in (baseline, *actuals, original_target, target, projected) if p is not None]
    if not everything:
        return ""
    left, right, top, bottom = 64, 16, 16, 36
    xs = [p.x for p in everything]
    x_lo, x_hi = min(xs), max(xs)
    ticks = nice_ticks(min(_num(p.y) for p in everything), max(_num(p.y) for p in everything), 5)
    sx = _scale(x_lo - 0.5, x_hi + 0.5, left, width - right)
    sy = _scale(ticks[0], ticks[-1], height - bottom, top)
    summary = f"{title}：" + "、".join(p.label for p in everything)
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{escape(summary)}">',
        f"<title>{escape(summary)}</title>",
        '<g class="axis" aria-hidden="true">',
    ]
    for tick in ticks:
        y = _fmt(sy(tick))
        parts.append(f'<line class="grid-line" x1="{left}" y1="{y}" x2="{width - right}" y2="{y}"/>')
        parts.append(f'<text x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="middle">')
        parts.append(f"{escape(format_y(tick))}</text>")
    label_every = max(1, math.ceil((x_hi - x_lo + 1) / 8))  # at most about eight year labels
    for year in range(x_lo, x_hi + 1):
        if (year - x_lo) % label_every == 0:
            parts.append(f'<text x="{_fmt(sx(year))}" y="{height - bottom + 18}" text-anchor="middle">')
            parts.append(f"{escape(format_x(year))}</text>")
    parts.append("</g>")

    if original_target is not None:
        oy = _fmt(sy(_num(original_target.y)))
        parts.append(f'<line class="target original-target" x1="{left}" y1="{oy}" x2="{width - right}" y2="{oy}"/>')
    if target is not None:
        ty = _fmt(sy(_num(target.y)))
        parts.append(f'<line class="target" x1="{left}" y1="{ty}" x2="{width - right}" y2="{ty}"/>')
    if baseline is not None:
        by = _fmt(sy(_num(baseline.y)))
        parts.append(f'<line class="baseline" x1="{left}" y1="{by}" x2="{width - right}" y2="{by}"/>')
    last = actuals[-1] if actuals else baseline
    if projected is not None and last is not None:
        parts.append(
            f'<line class="series projection" stroke-dasharray="6 4" x1="{_fmt(sx(last.x))}" y1="{_fmt(sy(_num(last.y)))}"'
            f' x2="{_fmt(sx(projected.x))}" y2="{_fmt(sy(_num(projected.y)))}"/>'
        )
    line = ([baseline] if baseline is not None and (not actuals or baseline.x <= actuals[0].x) else []) + list(actuals)
    if len(line) > 1:
        coords = " ".join(f"{_fmt(sx(p.x))},{_fmt(sy(_num(p.y)))}" for p in line)
        parts.append(f'<polyline class="series" points="{coords}"/>')

    def marker(point: ChartPoint, css: str, shape: str = "circle") -> str:
        x, y = _fmt(sx(point.x)), _fmt(sy(_num(point.y)))
        tip = f"<title>{escape(point.label)}</title>"
        if shape == "diamond":
            cx, cy = sx(point.x), sy(_num(point.y))
            corners = f"{_fmt(cx)},{_fmt(cy - 7)} {_fmt(cx + 7)},{_fmt(cy)} {_fmt(cx)},{_fmt(cy + 7)} {_fmt(cx - 7)},{_fmt(cy)}"
            return f'<polygon class="{css}" points="{corners}">{tip}</polygon>'
        return f'<circle class="{css}" cx="{x}" cy="{y}" r="5">{tip}</circle>'

    if baseline is not None:
        parts.append(marker(baseline, "point provisional baseline-point"))
    for point in actuals:
        parts.append(marker(point, "point provisional" if point.provisional else "point"))
    if original_target is not None:
        parts.append(marker(original_target, "point target-point original-target", "diamond"))
    if target is not None:
        parts.append(marker(target, "point target-point", "diamond"))
    if projected is not None:
        parts.append(marker(projected, "point provisional projected-point", "diamond"))
    parts.append("</svg>")
    return "".join(parts)
