"""Which standard indicator (標準指標) a plan's KPI most likely is: by normalised name, aliases and unit.

Pure Python (no Django). A name is compared after NFKC (全角/半角, ｶﾀｶﾅ), without whitespace, brackets'
punctuation kept, ヶ read as ケ and the long dashes and tildes of ranges unified; a few words around the
indicator's own name say nothing about which indicator it is (本市の, 市内の, 年間, の推移) and are dropped.

A suggestion is one of:

- ``exact``: the name is the standard's name or one of its aliases;
- ``contains``: the name is the standard's name or an alias once those words and bracketed notes are taken
  away (本市の合計特殊出生率（５年平均）, 待機児童数の解消).

Units must agree when both are given (人 and 名, % and ％ and パーセント agree; 人 and % do not); a KPI without a
unit is matched by name alone. When two standard indicators fit equally well, none is suggested: the planning
office links it by hand.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Match = Literal["exact", "contains"]

_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans({"〜": "~", "～": "~", "－": "-", "―": "-", "‐": "-", "—": "-", "−": "-"})
# Words that do not change which indicator a name is (the city's own, the year's, the aim's), longest first.
NOISE = (
    "本市における",
    "本市の",
    "本町の",
    "本村の",
    "本区の",
    "市内の",
    "町内の",
    "村内の",
    "区内の",
    "年間の",
    "年間",
    "の推移",
    "の状況",
    "の向上",
    "の増加",
    "の減少",
    "の維持",
    "の解消",
)
_BRACKETED = re.compile(r"[(\[【〔][^)\]】〕]*[)\]】〕]")

# Spellings of the same unit (after NFKC).
_UNIT_SYNONYMS = {
    "名": "人",
    "人数": "人",
    "パーセント": "%",
    "割合": "%",
    "事業所数": "事業所",
    "か所": "箇所",
    "ヶ所": "箇所",
    "カ所": "箇所",
    "箇所数": "箇所",
    "戸数": "戸",
    "件数": "件",
    "世帯数": "世帯",
}


def key(text: str) -> str:
    """How names are compared: NFKC, no whitespace, ヶ as ケ, one kind of dash and tilde."""
    spaced = unicodedata.normalize("NFKC", text).replace("ヶ", "ケ").translate(_DASHES)
    return unicodedata.normalize("NFKC", _SPACES.sub("", spaced))  # again: a removed space may join a mark


@lru_cache(maxsize=1024)
def unit_key(unit: str) -> str:
    """A unit as compared: 名 → 人, ％ → %, パーセント → %; empty for no unit."""
    k = key(unit)
    return _UNIT_SYNONYMS.get(k, k)


def units_agree(kpi_unit: str, standard_unit: str) -> bool:
    """Whether a value in ``kpi_unit`` can be one of the standard's: the same unit, or either unit not given."""
    a, b = unit_key(kpi_unit), unit_key(standard_unit)
    return not a or not b or a == b


def unit_fits(kpi_unit: str, standard_unit: str) -> bool:
    """Whether a linked KPI's values can stand beside the standard's in a comparison: its unit is the
    standard's (a standard without unit, such as 合計特殊出生率, takes KPIs without unit), or not given."""
    k = unit_key(kpi_unit)
    return not k or k == unit_key(standard_unit)


def strip_noise(name_key: str) -> str:
    """The name without the words that do not say which indicator it is (本市の, 市内の, 年間, の推移)."""
    text = name_key
    for word in NOISE:
        text = text.replace(word, "")
    return text


@dataclass(frozen=True)
class Standard:
    """What the suggestion needs of a catalogue entry."""

    code: str
    name: str
    unit: str = ""
    aliases: tuple[str, ...] = ()

    def spellings(self) -> list[str]:
        return [key(s) for s in (self.name, *self.aliases) if key(s)]


@dataclass(frozen=True)
class Suggestion:
    code: str
    match: Match
    spelling: str  # the name or alias that matched (normalised)

    @property
    def reason(self) -> str:
        """The line the planning office reads beside the suggestion."""
        word = "名称が一致" if self.match == "exact" else "名称に含む"
        return f"{word}：{self.spelling}"


class Catalogue:
    """The standard indicators, indexed for suggestions; build once, ask for every KPI of a plan."""

    def __init__(self, standards: Iterable[Standard]):
        self.standards = {s.code: s for s in standards}
        self._exact: dict[str, set[str]] = {}
        for s in self.standards.values():
            for spelling in s.spellings():
                self._exact.setdefault(spelling, set()).add(s.code)
                self._exact.setdefault(strip_noise(spelling) or spelling, set()).add(s.code)

    def suggest(self, name: str, unit: str = "") -> Suggestion | None:
        """The standard indicator this KPI most likely is, or None when no single one fits."""
        k = key(name)
        found = self._pick(k, unit, "exact")
        if found is not None:
            return found
        bare = _BRACKETED.sub("", strip_noise(k))
        return self._pick(bare, unit, "contains") if bare and bare != k else None

    def _pick(self, spelling: str, unit: str, match: Match) -> Suggestion | None:
        codes = [c for c in sorted(self._exact.get(spelling, ())) if units_agree(unit, self.standards[c].unit)]
        return Suggestion(codes[0], match, spelling) if len(codes) == 1 else None
