"""Change phrases (増減) as printed, by unit.

- words:  462人増 / 24人減 (増加 / 減少 with verb="増加"); a % indicator moves in
  percentage points, not percent: 7.8ポイント上昇 / 0.26ポイント低下; a rank (位) is
  better when its number falls: delta −4 → 4位上昇, +4 → 4位下降; zero → 増減なし.
- signed: as in KPI tables (基準値からの増減): △24事業所, 15件, 79,256人, 0; a %
  indicator prints the bare number (△0.26) unless points=True (△0.26ポイント).

"ポイント" in a phrase means percentage points (unit "%"), except with 増/減 after it
(3ポイント増), which is an indicator counted in points (unit "ポイント").
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from .numbers import MINUS_SIGNS, NUMBER, QuantityError, format_number, nfkc, parse_number, parse_quantity

PERCENT = "%"
POINTS = "ポイント"
RANK = "位"
NO_CHANGE = "増減なし"
_NO_CHANGE_WORDS = (NO_CHANGE, "変化なし", "変動なし", "増減無し", "±0")
_VERBS_UP = ("増加", "増", "上昇")
_WORDS_RE = re.compile(rf"^(?P<num>{NUMBER})(?P<unit>.*?)(?P<verb>増加|増|減少|減|上昇|低下|下降)$")


def delta_phrase(
    delta: Decimal,
    unit: str | None,
    *,
    style: Literal["words", "signed"] = "words",
    verb: Literal["増", "増加"] = "増",
    points: bool = False,
    minus: str = "△",
    language: Literal["ja", "en"] = "ja",
) -> str:
    """Phrase a change the way city documents print it (see the module docstring); in English (words style)
    the same change as up 462人, down 7.8 points, up 4 places, no change."""
    if style == "signed":
        if delta == 0:
            return "0"
        shown = (POINTS if points else "") if unit == PERCENT else (unit or "")
        return format_number(delta, minus=minus) + shown
    if style != "words":
        raise ValueError(f"unknown style {style!r}")
    if language == "en":
        return _english(delta, unit)
    if delta == 0:
        return NO_CHANGE
    size = format_number(abs(delta))
    if unit == RANK:  # 順位: a smaller number is a better place
        return f"{size}位{'上昇' if delta < 0 else '下降'}"
    if unit == PERCENT:  # 率: moves in ポイント
        return f"{size}{POINTS}{'上昇' if delta > 0 else '低下'}"
    down = "減少" if verb == "増加" else "減"
    return f"{size}{unit or ''}{verb if delta > 0 else down}"


def _english(delta: Decimal, unit: str | None) -> str:
    if delta == 0:
        return "no change"
    size = format_number(abs(delta))
    if unit == RANK:  # a smaller number is a better place
        return f"{'up' if delta < 0 else 'down'} {size} {'place' if abs(delta) == 1 else 'places'}"
    if unit == PERCENT:
        return f"{'up' if delta > 0 else 'down'} {size} {'point' if abs(delta) == 1 else 'points'}"
    return f"{'up' if delta > 0 else 'down'} {size}{unit or ''}"


def parse_delta_phrase(text: str, *, unit: str | None = None) -> tuple[Decimal, str | None]:
    """Inverse of delta_phrase for both styles: 462人増 → (462, 人), △24 事業所 → (-24, 事業所).

    `unit` is the indicator's unit, used when the phrase prints none (増減なし, △0.26
    for a % indicator); a unit printed in the phrase wins.
    """
    s = re.sub(r"\s+", "", nfkc(text))
    if s in _NO_CHANGE_WORDS:
        return Decimal(0), unit
    if m := _WORDS_RE.match(s):
        size, printed, verb = parse_number(m["num"], text=text), m["unit"] or None, m["verb"]
        if printed == RANK:
            return (-size if verb == "上昇" else size), RANK
        if printed == POINTS and verb in ("上昇", "低下", "下降"):
            printed = POINTS if unit == POINTS else PERCENT
        if printed is not None and not re.fullmatch(r"%|(?:[^\W\d_])+", printed):
            raise QuantityError(f"cannot read a change from {text!r}")
        return (size if verb in _VERBS_UP else -size), printed or unit
    if not re.match(rf"[+{MINUS_SIGNS}]?\d", s):  # signed style: sign and number first
        raise QuantityError(f"cannot read a change from {text!r}")
    q = parse_quantity(s)
    if q.value is None or q.per is not None:
        raise QuantityError(f"cannot read a change from {text!r}")
    printed = q.unit
    if printed == POINTS and unit != POINTS:
        printed = PERCENT
    return q.value, printed or unit
