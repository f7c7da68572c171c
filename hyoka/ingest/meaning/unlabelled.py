"""A sheet's KPI row whose 指標 label was lost: the name line, its figure lines, then 実績値 and the actual.

PDF text of an evaluation sheet, one cell per line and out of grid order, can drop the column
words but keep the row (`地域活動への参加 意向割合` / `78.7` / `84.8 86.8 88.8` / `実績値` /
`85.8` / `H28`). The figures before 実績値 are the row's other columns, whose meaning nothing
printed says (基準値? yearly 目標値?), so only what a label names is read: the KPI, named by the
line just above the figures (a measure: …割合, …率, …数), and its actual, the one figure under
実績値 with the period printed after it.
"""

from __future__ import annotations

import re

from hyoka import interchange as ix
from hyoka.ingest.columns import word_kind
from hyoka.ingest.layout.cells import despace
from hyoka.ingest.meaning.values import MEASURE, find_period, read_cell
from hyoka.ingest.text.lines import Line
from hyoka.jp.numbers import nfkc

_ACTUAL_LABEL_RE = re.compile(r"^実績値?$")
_LABELS = frozenset({"実績", "実績値"})
_FIGURES_RE = re.compile(r"^[\d,.%\s]+$")
_MEASURE_RE = re.compile(rf"{MEASURE}$")
_PERIOD_RE = re.compile(r"^(?:[HR]\d{1,2}|(?:平成|令和)\s*(?:\d{1,2}|元)\s*年度?)$")
_FIGURE_LINES = 3  # lines of other columns' figures between the name and 実績値


def read_unlabelled_actuals(lines: list[Line], era_hint: str | None = None) -> list[tuple[ix.Indicator, Line]]:
    """Each KPI named just above figure lines that a lone 実績値 label and its figure close."""
    if not any(line.text.strip() in _LABELS for line in lines):
        return []  # most documents: no lone 実績値 line, nothing to normalise
    texts = [(nfkc(line.text).strip(), line) for line in lines if line.text.strip()]
    found: list[tuple[ix.Indicator, Line]] = []
    for i, (text, _) in enumerate(texts):
        if not _ACTUAL_LABEL_RE.match(text) or i + 1 >= len(texts):
            continue
        actual = read_cell(texts[i + 1][0], era_hint)
        if actual.value is None or " " in texts[i + 1][0]:
            continue
        k = i - 1
        while k >= 0 and i - k <= _FIGURE_LINES and _FIGURES_RE.match(texts[k][0]):
            k -= 1
        if k < 0 or k == i - 1 or i - k > _FIGURE_LINES:
            continue  # no figure line between, or more than a row's
        name = _name(texts[k][0])
        if name is None:
            continue
        after = texts[i + 2][0] if i + 2 < len(texts) else ""
        period = find_period(after, era_hint) if _PERIOD_RE.match(after) else None
        observation = ix.Observation(value=actual.value, period=period or ix.Period(label="実績"))
        found.append((ix.Indicator(name=name, unit=actual.unit, observations=[observation]), texts[k][1]))
    return found


def _name(text: str) -> str | None:
    """A measure's name (…割合, …率, …数), with a space from a wrapped cell taken out."""
    name = despace(text).replace(" ", "")
    if not (4 <= len(name) <= 40) or re.search(r"[。、:：]", name) or name[0].isdigit() or not _MEASURE_RE.search(name):
        return None
    return name if word_kind(name) is None else None
