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

from hyoka.ingest.columns import VOCABULARY, word_kind
from hyoka.ingest.layout.cells import despace, is_page_number, is_spaced_out, join_wrapped
from hyoka.ingest.text.lines import Line

LONG_LINE = 60  # characters: a line this long holding three header words may be a whole table on one line
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
    i = 0
    while i < len(lines):
        if "|" not in lines[i].text and "｜" not in lines[i].text:
            items.extend(line_items(lines[i]))
            i += 1
            continue
        end = _pipe_row_end(lines, i)
        if end > i:  # a row of ` | ` cells wrapped over lines: 数値 | 1〜2年目91% / 3〜5年目75% | … |
            text = "\n".join(line.text.strip() for line in lines[i : end + 1])
            items.append(_pipe_row(text, lines[i], markdown=_markdown_block(lines, i, end)))
            i = end + 1
            continue
        if _is_pipe_row(lines[i].text):
            items.append(_pipe_row(lines[i].text.strip(), lines[i], markdown=_markdown_block(lines, i, i)))
            i += 1
            continue
        items.extend(line_items(lines[i]))
        i += 1
    return _vertical_words(items)


def _vertical_words(items: list[Item]) -> list[Item]:
    """Header words printed down a narrow column, one character a line (目 / 標 / 値), made words again.

    Only a run of single characters that is made of header words is joined: single-character
    cells (人, A, ○) are common in a body and stay as they are.
    """
    out: list[Item] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and j - i < 12 and _single_char_cell(items[j]):
            j += 1
        if j - i >= 2 and (words := _segment("".join(item.text for item in items[i:j]), 0, {})):
            out.extend(Item("cell", (word,), items[i].line, items[i].how) for word in words)
            i = j
            continue
        out.append(items[i])
        i += 1
    return out


def _single_char_cell(item: Item) -> bool:
    return item.kind == "cell" and item.how == "one-cell-per-line" and len(item.text) == 1 and not item.text.isascii()


_INNER_PIPE_RE = re.compile(r"\S\s*[|｜]\s*\S|^[|｜]\s*\S")


def _is_pipe_row(text: str) -> bool:
    """`a | b |`, `| a | b |`, `| a |`: cells between pipes, the line ending in one."""
    t = text.strip()
    return len(t) > 1 and t[-1] in "|｜" and bool(_INNER_PIPE_RE.search(t[:-1])) and not _MARKDOWN_RULE_RE.match(t)


def _pipe_row_end(lines: list[Line], start: int, limit: int = 6) -> int:
    """The last line of a pipe row whose cells wrap: lines with pipes that end in one only at the last."""
    t = lines[start].text.strip()
    if not t or t[-1] in "|｜" or not _INNER_PIPE_RE.search(t):
        return start
    for end in range(start + 1, min(len(lines), start + limit)):
        u = lines[end].text.strip()
        if not u or "\t" in lines[end].text:
            return start
        if u[-1] in "|｜":
            return end
    return start


def _markdown_block(lines: list[Line], start: int, end: int) -> bool:
    """`| a | b |` rows among others that all open with a pipe: the first pipe is a border, not an empty cell."""
    if not lines[start].text.strip().startswith(("|", "｜")):
        return False
    neighbours = [lines[j].text.strip() for j in (start - 1, end + 1) if 0 <= j < len(lines)]
    neighbours = [n for n in neighbours if n]
    if any(_MARKDOWN_RULE_RE.match(n) for n in neighbours):
        return True
    return not neighbours or any(n.startswith(("|", "｜")) and n.endswith(("|", "｜")) for n in neighbours)


def _pipe_row(text: str, line: Line, markdown: bool) -> Item:
    body = text.strip()[:-1]
    if markdown:
        body = body.strip()[1:]
    cells = [join_wrapped([despace(part) for part in cell.split("\n")]) for cell in re.split(r"[|｜]", body)]
    if len(cells) == 1:
        return Item("cell", (cells[0],), line, "pipes")
    return Item("row", tuple(cells), line, "pipes")


def line_items(line: Line) -> list[Item]:
    text = line.text
    stripped = text.strip()
    if not stripped or is_page_number(stripped) or stripped[0] in "|:-" and _MARKDOWN_RULE_RE.match(stripped):
        return [Item("gap", (), line, "")]
    if "\t" in text:
        cells = [despace(c) for c in text.split("\t")]
        tabs = len(cells) - 1
        while cells and not cells[-1]:
            cells.pop()
        if sum(1 for c in cells if c) >= 2 or cells and cells[0] and tabs >= 2:  # a name with empty cells
            return [Item("row", tuple(cells), line, "tabs")]
        return [Item("cell", (" ".join(c for c in cells if c),), line, "one-cell-per-line")]  # indented text
    if stripped[-1] in "|｜" and (m := _PIPE_CELL_RE.match(stripped)):
        return [Item("cell", (despace(m["text"]),), line, "pipes")]
    if len(stripped) >= LONG_LINE and " " in stripped and not is_spaced_out(stripped):
        tokens = one_line_tokens(stripped)
        if len(tokens) >= 6 and sum(1 for t in tokens if word_kind(t) not in (None, "year")) >= 3:
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

    for token in _bracket_tokens(text.split()):
        if len(token) == 1 and not token.isascii():
            run.append(token)
            continue
        flush()
        tokens.append(token)
    flush()
    return tokens


def _bracket_tokens(tokens: list[str]) -> list[str]:
    """現状値(平成 26 年度) split on its spaces → one token again: a bracket left open takes the next few tokens."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        j = i + 1
        while _open_brackets(token) and j < len(tokens) and j - i <= 4:
            token += tokens[j]
            j += 1
        if _open_brackets(token):
            token, j = tokens[i], i + 1
        out.append(token)
        i = j
    return out


def _open_brackets(token: str) -> bool:
    return token.count("(") + token.count("（") > token.count(")") + token.count("）")


def split_header_words(text: str) -> list[str]:
    """基準値目標値実績値 → [基準値, 目標値, 実績値] when the text is made of header words, else [text]."""
    words = _segment(text, 0, {})
    return words if words is not None and len(words) > 1 else [text]


_VOCABULARY = sorted(VOCABULARY, key=len, reverse=True)
_BRACKET_RE = re.compile(r"[(（][^()（）]{1,20}[)）]")


def _segment(text: str, start: int, memo: dict[int, list[str] | None]) -> list[str] | None:
    """Cut `text[start:]` into header words, a bracket (（H26）) staying with the word before it."""
    if start == len(text):
        return []
    if start in memo:
        return memo[start]
    found: list[str] | None = None
    for word in _VOCABULARY:
        if not text.startswith(word, start):
            continue
        end = start + len(word)
        if m := _BRACKET_RE.match(text, end):
            word, end = word + m[0], m.end()
        if (rest := _segment(text, end, memo)) is not None:
            found = [word, *rest]
            break
    memo[start] = found
    return found
