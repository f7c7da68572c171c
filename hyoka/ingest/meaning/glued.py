"""KPI tables whose cells arrived with no separator at all: a web table's cells concatenated.

    指標内容単位現状値年度目標平成32年23年度達成率(%)24年度達成率(%)25年度達成率(%)備考
    自主防災組織率自主防災組織設立世帯数÷全世帯数57.10%平成22年度アップ93.0062.0066.766.6071.669.5074.7

The header is cut into the column vocabulary (`columns.VOCABULARY`, periods), fewest words
first, so `目標平成32年` stays one cell. A row is read by what each stretch can be: the name
(and its 内容) up to the baseline figure printed just before the 年度 column's period, the
unit cell being what the name ends with when it is the baseline's unit (`人/年21,754人/年`);
then a direction word (アップ, ダウン …), then the figures glued together. Those are split only
where the row checks itself: every 達成率 cell must be what Hyoka computes from the actual
before it and the target (actual ÷ target, to the printed decimal), and the target and actuals
print the baseline's number of decimals. A row cut short keeps the target when the rest cannot
be split. Nothing is guessed: a row that does not check is not read.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from hyoka.ingest.columns import PERIOD_RE, VOCABULARY, column_meanings
from hyoka.ingest.layout import Table
from hyoka.ingest.meaning.tables import plausible_name
from hyoka.ingest.meaning.values import MEASURE
from hyoka.ingest.text.lines import Line
from hyoka.jp.numbers import nfkc

_WORDS = frozenset(VOCABULARY) | {"内容", "概要", "年度", "目標年度", "基準年度", "指標名称"}
_PERCENT_SUFFIX_RE = re.compile(r"^(?P<word>.+?)(?:\(%\)|\(単位\))$")
_DIRECTION_WORDS = ("アップ", "ダウン", "増加", "減少", "維持", "向上", "低下", "上昇", "削減", "拡大")
_NUMBER_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_MEASURE_END_RE = re.compile(rf"^.{{2,30}}?{MEASURE}")
_UNIT_CHARS = r"[^\d\s.,、。()（）]"


def read_glued_tables(lines: list[Line], source: str) -> list[Table]:
    """Every glued header line and the glued rows under it."""
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        header = _header(lines[i].text)
        if header is None:
            i += 1
            continue
        meanings = column_meanings(header)
        kinds = [m.kind for m in meanings]
        rows: list[list[str]] = []
        places = []
        j = i + 1
        while j < len(lines) and _header(lines[j].text) is None:
            last = all(line.blank for line in lines[j + 1 :])  # the excerpt ends inside this row
            row = _row(nfkc(lines[j].text).strip(), header, kinds, last=last)
            if row is not None:
                rows.append(row)
                places.append(lines[j].place(source))
            j += 1
        if rows:
            tables.append(Table(header, rows, lines[i].place(source), places, how="glued"))
        i = j
    return tables


def is_glued_header(text: str) -> bool:
    """A line that is a KPI table's header words with nothing between them (for detection)."""
    return _header(text) is not None


def _header(text: str) -> list[str] | None:
    if "率" not in text:  # every glued header prints 達成率 (or another rate): most lines stop here
        return None
    s = nfkc(text).strip()
    if not (8 <= len(s) <= 120) or " " in s or "率" not in s or not any(w in s for w in ("指標", "項目", "KPI")):
        return None
    words = _segment(s)
    if words is None or len(words) < 4:
        return None
    kinds = {m.kind for m in column_meanings(words)}
    if "kpi_name" not in kinds or not ({"target", "actual"} & kinds) or "derived" not in kinds:
        return None
    return words


@lru_cache(maxsize=4096)
def _segment(s: str) -> list[str] | None:
    """`s` cut into vocabulary words and periods, fewest words first; None when it cannot be cut."""
    n = len(s)
    best: list[list[str] | None] = [None] * (n + 1)
    best[n] = []
    for i in range(n - 1, -1, -1):
        for end in range(i + 1, min(i + 14, n) + 1):
            rest = best[end]
            if rest is None or not _is_word(s[i:end]):
                continue
            if best[i] is None or len(rest) + 1 < len(best[i]):
                best[i] = [s[i:end], *rest]
    return best[0]


def _is_word(w: str) -> bool:
    if m := _PERCENT_SUFFIX_RE.match(w):
        w = m["word"]
    if w in _WORDS or PERIOD_RE.fullmatch(w):
        return True
    return any(w.startswith(v) and PERIOD_RE.fullmatch(w[len(v) :]) for v in ("目標", "目標値", "実績", "実績値"))


def _row(text: str, header: list[str], kinds: list[str], last: bool = False) -> list[str] | None:
    """One glued row, cut into the header's cells; None when it does not check."""
    if " " in text or not text:
        return None
    try:
        base_col = kinds.index("baseline")
        target_col = kinds.index("target")
    except ValueError:
        return None
    year_col = base_col + 1 if base_col + 1 < len(header) and kinds[base_col + 1] == "unknown" else None
    # the name, the baseline figure with its unit, and the baseline's period
    m = re.match(
        rf"^(?P<name>.+?)(?P<base>[△▲\-]?{_NUMBER_RE.pattern})(?P<unit>{_UNIT_CHARS}{{0,4}}?)"
        rf"(?P<period>{PERIOD_RE.pattern})(?P<rest>.*)$",
        text,
    )
    if m is None:
        return None
    name, unit, rest = m["name"], m["unit"], m["rest"]
    unit_cell = ""
    if unit and name.endswith(unit):
        name, unit_cell = name[: -len(unit)], unit
    direction = next((w for w in _DIRECTION_WORDS if rest.startswith(w)), "")
    rest = rest[len(direction) :]
    value_cols = [j for j in range(target_col + 1, len(header)) if kinds[j] in ("actual", "derived")]
    pattern = ["actual" if kinds[j] == "actual" else "derived" for j in value_cols]
    decimals = _decimals(m["base"])
    found = _splits(rest, tuple(pattern), decimals)
    split = _split(found, Decimal(m["base"].replace(",", "").lstrip("△▲-") or "1"))
    if not found and last and (targets := _numbers_at(rest, 0, decimals)):
        split = (targets[0], [])  # the text ends inside the row: its target, nothing after it
    if split is None:
        return None
    target, figures = split
    row = [""] * len(header)
    name_col = kinds.index("kpi_name")
    note_col = name_col + 1 if name_col + 1 < len(header) and kinds[name_col + 1] == "note" else None
    if note_col is not None and (short := _MEASURE_END_RE.match(name)) and short.end() < len(name):
        name, row[note_col] = short[0], name[short.end() :]
    if not plausible_name(name):
        return None
    row[name_col] = name
    if "unit" in kinds:
        row[kinds.index("unit")] = unit_cell
    row[base_col] = m["base"] + unit
    if year_col is not None:
        row[year_col] = m["period"]
    row[target_col] = target
    for j, figure in zip(value_cols, figures, strict=False):
        row[j] = figure
    return row


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _split(found: list[tuple[str, list[str]]], baseline: Decimal) -> tuple[str, list[str]] | None:
    """The reading of a glued run to keep, of those that check (`_splits`: the target and actuals
    print the baseline's decimals; a derived cell is actual ÷ target in percent as printed).

    The longest wins; where several do (`101101100.0` is 101,
    101, 100.0 and also 10, 110, 1100.0), the one whose figures stand nearest the baseline's size
    (one KPI's figures are of one magnitude), and none when that still ties.
    """
    if not found:
        return None
    longest = max(len(f) for _, f in found)
    found = [c for c in found if len(c[1]) == longest]
    scored = sorted((_distance([t, *f[::2]], baseline), t, f) for t, f in found)
    if len(scored) > 1 and scored[0][0] == scored[1][0] and scored[0][1:] != scored[1][1:]:
        return None
    return scored[0][1], scored[0][2]


def _splits(rest: str, pattern: tuple[str, ...], decimals: int) -> list[tuple[str, list[str]]]:
    """Every reading of `rest` as a target and checked (actual, derived) pairs."""
    found: list[tuple[str, list[str]]] = []
    for t in _numbers_at(rest, 0, decimals):
        target = Decimal(t.replace(",", ""))
        if target:
            found += [(t, figures) for figures in _figures(rest, len(t), pattern, target, decimals)]
    return found


def _distance(figures: list[str], baseline: Decimal) -> Decimal:
    """How far a split's target and actuals stand from the baseline in orders of magnitude."""
    base = abs(baseline) or Decimal(1)
    sizes = [abs(Decimal(f.replace(",", ""))) or Decimal(1) for f in figures]
    return sum((abs((size / base).log10()) for size in sizes), Decimal(0))


def _figures(rest: str, at: int, pattern: tuple[str, ...], target: Decimal, decimals: int) -> list[list[str]]:
    """Every way to read `rest` from `at` to its end as pairs of an actual and its derived cell."""
    if at == len(rest):
        return [[]]
    if len(pattern) < 2 or pattern[0] != "actual" or pattern[1] != "derived":
        return []
    out: list[list[str]] = []
    for a in _numbers_at(rest, at, decimals):
        actual = Decimal(a.replace(",", ""))
        for r in _numbers_at(rest, at + len(a), None):
            if "." not in r or not _rate_checks(actual, target, r):
                continue
            out += [[a, r, *more] for more in _figures(rest, at + len(a) + len(r), pattern[2:], target, decimals)]
    return out


def _numbers_at(s: str, at: int, decimals: int | None) -> list[str]:
    """Every number that can start at `at` (no leading zero), with `decimals` decimals when given."""
    out = []
    for end in range(at + 1, min(at + 12, len(s)) + 1):
        t = s[at:end]
        if not _NUMBER_RE.fullmatch(t) or (len(t) > 1 and t[0] == "0" and t[1] != "."):
            continue
        if t.endswith(".") or (decimals is not None and _decimals(t) != decimals):
            continue
        out.append(t)
    return out


def _rate_checks(actual: Decimal, target: Decimal, printed: str) -> bool:
    try:
        rate = Decimal(printed)
    except InvalidOperation:
        return False
    step = Decimal(1).scaleb(-_decimals(printed))
    return abs(actual / target * 100 - rate) <= step
