"""Text as extracted from a city's PDF or Word file, as numbered lines with their page."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from hyoka.ingest.base import Place

PAGE_BREAK = "\f"  # pdftotext and our PDF reader separate pages with a form feed


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the whole text
    text: str  # as extracted, without the line end
    page: int | None = None  # 1-based page, where the text came with page breaks

    @property
    def norm(self) -> str:
        """NFKC-normalised and stripped: full-width digits and spaces become ASCII, for matching only."""
        return nfkc(self.text).strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()

    def place(self, source: str) -> Place:
        return Place(source, line=self.number, page=self.page)


def nfkc(text: str, keep: str = "") -> str:
    """NFKC (全角 → 半角, 全角スペース → space) except for the characters in `keep`: the one NFKC of
    the text layouts, for matching only (values are cut from the text as printed).

    The outline layout keeps ①–⑳ and Ⅰ–Ⅻ, which number its headings (`outline.marks.prep`);
    `hyoka.jp.numbers.nfkc` keeps ㎡㎥㎢, which are units to it.
    """
    if not keep:
        return unicodedata.normalize("NFKC", text)
    kept = _kept_re(keep)
    if not kept.search(text):  # most lines hold none of them: one normalisation, no split
        return unicodedata.normalize("NFKC", text)
    parts = kept.split(text)
    return "".join(p if p and p in keep else unicodedata.normalize("NFKC", p) for p in parts)


@lru_cache(maxsize=16)
def _kept_re(keep: str) -> re.Pattern[str]:
    return re.compile(f"([{re.escape(keep)}])")


def split_lines(text: str) -> list[Line]:
    """Number the lines; pages are counted only when the text has form feeds."""
    paged = PAGE_BREAK in text
    lines: list[Line] = []
    page = 1
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        while PAGE_BREAK in raw:
            before, raw = raw.split(PAGE_BREAK, 1)
            if before.strip():
                lines.append(Line(number, before, page if paged else None))
            page += 1
        lines.append(Line(number, raw, page if paged else None))
    return lines
