"""The report as an .xlsx workbook: one sheet per part, merged two-row headers, column widths from the
layout, numbers kept as numbers (#,##0 with △ for negatives and the unit in the format), charts as PNG."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.drawing.image import Image
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from hyoka.jp import format_quantity
from hyoka.reports.charts import scene_for
from hyoka.reports.model import DRAFT_MARK, BarChart, Cell, Heading, Part, Report, Table, Text, TrendChart
from hyoka.reports.render.shapes import to_png
from hyoka.safecells import xlsx_text, xlsx_value

Progress = Callable[[int, int], None]
FONT = "游ゴシック"  # what city PCs have; Excel falls back to its default elsewhere
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="E8EEF7")
GOAL_FILL = PatternFill("solid", fgColor="DCE6F4")
WRAP = Alignment(wrap_text=True, vertical="top")
SIZES = {1: 14, 2: 12, 3: 11, 4: 10.5}


def number_format(value: Decimal, unit: str) -> str:
    """'#,##0"人";"△"#,##0"人"': a number in the cell, printed the city's way."""
    places = max(0, -value.as_tuple().exponent) if isinstance(value.as_tuple().exponent, int) else 0
    body = "#,##0" + ("." + "0" * min(places, 6) if places else "")
    suffix = f'"{unit}"' if unit and '"' not in unit else ""
    return f'{body}{suffix};"△"{body}{suffix}'


def _lines(text: str, width: float) -> int:
    """Lines a wrapped cell needs: full-width characters take two of Excel's width units."""
    units = max(width - 1, 2)
    return sum(max(1, math.ceil(sum(2 if ord(c) > 0x2000 else 1 for c in line) / units)) for line in text.split("\n"))


class _Sheet:
    def __init__(self, ws: Worksheet, widths: list[float]):
        self.ws, self.widths, self.row = ws, widths, 1
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def line(self, text: str, *, size: float = 10, bold: bool = False, fill=None, style: str = "body") -> None:
        ws, n = self.ws, len(self.widths)
        cell = xlsx_text(ws.cell(self.row, 1, xlsx_value(text)))
        cell.font = Font(name=FONT, size=size, bold=bold, color="444444" if style in ("note", "small") else None)
        cell.alignment = WRAP
        if fill:
            cell.fill = fill
        ws.merge_cells(start_row=self.row, start_column=1, end_row=self.row, end_column=n)
        ws.row_dimensions[self.row].height = max(size * 1.5, _lines(text, sum(self.widths)) * size * 1.4)
        self.row += 1

    def table(self, t: Table) -> None:
        ws = self.ws
        if t.caption:
            self.line(t.caption, bold=True)
        spans = column_spans([c.width for c in t.columns], self.widths)
        top = self.row
        for r, c, text, rowspan, colspan in t.header_cells():
            first, last = spans[c][0] + 1, spans[c + colspan - 1][1] + 1
            cell = xlsx_text(ws.cell(top + r, first, xlsx_value(text)))
            cell.font, cell.fill = Font(name=FONT, size=9, bold=True), HEAD_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
            self._box(top + r, first, top + r + rowspan - 1, last)
        self.row = top + len(t.header_rows)
        for a, b in t.row_groups():
            # Rows a cell spans (a project's budget items) are merged vertically in that column; the
            # spanning text needs as many lines as the group's rows together, else the last row grows.
            heights, spanning = [], 1
            for cells in t.rows[a:b]:
                height = 1
                for cell, column, (first, last) in zip(cells, t.columns, spans, strict=True):
                    if cell.covered:
                        continue
                    lines = _lines(cell.text, sum(self.widths[first : last + 1]))
                    self._cell(self.row, first + 1, cell, column.numeric)
                    self._box(self.row, first + 1, self.row + cell.rowspan - 1, last + 1)
                    if cell.rowspan > 1:
                        spanning = max(spanning, lines)
                    else:
                        height = max(height, lines)
                heights.append(height)
                self.row += 1
            heights[-1] += max(0, spanning - sum(heights))
            for r, height in enumerate(heights, start=self.row - len(heights)):
                ws.row_dimensions[r].height = min(409, height * 13)
        self.row += 1

    def _box(self, r1: int, c1: int, r2: int, c2: int) -> None:
        """Border every cell of the range (Excel draws a merged cell's border from its parts), then merge it."""
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                self.ws.cell(r, c).border = BOX
        if r2 > r1 or c2 > c1:
            self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    def _cell(self, row: int, col: int, cell: Cell, numeric: bool) -> None:
        # A number only where the cell shows nothing but the number and its unit; 528人（100％） stays text.
        if numeric and cell.value is not None and cell.text == format_quantity(cell.value, cell.unit or None):
            target = self.ws.cell(row, col, cell.value)
            target.number_format = number_format(cell.value, cell.unit)
            target.alignment = Alignment(vertical="top", horizontal="right")
        else:
            target = xlsx_text(self.ws.cell(row, col, xlsx_value(cell.text)))  # =HYPERLINK(…) in a name stays text
            target.alignment = WRAP
        target.font = Font(name=FONT, size=9)

    def chart(self, chart: TrendChart | BarChart) -> None:
        scene = scene_for(chart)
        image = Image(io.BytesIO(to_png(scene)))
        image.width, image.height = round(scene.width * 4 / 3), round(scene.height * 4 / 3)  # points → pixels
        self.ws.add_image(image, f"A{self.row}")
        self.row += math.ceil(image.height / 20) + 1  # default rows are 20 pixels high


def column_spans(columns: list[float], widths: list[float]) -> list[tuple[int, int]]:
    """The sheet columns (first, last) each table column covers: a table narrower than the sheet merges
    neighbouring columns, choosing the edges nearest its own proportions, so no column is too narrow."""
    n, m = len(widths), len(columns)
    if m >= n:
        return [(i, i) for i in range(m)]
    edges = [sum(widths[:j]) for j in range(n + 1)]
    scale = edges[-1] / sum(columns)
    spans, start, reach = [], 0, 0.0
    for i, width in enumerate(columns):
        reach += width * scale
        left = m - i - 1
        end = n if not left else min(range(start + 1, n - left + 1), key=lambda e: abs(edges[e] - reach))
        spans.append((start, end - 1))
        start = end
    return spans


def _sheet_names(parts: list[Part]) -> list[str]:
    names: list[str] = []
    for part in parts:
        base = re.sub(r"[\[\]:*?/\\]", "", part.title)[:28] or "Sheet"
        name, n = base, 2
        while name in names:
            name, n = f"{base}({n})", n + 1
        names.append(name)
    return names


def render(report: Report, progress: Progress | None = None) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)
    total = sum(len(p.blocks) for p in report.parts)
    done = 0
    for part, name in zip(report.parts, _sheet_names(report.parts), strict=True):
        ws = wb.create_sheet(name)
        tables = [b for b in part.blocks if isinstance(b, Table)]
        widest = max(tables, key=lambda t: len(t.columns), default=None)
        widths = [max(c.width, 4.0) for c in widest.columns] if widest and len(widest.columns) > 1 else [14.0] * 6
        sheet = _Sheet(ws, widths)
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddHeader.left.text = report.running_header
        ws.oddFooter.center.text = "&P / &N"
        if report.draft:  # 案 on every printed page and in the sheet's first cell
            ws.oddHeader.center.text = DRAFT_MARK
            sheet.line(DRAFT_MARK, size=14, bold=True)
        if report.legend:
            ws.oddFooter.left.text = report.legend[:200]
            sheet.line(report.legend, style="note", size=9)
        sheet.line(report.title, size=14, bold=True)
        sheet.line(report.running_header, size=9, style="small")
        for block in part.blocks:
            if isinstance(block, Heading):
                sheet.line(block.text, size=SIZES[block.level], bold=True, fill=GOAL_FILL if block.level <= 2 else None)
            elif isinstance(block, Text):
                sheet.line(("・" if block.style == "point" else "") + block.text, size=9, style=block.style)
            elif isinstance(block, Table):
                sheet.table(block)
            else:
                sheet.chart(block)
            done += 1
            if progress and (done % 20 == 0 or done == total):
                progress(done, total)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
