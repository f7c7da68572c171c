"""How the outline layout marks structure in a line: NFKC for matching, tab cells, page numbers,
bullets and status groups, ※ notes, periods, and a printed figure's value and unit.

Matching runs on `prep(text)`: NFKC (全角 → 半角, 全角スペース → space) except for the
characters that carry structure and that NFKC would flatten: ①–⑳ (policy numbers) and
Ⅰ–Ⅻ (goal numbers). Values kept in the plan are cut from the text as printed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from hyoka import interchange as ix
from hyoka.ingest.text.lines import Line, nfkc
from hyoka.jp import QuantityError, parse_period, parse_quantity

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_KEEP = CIRCLED + ROMAN
BULLETS = "○◯◎●◇◆□■☆★"
DASHES = "-—―‐−–ー"
# 継続 / 新規 / 拡充 / 検討 / 追加 …: the status words a project tag or a group header carries.
STATUS_WORDS = (
    "継続",
    "新規",
    "拡充",
    "検討",
    "追加",
    "廃止",
    "終了",
    "完了",
    "見直し",
    "重点",
    "充実",
    "統合",
    "縮小",
)
_PAGE_NUMBER_RE = re.compile(r"^[-\s]*\d{1,3}[-\s]*$|^\d+\s*/\s*\d+$")
NOTE_RE = re.compile(r"^\s*[(（]?\s*[※＊]")
VERB_SUFFIXES = ("開催", "実施", "設置", "参加", "受講", "達成", "登録", "利用", "受診", "交付")


def prep(text: str) -> str:
    """NFKC for matching, keeping ①–⑳ and Ⅰ–Ⅻ, which carry the numbering of headings."""
    return nfkc(text, _KEEP)


def compact(text: str) -> str:
    return re.sub(r"\s+", "", prep(text))


def cells(line: Line) -> list[str]:
    """Tab-separated cells, stripped, trailing empty cells dropped (PDF/Excel pad rows with tabs)."""
    parts = [c.strip() for c in line.text.split("\t")]
    while parts and not parts[-1]:
        parts.pop()
    return parts


def is_tab_row(line: Line) -> bool:
    return sum(1 for c in cells(line) if c) >= 2


def is_blank(line: Line) -> bool:
    """Blank, or only a page number (- 3 -) that a PDF prints on every page."""
    t = prep(line.text).strip()
    return not t or bool(_PAGE_NUMBER_RE.match(t))


def is_dash(text: str) -> bool:
    t = prep(text).strip()
    return bool(t) and all(c in DASHES for c in t)


def joined(line: Line) -> str:
    """The line's cells joined with a space: a heading printed across padded cells."""
    return " ".join(c for c in cells(line) if c)


def next_nonblank(lines: list[Line], i: int) -> int | None:
    """The index of the first line from `i` that is not blank (nor a page number), or None."""
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i if i < len(lines) else None


def bullet_of(text: str) -> str | None:
    t = text.lstrip()
    return t[0] if t and t[0] in BULLETS else None


def status_group(text: str) -> str | None:
    """○継続事業 / ●新規の取組 / ◎拡充事業: a group header giving the status of the projects below it."""
    t = compact(text)
    if not t or t[0] not in BULLETS:
        return None
    m = re.fullmatch(rf"[{BULLETS}]({'|'.join(STATUS_WORDS)})(?:事業|の?取組み?|の?取り組み|施策)?", t)
    return m[1] if m else None


ERA_PERIOD = r"(?:令和|平成|昭和|[RHS])\s*(?:\d+|元)\s*(?:\(\d{4}\)\s*)?年?度?"
# A period at the start of a metric line: 令和4年度, 令和4年度末, 令和2年度からの累計, R4.
PERIOD_PREFIX_RE = re.compile(
    rf"^(?P<p>(?:{ERA_PERIOD}|\d{{4}}\s*年度?)\s*(?:末現在|末|からの累計|以降の累計|累計|現在)?)"
)


def to_period(label: str | None) -> ix.Period | None:
    """hyoka.jp.parse_period into the contract's Period, keeping the label as printed."""
    if not label or not label.strip():
        return None
    p = parse_period(label.strip())
    return ix.Period(label=label.strip(), fiscal_year=p.fiscal_year, year=p.year, date=p.date)


def looks_like_period(text: str) -> bool:
    t = compact(text)
    if not t or len(t) > 20:
        return False
    return bool(re.fullmatch(rf"{ERA_PERIOD}(?:末|末現在|現在|からの累計|累計)?|\d{{4}}年度?(?:末)?", t))


def value_and_unit(qtext: str) -> tuple[Decimal | None, str | None]:
    try:
        q = parse_quantity(qtext)
    except QuantityError:
        return None, None
    return q.value, clean_unit(q.unit)


def clean_unit(unit: str | None) -> str | None:
    """延べ57回開催 → 回: a counter followed by a verb keeps only the counter."""
    if not unit:
        return None
    for suffix in VERB_SUFFIXES:
        if unit.endswith(suffix) and len(unit) > len(suffix):
            return unit[: -len(suffix)]
    return unit
