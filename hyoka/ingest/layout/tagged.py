"""A small table printed as tagged label/value pairs: each figure's row said by a tag before its label.

Accessibility text versions and web pages linearise small progress tables into pairs

    平成25年度末時点の施設入所者数(A) 179 人 【目標年度】入所者数(B) 172 人
    【平成28年度末現在】地域生活移行者数 10人(5.6%)

where the row's header cell arrives as a prefix of the label: a 【】 row tag (【目標年度】,
【目標値】, 【平成28年度末現在】) or a period (平成25年度の, 25年度末時点の, 目標年度の).
The prefix says what the figure is, never the words of the label:

- a tag or prefix naming a target (目標) → the target;
- a period → baseline or actual: the latest period of the block is the one reported on
  (actuals), earlier ones are baselines; a block of one period reads it as the baseline
  unless it says 現在 or 実績.

The label without its prefix is the KPI: a cell letter closing it (`(A)`) is dropped, and a
label closing in a formula (`削減数(C−A)`) is a derived figure, not a KPI. A label that is the
end of a longer one in the same block (入所者数 after 施設入所者数) is the same KPI. A pair
needs whitespace (or 】) before its prefix and after its unit, so prose (…施設入所者数の12%が…)
gives none; and a block gives a table only when one KPI has both a target and a period.

The result is a `Table` (指標名 | 単位 | 基準値 | 目標値 | 実績値, `how="tagged"`), the cells
keeping the printed figure with its period in brackets, so the meaning stage reads it as any table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.ingest.layout import Table
from hyoka.ingest.text.lines import Line
from hyoka.jp import parse_period

HEADER = ["指標名", "単位", "基準値", "目標値", "実績値"]

_ERA_YEAR = r"(?:(?:平成|令和|昭和)\s*(?:\d{1,2}|元)|[HR]\s*\d{1,2}|\d{1,2})\s*年度?"
_PAIR_RE = re.compile(
    r"(?<![^\s】])"  # whitespace, a closing tag or the start before the pair
    r"(?:【(?P<tag>[^】\s]{1,16})】\s*)?"
    rf"(?P<prefix>{_ERA_YEAR}\s*末?\s*(?:時点|現在)?\s*の|目標(?:年度|年次|値)\s*の)?"
    r"(?P<name>[^\s\d。、，,【】()（）:：※*][^\s。、，,【】:：]{1,40}?)\s*"
    r"(?P<value>[△▲−\-]?\d[\d,]*(?:\.\d+)?)\s*"
    r"(?P<unit>か所|ヶ所|ヵ所|箇所|[^\s\dぁ-ゖ()（）。、，,.．:：【】]{1,4})?"
    r"(?:\s*[(（][^()（）]{0,16}[)）])?"
    r"(?=\s|$)"
)
_LETTER_RE = re.compile(r"\s*[(（](?P<inner>[A-Za-zＡ-Ｚａ-ｚ][^()（）]{0,6})[)）]$")
_FORMULA_RE = re.compile(r"[−\-－+＋÷×/／*＊]")
_PERIOD_RE = re.compile(_ERA_YEAR + r"\s*末?\s*(?:時点|現在)?")
_PARTICLE_END = tuple("のはをにがでともや")


@dataclass(frozen=True)
class _Pair:
    name: str
    value: str
    unit: str
    role: str  # target or period
    period: str | None  # the printed period (平成25年度末時点), for role "period"
    current: bool  # the tag says 現在 / 実績
    line: Line


def tagged_tables(lines: list[Line], source: str) -> list[Table]:
    """The tables printed as tagged label/value pairs in `lines`, one per block of non-blank lines."""
    tables: list[Table] = []
    block: list[Line] = []
    for line in [*lines, Line(0, "")]:
        if line.text.strip():
            block.append(line)
            continue
        if block:
            if table := _block_table(block, source):
                tables.append(table)
            block = []
    return tables


def _block_table(block: list[Line], source: str) -> Table | None:
    if not any("目標" in line.text for line in block):
        return None  # no target tag, no table (cheap: most blocks end here)
    # a pair says its row by a 【】 tag or a period ending in の: a line with neither holds none
    pairs = [p for line in block if ("【" in line.text or "の" in line.text) for p in _pairs(line)]
    if not any(p.role == "target" for p in pairs):
        return None
    kpis: dict[str, list[_Pair]] = {}
    for p in pairs:
        kpis.setdefault(_same_kpi(p.name, kpis), []).append(p)
    era = _era(block)
    periods = sorted({y for ps in kpis.values() for p in ps if (y := _year(p.period, era)) is not None})
    reported = periods[-1] if len(periods) > 1 else None
    rows: list[list[str]] = []
    places = []
    for name, ps in kpis.items():
        if len(ps) < 2 and ps[0].role != "target":
            continue  # a lone figure of a period is prose, not a row
        baseline = target = ""
        actuals: list[str] = []
        unit = next((p.unit for p in ps if p.unit), "")
        for p in ps:
            cell = f"{p.value}{p.unit}"
            if p.role == "target":
                target = target or cell
            elif p.current or reported is not None and _year(p.period, era) == reported:
                actuals.append(f"{cell}({p.period})")
            elif not baseline:
                baseline = f"{cell}({p.period})"
        if not (baseline or target or actuals):
            continue
        rows.append([name, unit, baseline, target, actuals[0] if actuals else ""])
        rows += [[name, unit, "", "", a] for a in actuals[1:]]
        places += [ps[0].line.place(source)] * (1 + max(0, len(actuals) - 1))
    if not rows or not any(len(ps) >= 2 and any(p.role == "target" for p in ps) for ps in kpis.values()):
        return None
    first = block[0]
    return Table(list(HEADER), rows, first.place(source), places, how="tagged", last_line=block[-1].number)


def _pairs(line: Line) -> list[_Pair]:
    out: list[_Pair] = []
    for m in _PAIR_RE.finditer(line.text):
        tag, prefix = m["tag"] or "", m["prefix"] or ""
        if not tag and not prefix:
            continue
        name = m["name"].strip()
        if letter := _LETTER_RE.search(name):
            if _FORMULA_RE.search(letter["inner"]):
                continue  # 削減数(C−A): a figure derived from the others
            name = name[: letter.start()].strip()
        if len(name) < 2 or name.endswith(_PARTICLE_END) or _FORMULA_RE.search(name[-1]):
            continue
        said = tag + prefix
        if "目標" in said:
            out.append(_Pair(name, m["value"], m["unit"] or "", "target", None, False, line))
            continue
        period = _PERIOD_RE.search(said)
        if period is None:
            continue
        printed = re.sub(r"\s+", "", period[0])
        current = "現在" in said or "実績" in said
        out.append(_Pair(name, m["value"], m["unit"] or "", "period", printed, current, line))
    return out


def _same_kpi(name: str, known: dict[str, list[_Pair]]) -> str:
    """施設入所者数 for 入所者数 when the block printed the longer label first (and the reverse)."""
    for other in known:
        if other == name or len(name) >= 3 and other.endswith(name):
            return other
    for other in list(known):
        if len(other) >= 3 and name.endswith(other):
            known[name] = known.pop(other)
            return name
    return name


def _era(block: list[Line]) -> str:
    """The era the block writes its years in, for era-less ones (25年度末時点)."""
    text = " ".join(line.text for line in block)
    return "令和" if text.count("令和") + len(re.findall(r"R\s*\d", text)) > text.count("平成") else "平成"


def _year(period: str | None, era: str) -> int | None:
    if not period:
        return None
    label = re.sub(r"(時点|現在)$", "", period)
    if re.match(r"\d", label):
        label = era + label
    p = parse_period(label)
    return p.fiscal_year or p.year
