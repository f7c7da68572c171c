"""The report as one HTML page (Django template ``reports/report.html``) with a print style sheet;
charts are inline SVG, so the page is whole on its own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from hyoka.reports.charts import scene_for
from hyoka.reports.model import DRAFT_MARK, BarChart, Heading, Report, Table, Text, TrendChart
from hyoka.reports.render.shapes import to_svg

Progress = Callable[[int, int], None]


def _header(table: Table) -> list[list[tuple[str, int, int]]]:
    rows: list[list[tuple[str, int, int]]] = [[] for _ in table.header_rows]
    for row, _col, text, rowspan, colspan in table.header_cells():
        rows[row].append((text, rowspan, colspan))
    return rows


def _block(block: Any) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {"kind": "heading", "level": min(block.level + 1, 5), "text": block.text}
    if isinstance(block, Text):
        return {"kind": "text", "style": block.style, "text": block.text}
    if isinstance(block, Table):
        # A spanning cell is one <td rowspan>; the places it covers in the rows below are left out. The rows
        # a span joins form one <tbody>, which printing keeps on one page.
        rows = [
            [
                (cell, col.numeric and cell.value is not None)
                for cell, col in zip(row, block.columns, strict=True)
                if not cell.covered
            ]
            for row in block.rows
        ]
        body = [rows[a:b] for a, b in block.row_groups()]
        total = sum(c.width for c in block.columns)
        widths = [round(c.width / total * 100, 1) for c in block.columns]
        return {
            "kind": "table",
            "caption": block.caption,
            "header": _header(block),
            "body": body,
            "widths": widths,
            "span": len(block.columns),
        }
    if isinstance(block, TrendChart | BarChart):
        return {"kind": "chart", "svg": mark_safe(to_svg(scene_for(block))), "bar": isinstance(block, BarChart)}
    raise TypeError(f"unknown block {block!r}")


def render(report: Report, progress: Progress | None = None) -> bytes:
    parts = []
    total = len(report.parts)
    for i, part in enumerate(report.parts, start=1):
        parts.append({"title": part.title, "blocks": [_block(b) for b in part.blocks]})
        if progress:
            progress(i, total)
    context = {"report": report, "parts": parts, "draft_mark": DRAFT_MARK}
    return render_to_string("reports/report.html", context).encode("utf-8")
