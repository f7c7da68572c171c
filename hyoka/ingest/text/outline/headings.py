"""Section headings of the outline layout: 基本目標 1 …, 第1章 …, ◇基本施策：…, 施策の方向1 …, ①…,
their levels (goal-like, policy-like, ①…) and a goal's title printed on the lines after its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hyoka.ingest.text.lines import Line
from hyoka.ingest.text.outline.marks import BULLETS, CIRCLED, ROMAN, bullet_of, is_blank, is_tab_row, joined, prep
from hyoka.ingest.text.outline.revisions import REVISION_RE

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


def title_after(lines: list[Line], i: int) -> tuple[str, int]:
    """A goal's title printed on the lines after its number, possibly wrapped over two."""
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    parts: list[str] = []
    while i < len(lines) and not is_blank(lines[i]) and len(parts) < 3:
        line = lines[i]
        t = joined(line)
        if (
            is_tab_row(line)
            or bullet_of(t)
            or match_heading(t)
            or t.endswith("。")
            or len(t) > 60
            or REVISION_RE.match(t)
        ):
            break
        if parts and not re.search(r"[\u3041-\u309f、・]$", parts[-1]):
            break  # a wrapped title breaks after a particle (…人々にとって / 魅力あふれる…)
        parts.append(t.strip())
        i += 1
    return "".join(parts), i
