"""Shared pieces of the outline reader: normalising text, tab cells, headings, bullets, periods.

Matching runs on `prep(text)`: NFKC (全角 → 半角, 全角スペース → space) except for the
characters that carry structure and that NFKC would flatten: ①–⑳ (policy numbers) and
Ⅰ–Ⅻ (goal numbers). Values kept in the plan are cut from the text as printed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from hyoka import interchange as ix
from hyoka.ingest.text.lines import Line
from hyoka.jp import parse_period

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"
_KEEP = CIRCLED + ROMAN
_LATIN_ROMAN = {
    "I": "Ⅰ",
    "II": "Ⅱ",
    "III": "Ⅲ",
    "IV": "Ⅳ",
    "V": "Ⅴ",
    "VI": "Ⅵ",
    "VII": "Ⅶ",
    "VIII": "Ⅷ",
    "IX": "Ⅸ",
    "X": "Ⅹ",
}
_KANJI_DIGITS = {
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
    "十": "10",
}
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

# Level words a plan uses for its tree, broadest first (used only to order levels seen together).
TOP_LEVELS = ("基本目標", "基本方針", "重点目標", "政策", "分野", "章")
MID_LEVELS = ("節", "基本施策", "施策の方向", "重点施策", "具体的施策", "取組の方向", "施策")
DEFAULT_CIRCLED_LEVEL = "施策"  # ①… headings under a goal, where the plan prints no level name

_NUM = rf"(?:\d+|[{ROMAN}]+|(?:VIII|VII|VI|IV|IX|III|II|I|V|X)(?![A-Za-z]))"
_TOP_RE = re.compile(
    rf"^[{BULLETS}]?\s*(?P<level>{'|'.join(TOP_LEVELS[:-1])})\s*(?P<num>{_NUM})\s*(?:[.:、]\s*|\s+|(?=[「『〈<(]))(?P<title>.*)$"
    rf"|^[{BULLETS}]?\s*(?P<level2>{'|'.join(TOP_LEVELS[:-1])})\s*(?P<num2>{_NUM})\s*$"
)
_CHAPTER_RE = re.compile(r"^第\s*(?P<num>\d+|[一二三四五六七八九十]+)\s*(?P<level>章|節)\s*[.:、]?\s*(?P<title>.*)$")
_MID_RE = re.compile(
    rf"^[{BULLETS}]?\s*(?P<level>{'|'.join(MID_LEVELS[1:])})\s*"
    rf"(?:(?P<num>\d+(?:-\d+)*|\(\d+\)|[{CIRCLED}])\s*[.:、]?\s*|[:]\s*)(?P<title>\S.*)$"
)
_CIRCLED_RE = re.compile(rf"^(?P<num>[{CIRCLED}])\s*(?P<title>[^「」]{{2,60}})$")
_PAGE_NUMBER_RE = re.compile(r"^[-\s]*\d{1,3}[-\s]*$|^\d+\s*/\s*\d+$")


def prep(text: str) -> str:
    """NFKC for matching, keeping ①–⑳ and Ⅰ–Ⅻ, which carry the numbering of headings."""
    parts = re.split(f"([{_KEEP}])", text)
    return "".join(p if p and p in _KEEP else unicodedata.normalize("NFKC", p) for p in parts)


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


@dataclass(frozen=True)
class Heading:
    level: str
    number: str | None
    title: str  # may be empty: the title is on the following lines


def normalise_number(num: str | None) -> str | None:
    if num is None:
        return None
    num = num.strip().strip("()")
    if num in _LATIN_ROMAN:
        return _LATIN_ROMAN[num]
    if all(c in _KANJI_DIGITS for c in num) and len(num) == 1:
        return _KANJI_DIGITS[num]
    return num


def match_heading(text: str) -> Heading | None:
    """A section heading: 基本目標 1 …, 第1章 …, ◇基本施策：…, 施策の方向1 …, ①…"""
    t = prep(text).strip()
    if len(t) > 120 or t.endswith("。"):
        return None
    if m := _TOP_RE.match(t):
        level = m["level"] or m["level2"]
        title = (m["title"] or "").strip() if m["level"] else ""
        return Heading(level, normalise_number(m["num"] or m["num2"]), _original_tail(text, title))
    if m := _CHAPTER_RE.match(t):
        return Heading(m["level"], normalise_number(m["num"]), _original_tail(text, m["title"].strip()))
    if m := _MID_RE.match(t):
        return Heading(m["level"], normalise_number(m["num"]), _original_tail(text, m["title"].strip()))
    if (m := _CIRCLED_RE.match(t)) and not re.search(r"[。、]$|[「」]", t):
        return Heading(DEFAULT_CIRCLED_LEVEL, m["num"], _original_tail(text, m["title"].strip()))
    return None


def _original_tail(text: str, tail: str) -> str:
    """The heading's title as printed (full-width brackets kept): the original's last len(tail) characters."""
    if not tail:
        return ""
    original = re.sub(r"\s+$", "", text.replace("\t", " "))
    if len(original) >= len(tail) and prep(original[-len(tail) :]) == tail:
        return original[-len(tail) :].strip()
    return tail


def level_rank(level: str) -> int:
    """0 for goal-like levels, 1 for policy-like ones, 2 for ①… headings."""
    if level in TOP_LEVELS:
        return 0
    if level == DEFAULT_CIRCLED_LEVEL:
        return 2
    return 1


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
