"""Percent thresholds in legends (達成率の区分): `105％以上`, `95％～105％`, `100%未満〜90%：6点`.

An achievement level's band is stored as min_percent (inclusive) and max_percent (exclusive), so
`80％以上100％未満`, `100%未満〜90%` and `90～100％` all give (90, 100): the order a city prints the
two ends in does not matter, the smaller is the minimum.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

_NUM = r"(\d+(?:\.\d+)?)"
_WORD = r"(以上|超|未満|以下|以内)"
_DASH = r"[~〜\-ー―‐－]"
# Two ends joined by a dash; at least one end carries %, either may carry its own 以上/未満.
_RANGE_RE = re.compile(rf"{_NUM}\s*(%)?\s*{_WORD}?\s*{_DASH}\s*{_NUM}\s*(%)?\s*{_WORD}?")
_BOUND_RE = re.compile(rf"{_NUM}\s*%\s*{_WORD}")
_BRACKETED_PERCENT_RE = re.compile(r"[(（][^()（）]*[%％][^()（）]*[)）]")
_BARE_THRESHOLD_RE = re.compile(r"(達成率|達成度)?\d+(\.\d+)?[%％]?\s*(以上|超|未満|以下|以内)?\s*[～~〜\-ー―]?")
# A band and the score or code it earns: `100%未満〜90%：6点`, `110%以上→10点`, `6点：90%以上100%未満`.
BAND = rf"{_NUM}\s*%\s*{_WORD}?(?:\s*{_DASH}\s*{_NUM}\s*%?\s*{_WORD}?)?"
_SCORE = r"\d+(?:\.\d+)?\s*(?:点|ポイント|pt)"
BAND_SCORE_RE = re.compile(
    rf"(?P<band>{BAND})\s*[:：=→]?\s*(?P<score>{_SCORE})"
    rf"|(?P<score2>{_SCORE})\s*[:：=]\s*(?P<band2>{BAND})"
)


def percent_bounds(label: str) -> tuple[Decimal | None, Decimal | None, str]:
    """`計画どおり(95％～105％)` → (95, 105, 計画どおり); `105％以上` → (105, None, ""); `80％未満` → (None, 80, "")."""
    n = unicodedata.normalize("NFKC", label)
    low = high = None
    if exact := re.fullmatch(rf"\s*{_NUM}\s*%\s*", n):  # 100% alone: the band is that value and above
        return Decimal(exact.group(1)), None, ""
    m = _RANGE_RE.search(n)
    if m and (m.group(2) or m.group(5)):
        a, b = Decimal(m.group(1)), Decimal(m.group(4))
        low, high = min(a, b), max(a, b)
    else:
        for value, word in _BOUND_RE.findall(n):
            if word in ("以上", "超"):
                low = Decimal(value)
            else:
                high = Decimal(value)
    if low is None and high is None:
        return None, None, label
    name = _BRACKETED_PERCENT_RE.sub("", label).strip()
    if name == label:
        bare = _BARE_THRESHOLD_RE.sub("", unicodedata.normalize("NFKC", label)).strip()
        # a label that is only thresholds (80%未満) has no name; one that says them mid-sentence
        # (到達すべきレベルの80%以上クリアした) keeps its words
        name = bare if not bare or _BARE_THRESHOLD_RE.match(unicodedata.normalize("NFKC", label)) else label
    return low, high, name
