"""Year figures printed under a numbered reference (`KPI(1)`, `指標②`) instead of the KPI's name.

A 数値目標評価シート can name its KPIs once, in a table (`指標名 基準値 目標値 …`), and print
their yearly figures elsewhere under `重要業績評価指標 KPI(1)` / `KPI(2)`, with the year row
(`策定時 H27 H28 H29 H30 H31`) above and a `達成率` row for each reference below::

    策定時 H27 H28 H29 H30 H31 … KPI(1) 0.90 0.93 1.11 1.00 - KPI(2) 300 385 245 205 …
    達成率 66.4% 79.3% 71.4% - - … 達成率 39.0% 61.2% 73.2% - -

Reference n is the document's n-th KPI, but only where the sheet checks itself: every printed
達成率 of the reference must be what Hyoka computes from that KPI's target and the actual of
its year (actual ÷ target, or target ÷ actual for a KPI that should fall). The figure under a
baseline word (策定時, 基準値) is the baseline; the others are the actuals of their years.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.columns import PERIOD_RE, word_kind
from hyoka.ingest.meaning.stream import Stream
from hyoka.ingest.meaning.values import find_period, read_cell

_REFERENCE_RE = re.compile(r"^(?:KPI|指標)\s*[(（]?\s*(?P<n>\d{1,2}|[①-⑨])\s*[)）]?$")
_DASHED_RE = re.compile(r"^(?P<figure>[\d.,]+)[-－—―]$")  # 1.00- : a figure and the dash of the next cell
_CIRCLED = "①②③④⑤⑥⑦⑧⑨"
_HALF_STEP = Decimal("0.05")


@dataclass
class Reading:
    """What reference n printed: the baseline, and (period, actual) pairs."""

    index: int  # 0-based: the document's index-th KPI
    baseline: Decimal | None
    actuals: list[tuple[ix.Period, Decimal]]


def read_references(stream: Stream, indicators: list[ix.Indicator], era_hint: str | None = None) -> list[Reading]:
    """The readings of every numbered reference that resolves to one of `indicators` and checks."""
    tokens = [t.norm for t in stream.tokens]
    refs = [(i, m) for i, t in enumerate(tokens) if (m := _REFERENCE_RE.match(t))]
    rates = _rate_rows(tokens)
    out: list[Reading] = []
    seen: set[int] = set()
    order = 0
    for i, m in refs:
        figures = _figures(tokens, i + 1)
        if len(figures) < 2:
            continue  # a reference in a header or in prose, with no figures after it
        index = _index(m["n"])
        columns = _year_row(tokens, i)
        if index in seen or index >= len(indicators) or columns is None or order >= len(rates):
            continue
        kpi = indicators[index]
        reading = _read(index, figures, columns, kpi, rates[order], era_hint)
        order += 1
        if reading is not None:
            out.append(reading)
            seen.add(index)
    return out


def _index(n: str) -> int:
    return _CIRCLED.index(n) if n in _CIRCLED else int(n) - 1


def _figures(tokens: list[str], at: int) -> list[str]:
    """The cells after a reference: figures and dashes, a dash glued to a figure split off."""
    out: list[str] = []
    for t in tokens[at : at + 12]:
        if m := _DASHED_RE.match(t):
            out += [m["figure"], "-"]
            continue
        cell = read_cell(t)
        if cell.status not in ("value", "none"):
            break
        out.append(t)
    return out


def _year_row(tokens: list[str], before: int) -> list[str] | None:
    """The nearest row of years before a reference (`策定時 H27 H28 …`), its baseline word kept."""
    for end in range(before - 1, max(before - 40, 0) - 1, -1):
        if not PERIOD_RE.fullmatch(tokens[end]):
            continue
        start = end
        while start > 0 and PERIOD_RE.fullmatch(tokens[start - 1]):
            start -= 1
        if end - start < 1:
            continue
        if start > 0 and word_kind(tokens[start - 1]) == "baseline":
            start -= 1
        return tokens[start : end + 1]
    return None


def _rate_rows(tokens: list[str]) -> list[list[str]]:
    """Each 達成率 row: its cells, in the order printed."""
    rows = []
    for i, t in enumerate(tokens):
        if t != "達成率":
            continue
        cells = []
        for c in tokens[i + 1 : i + 12]:
            if not (c.endswith("%") or c in ("-", "—", "―")):
                break
            cells.append(c)
        if cells:
            rows.append(cells)
    return rows


def _read(
    index: int, figures: list[str], columns: list[str], kpi: ix.Indicator, rates: list[str], era_hint: str | None
) -> Reading | None:
    if kpi.target is None or not kpi.target.value:
        return None
    has_base = word_kind(columns[0]) == "baseline"
    years = columns[1:] if has_base else columns
    values = figures[1:] if has_base else figures
    baseline = read_cell(figures[0]).value if has_base else None
    actuals = []
    for year, text in zip(years, values, strict=False):
        cell = read_cell(text, era_hint)
        if cell.value is not None and (period := find_period(year, era_hint)):
            actuals.append((period, cell.value))
    if not _checks([a for _, a in actuals], Decimal(kpi.target.value), rates):
        return None
    return Reading(index, baseline, actuals)


def _checks(actuals: list[Decimal], target: Decimal, rates: list[str]) -> bool:
    """Every printed rate is actual ÷ target (or target ÷ actual, one way for the whole row)."""
    printed = [Decimal(r[:-1]) for r in rates if r.endswith("%")]
    if len(printed) < 2 or len(printed) > len(actuals):
        return False
    for ratio in (lambda a: a / target * 100, lambda a: target / a * 100 if a else Decimal(0)):
        if all(abs(ratio(a) - r) <= _HALF_STEP for a, r in zip(actuals, printed, strict=False)):
            return True
    return False
