"""When two texts of a plan are the same thing: how a re-read document is matched to what is stored.

A city's document read twice (a PDF, then the Excel, then a later revision) prints the same
heading as 基本目標１, 基本目標 1 or 基本目標一, the same name with full-width or half-width
brackets, and wraps lines at other places. None of that is a change. Pure Python, no Django.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_SPACE = re.compile(r"\s+")
_KANJI = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# NFKC turns Ⅳ into "IV"; a heading's number is read as a number whatever it is written in.
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}
_ROMAN.update({"XI": 11, "XII": 12})


def text_key(text: str | None) -> str:
    """NFKC without any whitespace: ＡＢＣ（１） = ABC(1), 「受診者 421 人」 = 「受診者421人」."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def number_key(number: str | None) -> str:
    """A heading number as a number: １ = 1 = ① = 一 = Ⅰ = (1); 1-2 and 311 stay as written (NFKC)."""
    key = text_key(number).strip("()（）.．")
    if key in _ROMAN:
        return str(_ROMAN[key])
    if key and all(c in _KANJI for c in key):
        return str(_kanji_number(key))
    return key


def _kanji_number(text: str) -> int:
    """一 … 九十九 (section numbers never go further)."""
    if "十" not in text:
        return int("".join(str(_KANJI[c]) for c in text))
    tens, _, ones = text.partition("十")
    return (_KANJI[tens] if tens else 1) * 10 + (_KANJI[ones] if ones else 0)


def same_value(a: Any, b: Any) -> bool:
    """Equal, texts compared by `text_key` (also inside lists): spacing and 全角/半角 are no change."""
    if isinstance(a, str) and isinstance(b, str):
        return text_key(a) == text_key(b)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def merged_list(stored: list[Any], incoming: list[Any]) -> list[Any]:
    """What an import leaves in a list field (notes, references): the stored items, then the new ones."""
    keys = {text_key(x) if isinstance(x, str) else repr(x) for x in stored}
    return [*stored, *(x for x in incoming if (text_key(x) if isinstance(x, str) else repr(x)) not in keys)]
