"""Rows printed as repeated label/value records: a table whose every cell carries its column's word.

Accessibility text versions of plans (and web pages read aloud) linearise a table row by row,
each cell after its header word:

    (1)地域移行者数 … 第1期 期間 H17〜H20 目標数 8 退所者数 2 達成率 25% 備考
    第2期 期間 H21〜H23 目標数 10 退所者数 6 達成率 60% 備考 … ※第4期は見込数

The same labels in the same order, two times or more, are the header; each repetition is a row.
A label whose values are periods (期間 H17〜H20) makes the rows a year grid of one KPI: the target
words (目標数) give its targets (the last one is the target, the others interim), the actual
words (実績) or, where none is printed, the one label outside the vocabulary whose values are
figures (退所者数) give its actuals; derived columns (達成率) are left to Hyoka. A note after
the rows that a row's figures are projections (`※第4期は見込数`) makes that row's actual a
projection. The KPI is named by the numbered heading just before the records (`(1)地域移行者数`),
else by the actual column's label. The grid becomes a `Table` (how = "labelled rows") read by
`tables.read_table` like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.stream import Stream, word_kind
from hyoka.ingest.meaning.tables import plausible_name
from hyoka.ingest.meaning.values import read_cell

_NUMBERED_NAME_RE = re.compile(r"^(?:[(（]\d{1,2}[)）]|[①-⑳]|\d{1,2}[.．)）])\s*(?P<name>\S{2,30})$")
_BRACKETED_RE = re.compile(r"^[(（][^()（）]{1,10}[)）]$")
_TARGET_WORDS = ("target",)
_ACTUAL_WORDS = ("actual",)


@dataclass
class _Pair:
    label: str
    value: str
    start: int  # token index of the label
    end: int  # token index after the value


@dataclass(frozen=True)
class LabelledRows:
    """One grid read from records, with the tokens it used (so looser readers skip them)."""

    table: Table
    used: range


def read_labelled_rows(stream: Stream, source: str) -> list[LabelledRows]:
    """Every run of two or more records with the same labels, keyed by a period label, as a year grid."""
    tokens = stream.tokens
    found: list[LabelledRows] = []
    i = 0
    while i < len(tokens):
        records, end = _records(stream, i)
        if len(records) < 2:
            i += 1
            continue
        grid = _grid(stream, records, end, source)
        if grid is not None:
            found.append(grid)
            i = grid.used.stop
        else:
            i = end
    return found


def _is_value(stream: Stream, j: int) -> bool:
    kind, t = stream.kinds[j], stream.tokens[j].norm
    return kind == "value" or (kind == "header" and word_kind(t) == "year" and not t.startswith(("(", "（")))


def _label_at(stream: Stream, j: int) -> tuple[str, int] | None:
    """A label at `j` (one word, or a word and its bracketed qualifier: `入所者数 (末日現在)`) and
    the index after it, when a value follows it."""
    tokens, kinds = stream.tokens, stream.kinds
    t = tokens[j].norm
    if kinds[j] not in ("text", "header") or len(t) > 12 or t.startswith(("※", "*")) or t.endswith("。"):
        return None
    if _is_value(stream, j):
        return None
    k = j + 1
    if k < len(tokens) and kinds[k] == "text" and _BRACKETED_RE.match(tokens[k].norm):
        t += tokens[k].norm
        k += 1
    if k < len(tokens) and _is_value(stream, k):
        return t, k
    return None


def _records(stream: Stream, i: int) -> tuple[list[list[_Pair]], int]:
    """Label/value pairs from `i`, split into records where the first label comes round again.

    Between records at most two tokens that are not pairs may stand (the next row's label, a
    `備考` with no value). Records are kept while they print the first record's labels in order.
    """
    tokens = stream.tokens
    first = _label_at(stream, i)
    if first is None:
        return [], i
    records: list[list[_Pair]] = []
    current: list[_Pair] = []
    j, gap = i, 0
    while j < len(tokens) and gap <= 2:
        label = _label_at(stream, j)
        if label is None:
            j += 1
            gap += 1
            continue
        text, at = label
        pair = _Pair(text, tokens[at].text.strip(), j, at + 1)
        labels = [p.label for p in current]
        if text in labels or (records and gap and current and labels == [p.label for p in records[0]]):
            records.append(current)
            current = []
        current.append(pair)
        j, gap = at + 1, 0
    if current:
        records.append(current)
    header = [p.label for p in records[0]]
    kept = [records[0]]
    for record in records[1:]:
        if [p.label for p in record] != header:
            break
        kept.append(record)
    return kept, kept[-1][-1].end


def _grid(stream: Stream, records: list[list[_Pair]], end: int, source: str) -> LabelledRows | None:
    tokens = stream.tokens
    labels = [p.label for p in records[0]]
    kinds = [word_kind(label) for label in labels]
    period = next((j for j, k in enumerate(kinds) if k == "year" or _all_periods(records, j)), None)
    if period is None:
        return None
    targets = [j for j, k in enumerate(kinds) if k in _TARGET_WORDS]
    actuals = [j for j, k in enumerate(kinds) if k in _ACTUAL_WORDS]
    if not actuals:  # the one count outside the vocabulary: 退所者数 2
        unnamed = [j for j, k in enumerate(kinds) if k is None and j != period and _all_figures(records, j)]
        actuals = unnamed if len(unnamed) == 1 else []
    if not (targets or actuals):
        return None
    start = records[0][0].start
    name = _numbered_name(stream, start) or (labels[actuals[0]] if actuals else "")
    name = re.sub(r"[(（][^()（）]*[)）]$", "", name).strip()
    if not plausible_name(name):
        return None
    projected = _projected_rows(stream, records, end)
    years = [r[period].value for r in records]
    header = ["指標", "単位", "区分", *years]
    rows: list[list[str]] = []
    for j in targets[-1:]:
        rows.append(["", "", "目標", *(r[j].value for r in records)])
    for j in actuals[:1]:
        rows.append(["", "", "実績", *("" if n in projected else r[j].value for n, r in enumerate(records))])
        if projected:
            rows.append(["", "", "見込", *(r[j].value if n in projected else "" for n, r in enumerate(records))])
    rows[0][0] = name
    place = tokens[start].line.place(source)
    table = Table(header=header, rows=rows, place=place, row_places=[place] * len(rows), how="labelled rows")
    return LabelledRows(table, range(start, end))


def _all_periods(records: list[list[_Pair]], j: int) -> bool:
    return all(word_kind(r[j].value) == "year" for r in records)


def _all_figures(records: list[list[_Pair]], j: int) -> bool:
    return all(read_cell(r[j].value).value is not None for r in records)


def _numbered_name(stream: Stream, start: int) -> str | None:
    """The numbered heading just before the records (`(1)地域移行者数`), over a sentence or two."""
    for k in range(start - 1, max(start - 6, -1), -1):
        if m := _NUMBERED_NAME_RE.match(stream.tokens[k].norm):
            return m["name"]
    return None


def _projected_rows(stream: Stream, records: list[list[_Pair]], end: int) -> set[int]:
    """Rows a note after the records calls projections: `※第4期は見込数`."""
    row_labels = [stream.tokens[r[0].start - 1].norm if r[0].start else "" for r in records]
    out: set[int] = set()
    for k in range(end, min(end + 4, len(stream.tokens))):
        t = stream.tokens[k].norm
        if "見込" not in t:
            continue
        out |= {n for n, label in enumerate(row_labels) if label and label in t}
    return out
