"""Text lines → a stream of items: whole rows (tabs, `| a | b |`) or single cells, with their line.

Each way cells arrive in extracted text becomes the same two kinds of item:

- a row: a line of tab-separated cells, or a markdown-ish `| a | b |` row;
- a cell: a line holding one cell (one cell per line), a line ending in ` |` (a bare `|`
  is an empty cell), or one token of a very long line (a whole table on one line, words
  separated by spaces, spaced-out characters rejoined, page numbers dropped).

Blank lines and page numbers (- 3 -) become `gap` items: a table may go on across them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.ingest.columns import is_header_cell, word_kind
from hyoka.ingest.layout.cells import despace, is_page_number, is_spaced_out, nfkc
from hyoka.ingest.text.lines import Line

LONG_LINE = 200  # characters: a line this long holding header words is a whole table on one line
_MARKDOWN_RULE_RE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_PIPE_CELL_RE = re.compile(r"^(?P<text>.*?)\s*[|｜]$")


@dataclass(frozen=True)
class Item:
    kind: str  # "row", "cell" or "gap"
    cells: tuple[str, ...]  # a row's cells; a cell's one text; () for a gap
    line: Line
    how: str  # tabs, pipes, one-cell-per-line, one-line

    @property
    def text(self) -> str:
        return self.cells[0] if self.cells else ""


def items_of(lines: list[Line]) -> list[Item]:
    items: list[Item] = []
    for line in lines:
        items.extend(line_items(line))
    return items


def line_items(line: Line) -> list[Item]:
    text = line.text
    stripped = text.strip()
    if not stripped or is_page_number(stripped):
        return [Item("gap", (), line, "")]
    if "\t" in text:
        cells = [despace(c) for c in text.split("\t")]
        while cells and not cells[-1]:
            cells.pop()
        while cells and not cells[0]:
            cells.pop(0)  # text indented with a tab
        if sum(1 for c in cells if c) >= 2:
            return [Item("row", tuple(cells), line, "tabs")]
        return [Item("cell", (cells[0] if cells else "",), line, "one-cell-per-line")]
    if stripped[0] in "|｜" and stripped[-1] in "|｜" and len(stripped) > 1:
        if _MARKDOWN_RULE_RE.match(stripped):
            return [Item("gap", (), line, "")]
        cells = [despace(c) for c in re.split(r"[|｜]", stripped[1:-1])]
        if len(cells) >= 2:
            return [Item("row", tuple(cells), line, "pipes")]
    if m := _PIPE_CELL_RE.match(stripped):
        return [Item("cell", (despace(m["text"]),), line, "pipes")]
    if len(stripped) >= LONG_LINE and not is_spaced_out(stripped):
        tokens = one_line_tokens(stripped)
        if sum(1 for t in tokens if word_kind(t) not in (None, "year")) >= 2:
            return [Item("cell", (t,), line, "one-line") for t in tokens]
    return [Item("cell", (despace(stripped),), line, "one-cell-per-line")]


def one_line_tokens(text: str) -> list[str]:
    """The cells of a table printed on one line: words split on spaces, spaced-out runs rejoined.

    A run of single characters (基 準 値 目 標 値) is rejoined and then cut into header words
    where it is made of them; page numbers (- 12 -) are dropped.
    """
    text = re.sub(r"[-－―‐]\s*\d{1,3}\s*[-－―‐](?=\s|$)", " ", text)
    tokens: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            tokens.extend(split_header_words("".join(run)) if len(run) > 1 else run)
            run.clear()

    for token in text.split():
        if len(token) == 1 and not token.isascii():
            run.append(token)
            continue
        flush()
        tokens.append(token)
    flush()
    return tokens


def split_header_words(text: str) -> list[str]:
    """基準値目標値実績値 → [基準値, 目標値, 実績値] when the text is made of header words, else [text]."""
    words = _segment(text, 0, {})
    return words if words is not None and len(words) > 1 else [text]


_WORD_LENGTHS = range(6, 1, -1)


def _segment(text: str, start: int, memo: dict[int, list[str] | None]) -> list[str] | None:
    if start == len(text):
        return []
    if start in memo:
        return memo[start]
    found: list[str] | None = None
    for length in _WORD_LENGTHS:
        word = text[start : start + length]
        if len(word) < length:
            continue
        if is_header_cell(nfkc(word)) and (rest := _segment(text, start + length, memo)) is not None:
            found = [word, *rest]
            break
    memo[start] = found
    return found
