"""Tables without ruling lines, rebuilt from where a PDF puts each word (pdfplumber's x/y).

A PDF table drawn without rules has no cell boxes, and its text layer reads row by row with
cells run together. The words' positions still show the table:

- a *segment* is a run of words on one line with no wide gap (a cell's line of text);
- a *header line* is a line of segments that are column vocabulary (指標名, 基準値 …, see
  `hyoka.ingest.columns`); the line under it joins it when it holds only header words or
  periods (a merged 実績値 over H27 and H28, or 目標値 over (H31)) or stands as close as a
  wrapped line; the header's segments give the columns, and each body segment goes to the
  column it overlaps most;
- body lines closer than the gap under the header make one row (a cell wrapped over
  lines); that gap, or a value in a value column already filled, starts the next row;
- the table ends at a heading, another header, a footnote (※), a line that runs across
  columns (a paragraph) or a gap of several lines.

Pure: the input is plain word boxes, so tests need no PDF; `readers/pdf.py` feeds it
pdfplumber's words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from hyoka.ingest.columns import VALUE_KINDS, column_meanings, word_kind
from hyoka.ingest.layout.cells import despace, is_bracketed, is_heading, is_prose, join_wrapped, starts_figure
from hyoka.ingest.layout.recover import is_header


@dataclass(frozen=True)
class Box:
    """A word (or a run of words) on the page: text and its box in PDF points, top-down."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class PlacedTable:
    """A table found on a page: header and rows, where it stands, and each row's top."""

    header: list[str]
    rows: list[list[str]]
    top: float
    bottom: float
    row_tops: list[float] = field(default_factory=list)


@dataclass
class _Line:
    boxes: list[Box]

    @property
    def top(self) -> float:
        return min(b.top for b in self.boxes)

    @property
    def bottom(self) -> float:
        return max(b.bottom for b in self.boxes)

    @property
    def texts(self) -> list[str]:
        return [despace(b.text) for b in self.boxes]


def lines_of(words: list[Box], y_tolerance: float = 3.0) -> list[_Line]:
    """Words grouped into lines by their top, each line's words left to right."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines and abs(word.top - lines[-1].boxes[0].top) <= y_tolerance:
            lines[-1].boxes.append(word)
        else:
            lines.append(_Line([word]))
    for line in lines:
        line.boxes.sort(key=lambda w: w.x0)
    return lines


def segments(line: _Line, gap: float) -> _Line:
    """Words closer than `gap` joined into one segment: the line's cells."""
    out: list[Box] = []
    for word in line.boxes:
        if out and word.x0 - out[-1].x1 < gap:
            last = out[-1]
            text = last.text + (" " if word.x0 - last.x1 > gap / 4 else "") + word.text
            out[-1] = Box(text, last.x0, max(last.x1, word.x1), min(last.top, word.top), max(last.bottom, word.bottom))
        else:
            out.append(word)
    return _Line(out)


def find_tables(words: list[Box]) -> list[PlacedTable]:
    """The tables among a page's words, from their header lines down."""
    if not words:
        return []
    height = median(w.bottom - w.top for w in words) or 8.0
    lines = [segments(line, gap=1.15 * height) for line in lines_of(words, y_tolerance=height * 0.4)]
    tables: list[PlacedTable] = []
    i = 0
    while i < len(lines):
        if len(lines[i].boxes) >= 2 and is_header(lines[i].texts):
            table, i = _table(lines, i, height)
            if table is not None:
                tables.append(table)
            continue
        i += 1
    return tables


def _table(lines: list[_Line], start: int, height: float) -> tuple[PlacedTable | None, int]:
    head = [lines[start]]
    i = start + 1
    while i < len(lines) and _is_sub_header(lines[i], head[-1], height):
        head.append(lines[i])
        i += 1
    columns = _columns(head)
    header = [text for text, _, _ in columns]
    kinds = [m.kind for m in column_meanings(header)]
    bounds = _bounds(columns)
    rows: list[list[str]] = []
    row_tops: list[float] = []
    previous_bottom = bottom = head[-1].bottom
    row_gap: float | None = None  # the gap between header and first row: cells' padding, wider than a wrap
    while i < len(lines):
        line = lines[i]
        gap = line.top - previous_bottom
        if gap > 3 * height or _ends_table(line, columns):
            break
        cells = _assign(line, bounds)
        if row_gap is None:
            row_gap = gap
        conflict = bool(rows) and any(
            cells[c] and rows[-1][c] and kinds[c] in VALUE_KINDS and not _continues(rows[-1][c], cells[c])
            for c in range(len(kinds))
        )
        if not rows or conflict or gap >= 0.75 * row_gap and row_gap > 0.5 * height:
            rows.append([""] * len(kinds))
            row_tops.append(line.top)
        row = rows[-1]
        for c, text in enumerate(cells):
            if text:
                row[c] = join_wrapped([row[c], text]) if row[c] else text
        previous_bottom = bottom = line.bottom
        i += 1
    rows, row_tops = _merge_nameless(rows, row_tops, kinds)
    while rows and sum(1 for c in rows[-1] if c) == 1 and rows[-1][0]:
        rows.pop()  # a caption or note under the table, not a row
        row_tops.pop()
    if not rows:
        return None, start + 1
    return PlacedTable(header, rows, lines[start].top, bottom, row_tops), i


def _merge_nameless(rows: list[list[str]], tops: list[float], kinds: list[str]) -> tuple[list[list[str]], list[float]]:
    """A row with no name under a named row is the rest of that row's wrapped cells."""
    if not kinds or kinds[0] not in ("kpi_name", "project_name"):
        return rows, tops
    out: list[list[str]] = []
    out_tops: list[float] = []
    for row, top in zip(rows, tops, strict=True):
        if out and not row[0]:
            out[-1] = [join_wrapped([a, b]) if a and b else a or b for a, b in zip(out[-1], row, strict=True)]
            continue
        out.append(row)
        out_tops.append(top)
    return out, out_tops


def _continues(cell: str, text: str) -> bool:
    """A value's wrapped tail: the cell leaves a bracket open (1,350(H28 / 年)), the tail is bracketed
    ((H28年)) or it is no figure of its own (△10000.0 / 人(H28年))."""
    open_bracket = cell.count("(") + cell.count("（") > cell.count(")") + cell.count("）")
    return open_bracket or is_bracketed(text) or not starts_figure(text)


def _is_sub_header(line: _Line, above: _Line, height: float) -> bool:
    """A second header line: close under the first, every segment a header word or a period."""
    gap = line.top - above.bottom
    if gap > 2 * height:
        return False
    return gap < 0.5 * height or all(word_kind(text) is not None for text in line.texts)


def _columns(head: list[_Line]) -> list[tuple[str, float, float]]:
    """The columns of a header of one or more lines: (text, x0, x1), a top cell spanning the cells under it.

    Each segment of the lowest line is a column, its text prefixed by the segments above that
    overlap it (実績値 over H27 and H28 → 実績値H27, 実績値H28); a segment above that overlaps
    nothing below is a column of its own.
    """
    columns = [[despace(b.text), b.x0, b.x1] for b in head[-1].boxes]
    for line in reversed(head[:-1]):
        extra = []
        covered: set[int] = set()
        for box in line.boxes:
            under = [j for j, col in enumerate(columns) if _overlap(box.x0, box.x1, col[1], col[2]) > 0]
            if not under:
                extra.append([despace(box.text), box.x0, box.x1])
            for j in under:
                columns[j][0] = despace(box.text) + columns[j][0]
            covered.update(under)
        for j, col in enumerate(columns):
            left = [b for b in line.boxes if b.x1 <= col[1]]
            if j not in covered and left and word_kind(left[-1].text) in VALUE_KINDS:
                col[0] = despace(left[-1].text) + col[0]  # a merged cell printed at its left: 実績値 over H27 H28
        columns = sorted(columns + extra, key=lambda col: col[1])
    return [(text, x0, x1) for text, x0, x1 in columns]


def _bounds(columns: list[tuple[str, float, float]]) -> list[tuple[float, float]]:
    """Each column's region: from halfway after the column before to halfway before the next."""
    bounds = []
    for j, (_, x0, x1) in enumerate(columns):
        left = (columns[j - 1][2] + x0) / 2 if j else float("-inf")
        right = (x1 + columns[j + 1][1]) / 2 if j + 1 < len(columns) else float("inf")
        bounds.append((left, right))
    return bounds


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return min(a1, b1) - max(a0, b0)


def _assign(line: _Line, bounds: list[tuple[float, float]]) -> list[str]:
    """The line's segments by column, each to the column it overlaps most."""
    cells = [""] * len(bounds)
    for box in line.boxes:
        c = max(range(len(bounds)), key=lambda j: _overlap(box.x0, box.x1, *bounds[j]))
        if cells[c]:
            cells[c] = join_wrapped([cells[c], box.text])
        else:
            cells[c] = despace(box.text)
    return cells


def _ends_table(line: _Line, columns: list[tuple[str, float, float]]) -> bool:
    texts = line.texts
    if is_header(texts) or is_heading(texts[0]) or texts[0].startswith(("※", "＊", "注")):
        return True
    for box in line.boxes:
        covered = sum(1 for _, x0, x1 in columns if _overlap(box.x0, box.x1, x0, x1) > 0.5 * (x1 - x0))
        if covered >= 3 or covered >= 2 and is_prose(box.text):
            return True  # a paragraph across the columns
    return False
