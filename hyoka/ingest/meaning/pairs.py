"""A target table whose header was lost: each row a name, its current figure with the year, its target.

PDF text of a 目標値 table often keeps each row's cells one per line while the header comes
apart (`現` / `目` / `標` / `値`, spaced single characters on lines of their own):

    中心市街地周辺の人口
    2,044 人(2014 年)
    2,000 人以上

A name line, then a figure printed with a past period in brackets, then a figure with none is
one KPI: the dated figure is its current value (the baseline), the undated one its target. This
is read only under a text that speaks of targets (目標) and only where the two figures share their
unit, so a stray pair of numbers in prose is not taken for a KPI.
"""

from __future__ import annotations

import re

from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.tables import plausible_name
from hyoka.ingest.meaning.values import read_cell
from hyoka.ingest.text.lines import Line
from hyoka.jp.numbers import nfkc

_BRACKETED_PERIOD_RE = re.compile(
    r"[(（][^()（）]*\d{4}\s*年?[^()（）]*[)）]\s*$|[(（]\s*[HRS]\d{1,2}[^()（）]*[)）]\s*$"
)


def read_dated_pairs(lines: list[Line], source: str) -> list[Table]:
    """Rows of name / dated figure / undated figure, as one table (header 指標, 現状値, 目標値)."""
    if not any("目標" in line.text for line in lines):
        return []
    texts = [line for line in lines if not line.blank]
    rows: list[list[str]] = []
    places = []
    for name, dated, target in zip(texts, texts[1:], texts[2:], strict=False):
        if "年" not in dated.text or not any(b in dated.text for b in "(（"):
            continue
        n = nfkc(name.text).strip()
        if not _is_name(n):
            continue
        before = read_cell(dated.text.strip())
        after = read_cell(target.text.strip())
        if before.value is None or after.value is None or before.period is None or after.period is not None:
            continue
        if not _BRACKETED_PERIOD_RE.search(nfkc(dated.text)) or (before.unit or "") != (after.unit or ""):
            continue
        rows.append([n, dated.text.strip(), target.text.strip()])
        places.append(name.place(source))
    if not rows:
        return []
    return [Table(["指標", "現状値", "目標値"], rows, places[0], places, how="dated pairs")]


def _is_name(text: str) -> bool:
    return (
        plausible_name(text)
        and len(text) <= 40
        and not re.search(r"\d", text[:1])
        and read_cell(text).value is None
        and not text.endswith(("。", "、"))
    )
