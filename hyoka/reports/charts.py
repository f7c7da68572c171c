"""Charts drawn once as a few shapes (lines, rectangles, dots, text) on a canvas in points, origin top
left; the SVG, reportlab and PNG back ends in ``render/`` only translate the shapes, so the three
formats show the same picture."""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass, field
from decimal import Decimal

from hyoka.jp import format_number
from hyoka.precision import finite, trim
from hyoka.reports.model import BarChart, TrendChart
from hyoka.vocabulary import KPI_STATUSES

BLUE, RED, GREY, INK, GRID = "#1f5fbf", "#c8102e", "#767676", "#1a1a1a", "#d9d9d9"
STATUS_COLOURS = {term.label: term.colour for term in KPI_STATUSES.values()}  # one home: hyoka.vocabulary


@dataclass(frozen=True)
class Shape:
    kind: str  # line, rect, poly, dot, text
    points: tuple[tuple[float, float], ...]  # line: 2 points; rect: corner + (w, h); poly; dot: centre + (r, 0)
    colour: str = INK
    width: float = 1.0
    dashed: bool = False
    text: str = ""
    size: float = 8.0
    anchor: str = "start"  # start, middle, end


@dataclass
class Scene:
    width: float
    height: float
    shapes: list[Shape] = field(default_factory=list)

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str = INK, width: float = 1, dashed=False):
        self.shapes.append(Shape("line", ((x1, y1), (x2, y2)), colour, width, dashed))

    def rect(self, x: float, y: float, w: float, h: float, colour: str):
        self.shapes.append(Shape("rect", ((x, y), (w, h)), colour))

    def text(self, x: float, y: float, text: str, size: float = 8, anchor: str = "start", colour: str = INK):
        self.shapes.append(Shape("text", ((x, y),), colour, text=text, size=size, anchor=anchor))


def scene_for(chart: TrendChart | BarChart) -> Scene:
    return trend_scene(chart) if isinstance(chart, TrendChart) else bar_scene(chart)


def nice_ticks(low: float, high: float, count: int = 4, *, integer: bool = False) -> list[float]:
    """Round axis values (1, 2 or 5 × 10ⁿ apart) covering low … high; whole numbers only for counts.

    Any finite low and high give at least two distinct ticks: one value, however large (1E+30, where
    adding 1 changes nothing), gets a band around it, and a span past a float's range gets its ends."""
    if high - low <= max(abs(low), abs(high)) * 1e-9:  # one value, or two a float's rounding apart
        pad = max(1.0, abs(low) / 10)
        low, high = max(low - pad, -sys.float_info.max), min(high + pad, sys.float_info.max)
    raw = (high - low) / count
    if not math.isfinite(raw) or raw <= 0:
        return [low, high]
    step = min((m * 10.0 ** math.floor(math.log10(raw)) for m in (1, 2, 5, 10)), key=lambda s: abs(s - raw))
    step = max(step, 1.0) if integer else step
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9 and len(ticks) <= 3 * count + 2:  # a step is at least raw / 1.5
        ticks.append(ticks[-1] + step)
    finite_ticks = all(math.isfinite(t) for t in ticks)  # near a float's end (1.7E+308) a step can overflow
    return ticks if finite_ticks and ticks[-1] > ticks[0] else [low, high]


def _label(value: float) -> str:
    """An axis or point label: 6 decimal places at most, without padding zeros, any magnitude (1E+300)."""
    if not math.isfinite(value):
        return ""
    return format_number(trim(Decimal(repr(round(value, 6)))))


def _frame(scene: Scene, title: str, ticks: list[float], left: float, top: float, right: float, bottom: float):
    scene.text(left - 48, 12, title[:40], 9)
    low, high = ticks[0], ticks[-1]

    def y_of(v: float) -> float:  # in halves, so a span past a float's range (-1E+308 … 1E+308) stays finite
        return bottom - (v / 2 - low / 2) / (high / 2 - low / 2) * (bottom - top)

    for t in ticks:
        scene.line(left, y_of(t), right, y_of(t), GRID, 0.5)
        scene.text(left - 4, y_of(t) + 3, _label(t), 7, "end", GREY)
    scene.line(left, top, left, bottom, INK, 0.8)
    scene.line(left, bottom, right, bottom, INK, 0.8)
    return y_of


def trend_scene(chart: TrendChart, width: float = 400, height: float = 150) -> Scene:
    scene = Scene(width, height)
    left, top, right, bottom = 56.0, 24.0, width - 70, height - 28
    values = [v for _, value in chart.points if (v := finite(value)) is not None]
    refs = [v for value in (chart.baseline, chart.target) if (v := finite(value)) is not None]
    if not values and not refs:
        scene.text(left - 48, 12, chart.title[:40], 9)
        scene.text(width / 2, height / 2, "データなし", 9, "middle", GREY)
        return scene
    ticks = nice_ticks(min(values + refs), max(values + refs))
    y_of = _frame(
        scene, f"{chart.title}（{chart.unit}）" if chart.unit else chart.title, ticks, left, top, right, bottom
    )
    for value, name, colour in ((finite(chart.baseline), "基準値", GREY), (finite(chart.target), "目標値", RED)):
        if value is not None:
            y = y_of(value)
            scene.line(left, y, right, y, colour, 1.2, dashed=True)
            scene.text(right + 4, y + 3, f"{name} {_label(value)}", 7, "start", colour)
    n = len(chart.points)
    step = (right - left) / max(n, 1)
    xy = []
    for i, (label, value) in enumerate(chart.points):
        x = left + step * (i + 0.5)
        scene.text(x, bottom + 12, label[:10], 7, "middle", INK)
        if (v := finite(value)) is not None:
            xy.append((x, y_of(v), v))
    for (x1, y1, _), (x2, y2, _) in zip(xy, xy[1:], strict=False):
        scene.line(x1, y1, x2, y2, BLUE, 1.6)
    for x, y, v in xy:
        scene.shapes.append(Shape("dot", ((x, y), (2.6, 0)), BLUE))
        scene.text(x, y - 5, _label(v), 7, "middle", BLUE)
    if not xy:
        scene.text((left + right) / 2, (top + bottom) / 2, "実績値なし", 9, "middle", GREY)
    return scene


def bar_scene(chart: BarChart, height: float = 150) -> Scene:
    width = max(250.0, 44.0 + 44 * len(chart.bars))  # room for a four-character label under each bar
    scene = Scene(width, height)
    left, top, right, bottom = 36.0, 24.0, width - 8, height - 26
    values = [finite(v) or 0.0 for _, v in chart.bars]  # counts: always finite, but never a reason to fail
    integer = all(v.is_integer() for v in values)
    ticks = nice_ticks(min(0.0, *values), max(1.0, *values), 3, integer=integer)
    y_of = _frame(scene, chart.title, ticks, left, top, right, bottom)
    step = (right - left) / max(len(chart.bars), 1)
    for i, ((label, _), value) in enumerate(zip(chart.bars, values, strict=True)):
        x = left + step * i + step * 0.18
        y0, y1 = y_of(0.0), y_of(value)
        colour = STATUS_COLOURS.get(label, BLUE)
        scene.rect(x, min(y0, y1), step * 0.64, abs(y0 - y1), colour)
        scene.text(x + step * 0.32, min(y0, y1) - 3, _label(value), 7, "middle", INK)
        scene.text(x + step * 0.32, bottom + 12, label[:6], 7, "middle", INK)
    return scene
