"""What the outline's two kinds of tab table share: recognising their header rows (a KPI table's
指標 / 基準値 / 目標値 …, a project table's 事業名 / 取組内容 / 所管課) and taking the rows under a header.

Columns are recognised by the words of the header row, never by position. A table split over pages
(form feed, header printed again) is one table.
"""

from __future__ import annotations

import re

from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import cells, compact, is_blank, is_dash, is_tab_row

_KPI_NAME_RE = re.compile(r"^(?:指標|重要業績評価指標|KPI|数値目標|成果指標|評価指標|指標名|目標指標)")
_KPI_VALUE_WORDS = ("基準", "現状", "目標", "実績", "増減")
PROJECT_NAME_RE = re.compile(r"^(?:事業名|事業|取組名|取組|取り組み|主な事業|主な取組|施策名|事業・取組)$")
DEPARTMENT_RE = re.compile(r"(?:所管|担当|課名|部署|担当部局)")
CONTENT_RE = re.compile(r"(?:内容|概要)")


def header_words(text: str) -> str:
    return compact(text)


def is_kpi_header(line: Line) -> bool:
    cs = [c for c in cells(line) if c]
    if len(cs) < 2 or not _KPI_NAME_RE.match(header_words(cs[0])):
        return False
    return any(any(w in header_words(c) for w in _KPI_VALUE_WORDS) for c in cs[1:])


def is_project_header(line: Line) -> bool:
    cs = [header_words(c) for c in cells(line) if c]
    if len(cs) < 2 or not any(PROJECT_NAME_RE.match(c) for c in cs):
        return False
    return any(DEPARTMENT_RE.search(c) or CONTENT_RE.search(c) for c in cs if not PROJECT_NAME_RE.match(c))


def table_rows(lines: list[Line], start: int, header: list[str]) -> tuple[list[tuple[Line, list[str]]], int]:
    """Rows after a header at `start`, across blank lines and page breaks while the table goes on.

    A row equal to the header (printed again on the next page) and rule rows (-----) are skipped.
    """
    key = [header_words(c) for c in header]
    rows: list[tuple[Line, list[str]]] = []
    i = start + 1
    while i < len(lines):
        line = lines[i]
        if is_blank(line):
            j = i
            while j < len(lines) and is_blank(lines[j]):
                j += 1
            if j < len(lines) and is_tab_row(lines[j]) and not _is_other_header(lines[j], key):
                i = j
                continue
            break
        if not is_tab_row(line):
            break
        cs = cells(line)
        if [header_words(c) for c in cs] == key:
            i += 1
            continue
        if _is_other_header(line, key):
            break
        if all(not c or is_dash(c) for c in cs) and any(len(c) >= 3 for c in cs):
            i += 1
            continue
        rows.append((line, cs))
        i += 1
    return rows, i


def _is_other_header(line: Line, key: list[str]) -> bool:
    if [header_words(c) for c in cells(line)] == key:
        return False
    return is_kpi_header(line) or is_project_header(line)
