"""The report as an A4 PDF: IPAexGothic embedded, running header, page numbers, the plan's legend on
every page, tables that split across pages with their header rows repeated."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from html import escape

from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from hyoka.reports.charts import scene_for
from hyoka.reports.model import DRAFT_MARK, BarChart, Heading, Report, Text, TrendChart
from hyoka.reports.model import Table as ReportTable
from hyoka.reports.render.fonts import register_pdf_font
from hyoka.reports.render.shapes import to_drawing

Progress = Callable[[int, int], None]
MARGIN = 14 * mm
HEADER_BG = colors.HexColor("#e8eef7")


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=8.5, leading=12.5, wordWrap="CJK", spaceAfter=3)
    return {
        "h1": ParagraphStyle("h1", base, fontSize=15, leading=20, spaceBefore=4, spaceAfter=8),
        "h2": ParagraphStyle(
            "h2",
            base,
            fontSize=12,
            leading=16,
            spaceBefore=8,
            spaceAfter=5,
            textColor=colors.HexColor("#0b3d91"),
            keepWithNext=1,
        ),
        "h3": ParagraphStyle("h3", base, fontSize=10, leading=14, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "h4": ParagraphStyle(
            "h4",
            base,
            fontSize=9.5,
            leading=13,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
            textColor=colors.HexColor("#0b3d91"),
        ),
        "body": base,
        "note": ParagraphStyle("note", base, fontSize=7.5, leading=10.5, textColor=colors.HexColor("#333333")),
        "small": ParagraphStyle("small", base, fontSize=7.5, leading=10.5, textColor=colors.HexColor("#444444")),
        "point": ParagraphStyle("point", base, leftIndent=10, bulletIndent=0),
        "caption": ParagraphStyle("caption", base, fontSize=8, spaceBefore=3, spaceAfter=2, keepWithNext=1),
        "cell": ParagraphStyle("cell", base, fontSize=7.5, leading=10, spaceAfter=0),
        "num": ParagraphStyle("num", base, fontSize=7.5, leading=10, spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", base, fontSize=7.5, leading=10, spaceAfter=0, alignment=TA_CENTER),
    }


def _p(text: str, style: ParagraphStyle, bullet: str | None = None) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style, bulletText=bullet)


def _estimated_height(t: ReportTable, rows: list[list], widths: list[float]) -> float:
    """Points body rows need (a row, or the rows a span joins), from the longest cell of each row or the
    longest spanning cell: full-width characters at 7.5 pt, 10 pt lines."""

    def height(cell, w: float) -> float:
        return sum(max(1, math.ceil(len(line) * 7.5 / max(w - 12, 10))) for line in cell.text.split("\n")) * 10 + 5

    own = sum(
        max((height(c, w) for c, w in zip(row, widths, strict=True) if c.rowspan == 1), default=0) for row in rows
    )
    spans = (height(c, w) for row in rows for c, w in zip(row, widths, strict=True) if c.rowspan > 1)
    return max([own, *spans])


def _table(t: ReportTable, width: float, height: float, st: dict[str, ParagraphStyle]) -> Table:
    total = sum(c.width for c in t.columns)
    widths = [width * c.width / total for c in t.columns]
    n_head = len(t.header_rows)
    head: list[list] = [[""] * len(t.columns) for _ in range(n_head)]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#808080")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, n_head - 1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, n_head - 1), HEADER_BG),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for i, column in enumerate(t.columns):
        if column.width >= 10:  # room for a full-width 、。・ー that 禁則 hangs past the text width
            style.append(("RIGHTPADDING", (i, 0), (i, -1), 9))
    for row, col, text, rowspan, colspan in t.header_cells():
        head[row][col] = _p(text, st["head"])
        if rowspan > 1 or colspan > 1:
            style.append(("SPAN", (col, row), (col + colspan - 1, row + rowspan - 1)))
    body = [
        [
            "" if cell.covered else _p(cell.text, st["num"] if col.numeric and cell.value is not None else st["cell"])
            for cell, col in zip(row, t.columns, strict=True)
        ]
        for row in t.rows
    ]
    if not body:
        body = [[_p("（該当なし）", st["cell"])] + [""] * (len(t.columns) - 1)]
        style.append(("SPAN", (0, n_head), (-1, n_head)))
    # A row (or rows joined by a span) moves to the next page whole, unless it is about as tall as a page
    # (a long 実績 narrative): then rows may continue on the next page (splitInRow), or the table could not
    # be laid out at all.
    groups = t.row_groups()
    tall = any(_estimated_height(t, t.rows[a:b], widths) > height * 0.8 for a, b in groups)
    if not tall:
        # A spanning cell holds its text in the top-left of a SPAN; reportlab never breaks a page between
        # rows that a SPAN joins, so a project and its budget items stay together.
        style += [
            ("SPAN", (c, n_head + r), (c, n_head + r + cell.rowspan - 1))
            for r, row in enumerate(t.rows)
            for c, cell in enumerate(row)
            if cell.rowspan > 1
        ]
    elif len(groups) < len(t.rows):
        # reportlab cannot split a SPAN inside a row (its text runs off the page), so here the spanning
        # cell's text stays in the group's first row and only the lines between the spanned rows go.
        style[0] = ("GRID", (0, 0), (-1, n_head - 1), *style[0][3:])
        style += _unspanned_lines(t, groups, n_head, style[0][3:])
    table = Table(head + body, colWidths=widths, repeatRows=n_head, splitInRow=int(tall), hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _unspanned_lines(t: ReportTable, groups: list[tuple[int, int]], n_head: int, pen: tuple) -> list[tuple]:
    """The body's grid without the lines between rows that a spanning cell covers."""
    lines = [("BOX", (0, n_head), (-1, -1), *pen), ("LINEAFTER", (0, n_head), (-2, -1), *pen)]
    for a, b in groups:
        lines.append(("LINEBELOW", (0, n_head + b - 1), (-1, n_head + b - 1), *pen))
        for r in range(a, b - 1):
            covered = {c for c, cell in enumerate(t.rows[r + 1]) if cell.covered}
            lines += [
                ("LINEBELOW", (c, n_head + r), (c, n_head + r), *pen) for c in range(len(t.columns)) if c not in covered
            ]
    return lines


def _charts_row(charts: list, width: float) -> Flowable:
    """Bar charts side by side, as many as fit the frame's width."""
    drawings = [to_drawing(scene_for(c)) for c in charts]
    per_row = max(1, int(width // drawings[0].width))
    rows = [drawings[i : i + per_row] for i in range(0, len(drawings), per_row)]
    rows[-1] += [""] * (per_row - len(rows[-1]))
    table = Table(rows, colWidths=[width / per_row] * per_row, hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def story(report: Report, width: float, height: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    out: list[Flowable] = [_p(report.title, st["h1"]), _p(f"{report.municipality}　{report.plan_title}", st["body"])]
    for part in report.parts:
        if len(out) > 2:
            out.append(PageBreak())  # each part (a basic goal, the summary) starts a page, as a sheet does in Excel
        out += _part(part.blocks, width, height, st)
    return out


def _part(blocks: list, width: float, height: float, st: dict[str, ParagraphStyle]) -> list[Flowable]:
    """A KPI (heading, trend chart, its table and status line) stays on one page; bar charts go side by side."""
    out: list[Flowable] = []
    keep: list[Flowable] | None = None
    bars: list[BarChart] = []
    for i, block in enumerate([*blocks, None]):
        if isinstance(block, BarChart):
            bars.append(block)
            continue
        if bars:
            out.append(_charts_row(bars, width))
            bars = []
        if keep is not None and (block is None or isinstance(block, Heading)):
            out.append(KeepTogether(_side_by_side(keep, width)))
            keep = None
        target = keep if keep is not None else out
        if isinstance(block, Heading):
            if i + 1 < len(blocks) and isinstance(blocks[i + 1], TrendChart):
                keep = target = []
            target.append(_p(block.text, st[f"h{min(block.level + (block.level == 1), 4)}"]))
        elif isinstance(block, Text):
            target.append(_p(block.text, st[block.style], "・" if block.style == "point" else None))
        elif isinstance(block, ReportTable):
            if block.caption:
                target.append(_p(block.caption, st["caption"]))
            target += [_table(block, width, height, st), Spacer(1, 6)]
        elif isinstance(block, TrendChart):
            target.append(to_drawing(scene_for(block)))
    return out


def _side_by_side(group: list[Flowable], width: float) -> list[Flowable]:
    """On a landscape page the chart and its table sit side by side: heading, [chart | table + text]."""
    drawing = next((f for f in group if isinstance(f, Drawing)), None)
    if drawing is None or width - drawing.width < 260:
        return group
    rest = [f for f in group[1:] if f is not drawing]
    for f in rest:
        if isinstance(f, Table):
            f._argW = [w * (width - drawing.width - 12) / sum(f._argW) for w in f._argW]
    row = Table([[drawing, rest]], colWidths=[drawing.width + 12, width - drawing.width - 12], hAlign="LEFT")
    row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return [group[0], row]


def render(report: Report, progress: Progress | None = None) -> bytes:
    font = register_pdf_font()
    st = _styles(font)
    size = landscape(A4) if report.landscape else A4
    legend = report.legend
    bottom = MARGIN + (10 * mm if legend else 0)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + 6 * mm,
        bottomMargin=bottom,
        title=report.title,
        author=report.municipality,
        subject=report.plan_title,
    )
    flowables = story(report, doc.width, doc.height, st)

    def decorate(canvas, document) -> None:
        w, h = size
        canvas.saveState()
        canvas.setFont(font, 7.5)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(MARGIN, h - MARGIN, report.running_header[:90])
        canvas.drawRightString(w - MARGIN, h - MARGIN, report.title[:40])
        canvas.setStrokeColor(colors.HexColor("#808080"))
        canvas.line(MARGIN, h - MARGIN - 3, w - MARGIN, h - MARGIN - 3)
        if report.draft:  # 案, boxed above the header's middle, on every page of an unpublished year
            canvas.setFont(font, 14)
            canvas.setFillColor(colors.HexColor("#b00020"))
            canvas.setStrokeColor(colors.HexColor("#b00020"))
            canvas.rect(w / 2 - 5 * mm, h - MARGIN - 1.5 * mm, 10 * mm, 7 * mm)
            canvas.drawCentredString(w / 2, h - MARGIN + 0.5 * mm, DRAFT_MARK)
            canvas.setFont(font, 7.5)
            canvas.setFillColor(colors.HexColor("#444444"))
        if legend:
            para = _p(legend, st["note"])
            _, lh = para.wrap(w - 2 * MARGIN, 10 * mm)
            para.drawOn(canvas, MARGIN, MARGIN + 6 * mm + (10 * mm - lh) / 2 - 2)
        canvas.drawCentredString(w / 2, MARGIN - 2, f"- {document.page} -")
        canvas.restoreState()

    if progress:
        total = len(flowables)
        done = [0]

        def after(flowable) -> None:
            done[0] += 1
            if done[0] % 20 == 0 or done[0] == total:
                progress(min(done[0], total), total)

        doc.afterFlowable = after
    doc.build(flowables, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()
