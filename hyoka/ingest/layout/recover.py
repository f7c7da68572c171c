"""Find the tables in a stream of items and rebuild their rows, whatever way the cells arrived.

A table starts where its header is: a row, or a run of single cells, whose words are column
vocabulary (指標名, 基準値, 目標値（H31）, 担当課 …, see `hyoka.ingest.columns`). Then:

- rows (tabs, `| a | b |`): the rows that follow, across blank lines and page breaks, until
  another header or a line that is not a row; a header printed again on the next page is
  skipped, and a second header row under merged cells is joined to the first (実績値 + H27);
- single cells (one per line, ` |` cells, tokens of one long line): counted off by the
  header's width, a cell wrapped onto the next line joined back where the next line cannot
  stand in the next column (see `cells.fits`); the table ends at the first row that does not fit;
- column by column (all the values first, then the row names, or the names first): tried
  when the first body line cannot start a row.
"""

from __future__ import annotations

import re

from hyoka.ingest.columns import NAME_KINDS, VALUE_KINDS, column_meanings, header_period, is_header_cell, word_kind
from hyoka.ingest.layout import Table
from hyoka.ingest.layout.cells import (
    can_continue,
    fits,
    is_bare_number,
    is_bracketed,
    is_dash,
    is_heading,
    is_prose,
    is_quantity,
    is_value,
    join_wrapped,
    nfkc,
)
from hyoka.ingest.layout.stream import Item, items_of
from hyoka.ingest.layout.tagged import tagged_tables
from hyoka.ingest.text.lines import Line

MAX_SPAN = 4  # lines one wrapped cell may take
MAX_BODY = 5000  # cells one table's body may take
_TEXT_KINDS = (*NAME_KINDS, "department")


def recover_tables(lines: list[Line], source: str) -> list[Table]:
    """Every table in `lines` with a recognisable header, as header + rows of cells."""
    items = items_of(lines)
    tables: list[Table] = []
    i = stop = 0
    while i < len(items):
        item = items[i]
        found: tuple[Table, int] | None = None
        if item.kind == "row" and is_header(item.cells):
            found = _row_table(items, i, source)
        elif item.kind == "cell":
            found = _cell_table(items, i, source)
        if found is None:
            i += 1
            continue
        table, end = found
        if tables and _continued(tables[-1], table, items[stop:i]):
            tables[-1].rows += table.rows  # the header printed again after a page break
            tables[-1].row_places += table.row_places
            tables[-1].last_line = table.last_line
        else:
            table.title = _title(items, i, stop)
            tables.append(table)
        i = stop = end
    if tagged := tagged_tables(lines, source):  # pairs whose row a tag before the label says
        tables = sorted([*tables, *tagged], key=lambda t: t.place.line or 0)
    return tables


def _continued(previous: Table, table: Table, between: list[Item]) -> bool:
    """The same header again with nothing but blank lines and page numbers since the last table."""
    return table.header == previous.header and all(
        item.kind == "gap" or item.kind == "cell" and _is_page_number(item.text) for item in between
    )


def is_header(cells: tuple[str, ...] | list[str]) -> bool:
    """A header row: mostly vocabulary, naming a KPI or project column or two kinds of value."""
    kinds = [word_kind(c) for c in cells if c.strip()]
    known = [k for k in kinds if k is not None]
    if len(known) < 2 or len(known) < 0.6 * len(kinds):
        return False
    words = [k for k in known if k != "year"]
    if not words:
        return False
    value_words = {k for k in words if k in VALUE_KINDS or k in ("current", "unit")}
    return any(k in NAME_KINDS for k in words) or len(value_words) >= 2 or len(value_words) >= 1 and "year" in known


# ---------------------------------------------------------------------------------------------
# Whole rows: tabs and markdown pipes


def _row_table(items: list[Item], start: int, source: str) -> tuple[Table, int] | None:
    head = items[start]
    header = [c.strip() for c in head.cells]
    i = start + 1
    sub = _next_row(items, i)
    if sub is not None and _is_sub_header(items[sub].cells):
        header = _merge_headers(header, list(items[sub].cells))
        i = sub + 1
    key = [nfkc(c).replace(" ", "") for c in header]
    rows: list[list[str]] = []
    places = []
    last = head.line.number
    while True:
        j = _next_row(items, i)
        if j is None and head.how == "pipes" and (wrapped := _wrapped_pipe_row(items, i, len(header))):
            (cells, j), opening = wrapped, items[i]
        elif j is None:
            break
        else:
            cells, opening = [c.strip() for c in items[j].cells], items[j]
        if [nfkc(c).replace(" ", "") for c in cells] == key:
            i = j + 1  # the header printed again on the next page
            continue
        if is_header(cells):
            break
        i = j + 1
        last = items[j].line.number
        if all(not c or is_dash(c) for c in cells) and any(len(c) >= 3 for c in cells):
            continue  # a rule row: -----
        rows.append(cells)
        places.append(opening.line.place(source))
    width = max([len(header), *(len(r) for r in rows)])
    header += [""] * (width - len(header))
    rows = [r + [""] * (width - len(r)) for r in rows]
    if not rows:
        return None  # a header with nothing under it
    return Table(header, rows, head.line.place(source), places, how=head.how, last_line=last), i


def _wrapped_pipe_row(items: list[Item], i: int, width: int) -> tuple[list[str], int] | None:
    """A pipe row whose cells wrapped one to a line (`名前 |` / `長い説明… |` / `平成27年度 |`): as many
    ` |` cells as the header has columns, each on its own line, are one row (ending at the last)."""
    cells = items[i : i + width]
    if width < 2 or len(cells) < width or any(c.kind != "cell" or c.how != "pipes" for c in cells):
        return None
    return [c.text.strip() for c in cells], i + width - 1


def _next_row(items: list[Item], i: int) -> int | None:
    """The index of the next row item, across gaps; None where the rows end."""
    while i < len(items) and items[i].kind == "gap":
        i += 1
    return i if i < len(items) and items[i].kind == "row" else None


def _is_sub_header(cells: tuple[str, ...]) -> bool:
    """A second header row under merged cells: blank first cell, every other cell a header word or period."""
    filled = [c for c in cells if c.strip()]
    return bool(cells) and not cells[0].strip() and bool(filled) and all(word_kind(c) is not None for c in filled)


def _merge_headers(top: list[str], sub: list[str]) -> list[str]:
    """実績値 spanning H27 and H28 → 実績値H27, 実績値H28: a merged top cell is carried right over its blanks."""
    width = max(len(top), len(sub))
    top, sub = top + [""] * (width - len(top)), sub + [""] * (width - len(sub))
    merged: list[str] = []
    carried = ""
    for t, s in zip(top, sub, strict=True):
        if t:
            carried = t
        above = t or (carried if s else "")
        merged.append(f"{above}{s}" if above != s else s)
    return merged


# ---------------------------------------------------------------------------------------------
# Single cells: one per line, ` |` cells, one long line


def _header_run(items: list[Item], start: int) -> tuple[list[str], int, list[int]] | None:
    """The header cells starting at `start`, the index after them, and the first row's name lines if
    they stand inside the header; a bracketed line joins the cells above.

    Several bracketed lines in a row go to the last cells, one each: 現状値 / 目標値 /
    (平成26年) / (平成32年) gives 現状値(平成26年) and 目標値(平成32年). A PDF may print the
    first row's name (centred beside a two-line header) between the name column's header and
    the others: 指標(KPI) / 花をテーマにした / 観光客誘致(年間) / 現状値 / 目標値 / ….
    """
    cells: list[str] = []
    inside: list[int] = []
    i = start
    while i < len(items) and items[i].kind == "cell":
        text = items[i].text
        if len(cells) == 1 and not inside and word_kind(cells[0]) in NAME_KINDS and word_kind(text) is None:
            names = _names_inside_header(items, i, word_kind(cells[0]) or "")
            if names:
                inside = names
                i = names[-1] + 1
                continue
        if cells and is_bracketed(text):
            k = 1
            while i + k < len(items) and items[i + k].kind == "cell" and is_bracketed(items[i + k].text):
                k += 1
            free = [j for j, cell in enumerate(cells) if word_kind(cell) not in NAME_KINDS and not header_period(cell)]
            if not free:
                break
            k = min(k, len(free))
            targets = free[-k:]
            for offset, j in enumerate(targets):
                cells[j] += items[i + offset].text
            i += k
            continue
        kind = word_kind(text)
        if kind is None or kind == "year" and not cells:
            break
        if kind in NAME_KINDS and any(word_kind(cell) == kind for cell in cells):
            return None  # 指標1 / 指標名 …: a caption above the header; the run starts at the next cell
        cells.append(text)
        i += 1
    if not cells or not is_header(cells) or i == start:
        return None
    return cells, i, inside


def _names_inside_header(items: list[Item], i: int, kind: str) -> list[int]:
    """Up to three name lines followed by value header words (not a name header): their indices, else []."""
    lines: list[int] = []
    while i < len(items) and items[i].kind == "cell" and len(lines) < 3:
        text = items[i].text
        following = word_kind(text)
        if following is not None:
            return lines if lines and following not in (*NAME_KINDS, "year") else []
        if not fits(kind, text):
            return []
        lines.append(i)
        i += 1
    return []


def _cell_table(items: list[Item], start: int, source: str) -> tuple[Table, int] | None:
    run = _header_run(items, start)
    if run is None:
        return None
    header, body, inside = run
    kinds = [m.kind for m in column_meanings(header)]
    first = []
    if inside:
        name = Item("cell", (join_wrapped([items[k].text for k in inside]),), items[inside[0]].line, items[start].how)
        first.append(_Body(inside[0], name))
    seq = _Cells(items, body, first)
    rows, starts, used = _rows_by_count(seq, kinds)
    how = items[start].how
    if not rows:
        rows, starts, used = _rows_by_column(seq, kinds)
        how = "columns"
    if not rows:
        return None
    places = [seq[k].line.place(source) for k in starts]
    end = seq[used - 1]
    return Table(
        header, rows, items[start].line.place(source), places, how=how, last_line=end.line.number
    ), end.index + 1


class _Body:
    """A cell item after a header with its index in the stream."""

    __slots__ = ("index", "text", "line", "explicit")

    def __init__(self, index: int, item: Item):
        self.index = index
        self.text = item.text
        self.line = item.line
        self.explicit = item.how == "pipes"


class _Cells:
    """The cells a table's body may take, read from the stream only as far as they are asked for.

    Gaps are skipped; a row item, a heading (基本目標2 …) or MAX_BODY items end the body. Being
    lazy keeps a document of many tables linear: a failed header costs what it looked at.
    """

    def __init__(self, items: list[Item], start: int, first: list[_Body] | None = None):
        self._items = items
        self._next = start
        self._stop = min(len(items), start + MAX_BODY)
        self._cells: list[_Body] = list(first or [])

    def has(self, q: int) -> bool:
        if q < len(self._cells):
            return True  # the common case: a cell already read
        cells, items = self._cells, self._items
        while len(cells) <= q and self._next < self._stop:
            index = self._next
            item = items[index]
            kind = item.kind
            if kind == "row" or kind == "cell" and is_heading(item.cells[0]):
                self._stop = index
                break
            self._next += 1
            if kind == "cell":
                cells.append(_Body(index, item))
        return q < len(cells)

    def __getitem__(self, q: int) -> _Body:
        if q >= len(self._cells):
            self.has(q)
        return self._cells[q]

    def texts(self, q: int, span: int) -> list[str]:
        return [self[k].text for k in range(q, q + span)]


def _rows_by_count(seq: _Cells, kinds: list[str]) -> tuple[list[list[str]], list[int], int]:
    """Rows of one cell per line, counted off by the header: the rows, where each starts, the items used."""
    rows: list[list[str]] = []
    starts: list[int] = []
    q = used = 0
    while seq.has(q):
        if kinds[0] in NAME_KINDS and _is_page_number(seq[q].text):
            q += 1  # a page number between rows
            continue
        found = _row_at(seq, q, kinds)
        if found is None:
            break
        starts.append(q)
        row, q = found
        rows.append(row)
        used = q
    return rows, starts, used


def _is_page_number(text: str) -> bool:
    t = nfkc(text).strip()
    return t.isdigit() and len(t) <= 3


def _row_at(seq: _Cells, start: int, kinds: list[str]) -> tuple[list[str], int] | None:
    """One row from `start`: each column takes one line, or more where the lines are a wrapped cell."""
    width = len(kinds)

    def go(c: int, q: int) -> list[str] | None:
        if c == width:
            return []
        if not seq.has(q) or kinds[c] in _TEXT_KINDS and is_quantity(seq[q].text):
            return None  # a name never starts with a bare figure, not even a wrapped one
        for span in _spans(seq, q, kinds[c]):
            text = join_wrapped(seq.texts(q, span)) if span > 1 else seq[q].text
            if not fits(kinds[c], text, explicit_empty=seq[q].explicit and span == 1):
                continue
            rest = go(c + 1, q + span)
            if rest is not None:
                spans.append(span)
                return [text, *rest]
        return None

    spans: list[int] = []
    row = go(0, start)
    if row is None:
        return None
    return row, start + sum(spans)


def _spans(seq: _Cells, q: int, kind: str) -> list[int]:
    """How many lines the cell at `q` may take, most likely first: a bracketed tail is the cell's own."""
    spans = [1]
    while len(spans) < MAX_SPAN and seq.has(q + len(spans)) and can_continue(kind, seq[q + len(spans)].text):
        spans.append(len(spans) + 1)
    if len(spans) > 1 and _is_header_word(seq[q].text):
        return [1]  # a header word (単位, 目標) is not a cell's first line: the cell cannot wrap from it
    if len(spans) > 1 and is_bracketed(seq[q + 1].text) and not is_bracketed(seq[q].text):
        spans[0], spans[1] = 2, 1
    return spans


def _is_header_word(text: str) -> bool:
    return is_header_cell(text) and not is_value(text)


def _rows_by_column(seq: _Cells, kinds: list[str]) -> tuple[list[list[str]], list[int], int]:
    """Cells printed column by column: value columns first then the names, or in header order.

    The number of rows is the largest for which every block of lines fits its column; it is
    at most the run of cells that fit the first block's column. A row's place is where its
    first column's cell stands.
    """
    width = len(kinds)
    values = [c for c, k in enumerate(kinds) if k in VALUE_KINDS]
    others = [c for c in range(width) if c not in values]
    orders = [values + others, list(range(width))] if values and others else [list(range(width))]
    for order in orders:
        run = 0
        while seq.has(run) and fits(kinds[order[0]], seq[run].text, explicit_empty=seq[run].explicit):
            run += 1
        first_block = len(values) if order[0] in values else 1
        for n in range(run // first_block, 0, -1):
            if not seq.has(n * width - 1):
                continue
            first = {c: b * n for b, c in enumerate(order)}
            if all(
                fits(kinds[c], seq[first[c] + r].text, explicit_empty=seq[first[c] + r].explicit)
                for c in order
                for r in range(n)
            ):
                rows = [[seq[first[c] + r].text for c in range(width)] for r in range(n)]
                return rows, [first[0] + r for r in range(n)], n * width
    return [], [], 0


def _title(items: list[Item], start: int, stop: int) -> str | None:
    """The caption just above a table: the nearest short text line before its header (指標1, (1)幼稚園).

    On one long line only a numbered token counts (①子育て・就学前教育, (2)健康づくり): other
    tokens there are the words of a sentence.
    """
    for item in reversed(items[stop:start]):
        if item.kind == "gap":
            continue
        text = " ".join(c for c in item.cells if c)
        if item.kind == "row" or is_prose(text) or is_bare_number(text) or len(text) > 60:
            return None
        if item.how == "one-line" and not (_NUMBERED_RE.match(text) or is_heading(text)):
            return None
        return text
    return None


_NUMBERED_RE = re.compile(r"^(?:[①-⑳]|[(（]\d{1,2}[)）]|\d{1,2}[.．)]|第\d+)\s*\S")
