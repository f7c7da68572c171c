"""Targets (目標値) as printed → comparator + value, keeping the text.

- 基準値 / 基準値維持 / 現状維持: keep the baseline (">=", baseline, relative) — a "maintain" target;
- 基準値以上 / 以下 / 未満 / 超: the same comparator against the baseline (relative);
- a quantity followed by 以上 (">="), 以下 / 以内 ("<="), 未満 ("<"), 超 / を上回る (">");
- a plain quantity: ">=" when it is above the baseline, "<=" below it, ">=" when equal
  (hold at least the baseline); without a baseline ">=" (most KPIs are counts to
  reach), but "<=" for a rank (位), where a smaller number is better;
- a quantity with a bracketed note (450人（100％）) reads the first number; the text keeps the rest;
- words only (全園実施, 実施率の増加), or —: comparator None and value None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .numbers import QuantityError, nfkc, parse_quantity

Comparator = Literal[">=", "<=", "=", ">", "<"]
Direction = Literal["increase", "decrease", "maintain", "at_most", "at_least"]

RANK = "位"
_SUFFIXES: tuple[tuple[str, Comparator], ...] = (
    ("以上", ">="),
    ("以下", "<="),
    ("以内", "<="),
    ("未満", "<"),
    ("を上回る", ">"),
    ("を下回る", "<"),
    ("超", ">"),
)
_BASELINE_WORDS = ("基準値", "現状値", "現状")
_MAINTAIN_WORDS = ("", "維持", "を維持", "の維持", "程度")
_DOWN_WORDS = ("減少", "減", "低下", "削減", "縮小", "抑制")


@dataclass(frozen=True)
class TargetSpec:
    comparator: Comparator | None
    value: Decimal | None
    unit: str | None
    text: str  # as printed
    relative_to_baseline: bool  # 基準値…: the value is the baseline's
    per: str | None  # 年間15件 → 年間


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", nfkc(text))


def _split_suffix(s: str) -> tuple[str, Comparator | None]:
    """'6社以上' → ('6社', '>='); the comparator word must end the text."""
    for word, comparator in _SUFFIXES:
        if s.endswith(word) and len(s) > len(word):
            return s[: -len(word)], comparator
    return s, None


def _relative(s: str) -> tuple[str, Comparator] | None:
    """基準値 → ('', '>='); 基準値以上 → ('以上', '>='); None when not relative."""
    for word in _BASELINE_WORDS:
        if s.startswith(word):
            rest = s[len(word) :]
            if rest in _MAINTAIN_WORDS:
                return rest, ">="
            for suffix, comparator in _SUFFIXES:
                if rest == suffix:
                    return rest, comparator
    return None


def parse_target(text: str, *, baseline: Decimal | None = None) -> TargetSpec:
    """Read a printed target; see the module docstring for each form."""
    s = _compact(text)
    if rel := _relative(s):
        return TargetSpec(rel[1], baseline, None, text, True, None)
    body, comparator = _split_suffix(s)
    try:
        q = parse_quantity(body)
    except QuantityError:
        return TargetSpec(None, None, None, text, False, None)
    if q.value is None:  # — or 集計中
        return TargetSpec(None, None, None, text, False, None)
    if comparator is None:
        comparator = _implicit_comparator(q.value, baseline, q.unit)
    return TargetSpec(comparator, q.value, q.unit, text, False, q.per)


def _implicit_comparator(value: Decimal, baseline: Decimal | None, unit: str | None) -> Comparator:
    if baseline is None:
        return "<=" if unit == RANK else ">="
    return "<=" if value < baseline else ">="


def _explicit_words(target: TargetSpec) -> Comparator | None:
    s = _compact(target.text)
    if rel := _relative(s):
        return None if rel[0] in _MAINTAIN_WORDS else rel[1]
    return _split_suffix(s)[1]


def infer_direction(target: TargetSpec, baseline: Decimal | None, unit: str | None) -> Direction:
    """Which way the indicator should move to meet the target.

    基準値 → maintain; 以上 / 超 → at_least; 以下 / 以内 / 未満 → at_most; a number above
    the baseline → increase, below → decrease, equal → maintain; a rank (位) with no
    baseline → decrease (lower is better); words (実施率の増加) by their verb; else increase.
    """
    explicit = _explicit_words(target)
    if target.relative_to_baseline and explicit is None:
        return "maintain"
    if explicit in (">=", ">"):
        return "at_least"
    if explicit in ("<=", "<"):
        return "at_most"
    if target.value is not None:
        if baseline is not None:
            if target.value == baseline:
                return "maintain"
            return "increase" if target.value > baseline else "decrease"
        return "decrease" if (unit or target.unit) == RANK else "increase"
    s = _compact(target.text)
    if "維持" in s:
        return "maintain"
    if s.endswith(_DOWN_WORDS):
        return "decrease"
    return "increase"  # 実施率の増加 (_UP_WORDS), 全園実施: reaching it means more
