"""Rows of 、-separated cells under a sentence that names the columns: a table read aloud.

Accessibility text versions linearise a table with a sentence giving the column order and then
one row per line (or per run of spaces, where the lines were joined), cells separated by 、:

    成果目標、令和2年度目標、令和2年度実績、達成率の順で記載
    施設入所者の地域移行者数、470人 H28年度末入所者の約10%、175人、37.2%
    施設入所者の減少数、74人減 令和2年度末の入所者数 4,825人、154人減 令和2年度末の入所者数 4,745人、208.1%

The sentence's words are the header (`columns.column_meanings` gives their meaning; the first
column holds the rows' names, whatever word the sentence uses for it). A cell may carry a remark
after its figure, and a 、 may be missing or misplaced, so a row's figures are its whole figure
tokens (`470人`, `74人減`; not `約10%` or `入所者の3.6%`, which are remarks): as many as the
header has value columns, they fill them in order; otherwise each cell gives its first figure.
A figure's 増/減 (`74人減`) is dropped: the KPI's name says what it counts (減少数). The rows become a `Table`
(how = "listed rows") read like any other.
"""

from __future__ import annotations

import re

from hyoka.ingest.columns import column_meanings
from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.tables import plausible_name
from hyoka.ingest.meaning.values import PERIOD
from hyoka.ingest.text.lines import Line
from hyoka.jp.numbers import nfkc

_ORDER_RE = re.compile(r"(?P<cols>[^\s。、]{2,20}(?:、[^\s。、]{2,20}){1,9})の順(?:で|に)?(?:記載|表示|掲載|示|並べ)")
_SEGMENT_RE = re.compile(r"\s{2,}|\n")
_FIGURE_TOKEN_RE = re.compile(r"^(?P<figure>[△▲−\-]?\d[\d,]*(?:\.\d+)?(?:%|[^\s\d、,.%]{1,4}?)?)(?:増|減)?$")
_NAME_KINDS = {"kpi_name", "project_name"}
_PERIOD_OF_RE = re.compile(rf"^(?:{PERIOD})\s*(?:時点|現在)?の")


def read_listed_rows(lines: list[Line], source: str) -> list[Table]:
    """Every table announced by an order sentence (…の順で記載) and the 、-rows after it."""
    text = "\n".join(line.text for line in lines)
    if "の順" not in text:
        return []
    starts: list[int] = []
    at = 0
    for line in lines:
        starts.append(at)
        at += len(line.text) + 1
    tables: list[Table] = []
    for m in _ORDER_RE.finditer(nfkc(text)):
        header = m["cols"].split("、")
        rows = _rows(nfkc(text)[m.end() :], len(header))
        if not rows:
            continue
        meanings = column_meanings(header)
        if meanings[0].kind not in _NAME_KINDS:
            header = ["指標", *header[1:]]  # the sentence's own word for the name column (成果目標)
        line = lines[_line_index(starts, m.start())]
        place = line.place(source)
        tables.append(
            Table(header=header, rows=rows, place=place, row_places=[place] * len(rows), title=None, how="listed rows")
        )
    return tables


def _rows(after: str, width: int) -> list[list[str]]:
    segments = [s.strip() for s in _SEGMENT_RE.split(after)]
    rows: list[list[str]] = []
    for segment in segments:
        if not segment:
            continue
        cells = [c.strip() for c in segment.split("、")]
        if len(cells) < 2 or not plausible_name(cells[0]) or len(cells[0]) > 60:
            if rows or segment.endswith(("記載", "。")):
                break
            continue
        figures = _figures(cells[1:], width - 1)
        if figures is None:
            break
        rows.append([cells[0], *figures])
        rows += _second_figures(cells[1:width])
    return rows


def _second_figures(cells: list[str]) -> list[list[str]]:
    """A second KPI printed inside the cells after the first one's figure, with its own label:
    `74人減 令和2年度末の入所者数 4,825人` / `154人減 令和2年度末の入所者数 4,745人`. The same label in two
    value cells or more makes a row of its own, named by the label without its period."""
    found: list[dict[str, str]] = []
    for cell in cells:
        words = cell.split()
        pairs = {}
        for label, figure in zip(words[1:], words[2:], strict=False):
            if (
                (m := _FIGURE_TOKEN_RE.match(figure))
                and not _FIGURE_TOKEN_RE.match(label)
                and not re.search(r"\d", label[-1])
            ):
                pairs[label] = m["figure"]
        found.append(pairs)
    rows: list[list[str]] = []
    for label in dict.fromkeys(k for pairs in found for k in pairs):
        if sum(label in pairs for pairs in found) < 2:
            continue
        name = _PERIOD_OF_RE.sub("", label)
        if plausible_name(name):
            rows.append([name, *(pairs.get(label, "") for pairs in found)])
    return rows


def _figures(cells: list[str], wanted: int) -> list[str] | None:
    """The row's value cells: its whole figure tokens in order when there are as many as columns,
    else the first figure of each cell; None when the row holds no figure."""
    whole = [f for cell in cells for f in _whole_figures(cell)]
    if not whole:
        return None
    if len(whole) == wanted:
        return whole
    out = [next(iter(_whole_figures(cell)), "") for cell in cells[:wanted]]
    return out + [""] * (wanted - len(out))


def _whole_figures(cell: str) -> list[str]:
    return [m["figure"] for token in cell.split() if (m := _FIGURE_TOKEN_RE.match(token))]


def _line_index(starts: list[int], offset: int) -> int:
    index = 0
    for i, start in enumerate(starts):
        if start > offset:
            break
        index = i
    return index
