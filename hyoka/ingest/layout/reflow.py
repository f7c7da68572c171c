"""A table printed the ways extracted text prints it: the inverse of recovery, to test and bench it.

Each function takes a header and rows of cells and returns text lines as a PDF or web page
extraction would give them. `recover_tables` on the result must give the table back; the
property tests in `tests/test_layout_reflow.py` hold it to that.
"""

from __future__ import annotations

from collections.abc import Callable

Rows = list[list[str]]


def as_tabs(header: list[str], rows: Rows) -> list[str]:
    return ["\t".join(row) for row in [header, *rows]]


def as_markdown(header: list[str], rows: Rows) -> list[str]:
    lines = ["| " + " | ".join(row) + " |" for row in [header, *rows]]
    return [lines[0], "|" + "---|" * len(header), *lines[1:]]


def as_pipe_cells(header: list[str], rows: Rows) -> list[str]:
    """One cell per line ending in ` |`; an empty cell is a bare `|`."""
    return [f"{cell} |" if cell else "|" for row in [header, *rows] for cell in row]


def as_cell_lines(header: list[str], rows: Rows, wraps: dict[tuple[int, int], int] | None = None) -> list[str]:
    """One cell per line; `wraps[(row, column)] = k` breaks that cell after its k-th character.

    A cell ending in a bracket ((H28年)) always wraps before the bracket, as a narrow PDF column does.
    """
    wraps = wraps or {}
    lines = list(header)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            k = wraps.get((r, c))
            if k is None and "(" in cell and cell.endswith(")") and not cell.startswith("("):
                k = cell.index("(")
            lines.extend([cell[:k], cell[k:]] if k else [cell])
    return lines


def as_columns(header: list[str], rows: Rows, value_columns: list[int]) -> list[str]:
    """Column by column: the header, then each value column's cells, then the other columns' cells."""
    order = value_columns + [c for c in range(len(header)) if c not in value_columns]
    return [*header, *(row[c] for c in order for row in rows)]


def as_one_line(
    header: list[str], rows: Rows, page_every: int = 3, first_page: int = 12, page_format: str = "- {} -"
) -> list[str]:
    """The whole table on one line, cells separated by spaces, a page number after every few rows."""
    words = list(header)
    for r, row in enumerate(rows, start=1):
        words.extend(row)
        if page_every and r % page_every == 0 and r < len(rows):
            words.append(page_format.format(first_page + r // page_every))
    return [" ".join(words)]


def spaced(text: str) -> str:
    """Justified PDF text: every character of a word on its own, 基準値 → 基 準 値."""
    return " ".join(text)


def as_spaced_cells(header: list[str], rows: Rows, text_columns: list[int]) -> list[str]:
    """One cell per line, the header and the text columns' cells spaced out character by character."""
    lines = [spaced(h) for h in header]
    for row in rows:
        lines.extend(spaced(cell) if c in text_columns else cell for c, cell in enumerate(row))
    return lines


def as_tagged_pairs(rows: Rows, base: str, reported: str, target_tag: str = "【目標年度】") -> list[str]:
    """Rows of (name, unit, baseline, target, actual) as one line of tagged pairs, the way an
    accessibility text version prints a small progress table: `平成25年度末時点の<name>(A) 179 人
    【目標年度】<name>(B) 172 人 【平成28年度末現在】<name>(C) 176 人`; an empty cell prints no pair."""
    words: list[str] = []
    for name, unit, baseline, target, actual in rows:
        if baseline:
            words.append(f"{base}の{name}(A) {baseline} {unit}")
        if target:
            words.append(f"{target_tag}{name}(B) {target} {unit}")
        if actual:
            words.append(f"【{reported}】{name}(C) {actual}{unit}")
    return ["  ".join(words)]


LAYOUTS: dict[str, Callable[[list[str], Rows], list[str]]] = {
    "tabs": as_tabs,
    "markdown": as_markdown,
    "pipes": as_pipe_cells,
    "one-cell-per-line": as_cell_lines,
    "one-line": as_one_line,
}
