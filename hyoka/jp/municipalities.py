"""The national list of local governments (全国地方公共団体コード): find a city by name, or in a document.

The list (`data/municipalities.csv`, source in `data/README.md`) holds the 47 prefectures and the
1,741 municipalities, the 23 special wards (特別区) of Tokyo included; the wards of the designated
cities (政令指定都市の行政区) are not local governments and are not in it. Names are compared after
NFKC with whitespace removed and ヶ read as ケ (documents print 鶴ケ島市 and 鎌ヶ谷市 as often as the
official spelling).

Pure Python, no Django: the importer turns a `LocalGovernment` into a stored `Municipality`.
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA = Path(__file__).parent / "data" / "municipalities.csv"

Kind = Literal["prefecture", "city", "special_ward", "town", "village"]


def full_name(prefecture: str, name: str) -> str:
    """千葉県松戸市; a prefecture's own name once (千葉県, not 千葉県千葉県)."""
    return name if name == prefecture else prefecture + name


@dataclass(frozen=True)
class LocalGovernment:
    """One row of the list: a prefecture or a municipality (地方公共団体)."""

    code: str  # 6 digits, the last a check digit
    name: str  # 松戸市; for a prefecture its own name (千葉県)
    prefecture: str  # 千葉県
    kana: str  # マツドシ (full-width katakana)
    kind: Kind

    @property
    def full_name(self) -> str:
        return full_name(self.prefecture, self.name)

    def __str__(self) -> str:
        return f"{self.full_name}（{self.code}）"


class MunicipalityError(ValueError):
    """A name that does not name exactly one local government."""


class UnknownMunicipality(MunicipalityError):
    pass


class AmbiguousMunicipality(MunicipalityError):
    """The same name in more than one prefecture (府中市: 東京都 and 広島県)."""

    def __init__(self, name: str, candidates: list[LocalGovernment]):
        self.name = name
        self.candidates = candidates
        self.listed = "、".join(str(c) for c in candidates)  # 東京都府中市（132063）、広島県府中市（342084）
        super().__init__(f"{name} is in more than one prefecture ({self.listed}): give the prefecture")


def check_digit(first_five: str) -> str:
    """Check digit of a 全国地方公共団体コード: modulus 11 with weights 6..2, a remainder 0 or 1 gives 0 or 1
    (総務省「全国地方公共団体コードの検査数字の算出方法」)."""
    total = sum(int(d) * w for d, w in zip(first_five, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def code_is_valid(code: str) -> bool:
    return len(code) == 6 and code.isascii() and code.isdigit() and check_digit(code[:5]) == code[5]


def key(text: str) -> str:
    """How names are compared: NFKC, no whitespace, ヶ read as ケ."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("ヶ", "ケ")


@dataclass(frozen=True)
class _Table:
    rows: tuple[LocalGovernment, ...]
    by_code: dict[str, LocalGovernment]
    by_name: dict[str, tuple[LocalGovernment, ...]]  # key(name) → municipalities of that name (prefectures too)
    prefectures: dict[str, LocalGovernment]  # key(name) → prefecture
    longest: int  # the longest name, in characters


@cache
def _table() -> _Table:
    with DATA.open(encoding="utf-8", newline="") as f:
        rows = tuple(
            LocalGovernment(r["code"], r["name"], r["prefecture"], r["kana"], r["kind"]) for r in csv.DictReader(f)
        )
    by_name: dict[str, list[LocalGovernment]] = defaultdict(list)
    for row in rows:
        by_name[key(row.name)].append(row)
    return _Table(
        rows=rows,
        by_code={r.code: r for r in rows},
        by_name={name: tuple(found) for name, found in by_name.items()},
        prefectures={key(r.name): r for r in rows if r.kind == "prefecture"},
        longest=max(len(key(r.name)) for r in rows),
    )


def all_rows() -> tuple[LocalGovernment, ...]:
    """Every prefecture and municipality, in code order."""
    return _table().rows


def by_code(code: str) -> LocalGovernment | None:
    return _table().by_code.get(unicodedata.normalize("NFKC", code).strip())


def prefecture(name: str) -> LocalGovernment | None:
    """東京都, also without its suffix (東京, 大阪, 広島)."""
    prefectures = _table().prefectures
    k = key(name)
    return prefectures.get(k) or next((p for pk, p in prefectures.items() if pk[:-1] == k and k != "北海"), None)


def find(name: str, prefecture_name: str | None = None) -> LocalGovernment:
    """The local government called `name` (exactly, after `key`): 松戸市, 東京都府中市, 安芸郡府中町, 千葉県.

    `prefecture_name` picks one of several of the same name. Raises UnknownMunicipality (with the
    nearest names) or AmbiguousMunicipality (with the candidates).
    """
    table = _table()
    wanted = key(name)
    if not wanted:
        raise UnknownMunicipality("no municipality name given")
    in_prefecture = None
    if prefecture_name and prefecture_name.strip():
        in_prefecture = prefecture(prefecture_name)
        if in_prefecture is None:
            raise UnknownMunicipality(f"{prefecture_name.strip()!r} is not a prefecture (都道府県)")
    rest = wanted
    if wanted not in table.by_name:  # 東京都府中市: the prefecture printed in front
        for pk, pref in table.prefectures.items():
            if wanted.startswith(pk) and len(wanted) > len(pk):
                if in_prefecture is not None and in_prefecture != pref:
                    raise UnknownMunicipality(f"{name.strip()} is not in {in_prefecture.name}")
                in_prefecture, rest = pref, wanted[len(pk) :]
                break
    candidates = list(table.by_name.get(rest, ()))
    if not candidates and "郡" in rest:  # 安芸郡府中町: the 郡 is not part of the name
        candidates = list(table.by_name.get(rest.split("郡", 1)[1], ()))
    if not candidates:
        near = difflib.get_close_matches(rest, list(table.by_name), n=3, cutoff=0.6)
        hint = f"; did you mean {'、'.join(near)}?" if near else ""
        raise UnknownMunicipality(
            f"{name.strip()!r} is not in the national list of municipalities (全国地方公共団体コード){hint}"
        )
    if in_prefecture is not None:
        there = [c for c in candidates if c.prefecture == in_prefecture.name]
        if not there:
            elsewhere = "、".join(c.prefecture for c in candidates)
            raise UnknownMunicipality(f"{candidates[0].name} is not in {in_prefecture.name} (it is in {elsewhere})")
        candidates = there
    if len(candidates) > 1:
        raise AmbiguousMunicipality(candidates[0].name, candidates)
    return candidates[0]


# --- the city a document names --------------------------------------------------------------------

TITLE_LINES = 15  # the opening lines where a document prints whose it is
TITLE_WIDTH = 200  # …and how much of each (text from PDFs may have no line breaks at all)

# Words that make a name the tail of another word: 中央市場, 空港区域, 東北区分, 町並み, 村落.
_COMPOUND = {"市": "場街", "区": "域画分間", "町": "並", "村": "落"}
# What follows a city's name on its own documents: 松戸市まち・ひと・しごと創生総合戦略, 松戸市長.
# 福島市観光振興計画, 鯖江市立地適正化計画, 第3期能代市食育推進計画, 御所市第5次総合計画.
_OWN_WORDS = re.compile(
    r"まち・ひと・しごと|役所|役場|長|議会|教育委員会|事務事業"
    r"|[\u4e00-\u9fff\u30a1-\u30fa\u30fc・\d]{0,12}?(?:計画|戦略|評価|ビジョン|シート|条例)"
)
_NUMBER_CELL = re.compile(r"[△▲+\-]?\d[\d,]*(\.\d+)?%?")
_CELL_SPLIT = re.compile(r"[\s|,]+")
_TITLE_PREFIX_ENDS = "期度版年号章次回"  # 第2期松戸市…, 令和5年度松戸市…, 第4章あきる野市…
_PARTICLES = "はとにをがやでへもよ"  # a name in a sentence: 中央区と比較して, 府中市より
_SUFFIX = re.compile("[市区町村都道府県]")
_COUNTY_GAP = re.compile(r"[ \u3000]*(?:[^\s\d、。,]{1,5}郡)?")  # 広島県 安芸郡府中町
_LINE_PREFIX = re.compile(r"^(?:第\d+期|(?:令和|平成)(?:\d+|元)年度?|\d{4}年度?|[\s・「『【\[(])*")


@dataclass(frozen=True)
class _Mention:
    at: int  # position in the normalised text
    name: str  # key of the name as printed
    candidates: tuple[LocalGovernment, ...]
    qualified: bool  # the prefecture printed in front (千葉県松戸市), so exactly one candidate
    prominent: bool  # in the title lines, not in a table row
    own_words: bool  # followed by まち・ひと・しごと, 総合計画, 長 …


def named_in(text: str) -> LocalGovernment | None:
    """The municipality whose document this is, when it prints its name; else None.

    First a name with its prefecture (千葉県松戸市, 東京都 中央区, 広島県安芸郡府中町) — in the title
    lines first, else the one printed most (an address on the back page); then a name printed
    prominently in the title lines, a table row excepted (a comparison of cities is not a title),
    its prefecture chosen by one printed in the text (府中市 with 広島県); then a prefecture whose own
    document it is (茨城県まち・ひと・しごと創生総合戦略). Names inside other words (中央市場, 東村山市 for
    東村) and wards of designated cities (札幌市中央区) do not count; body text never does unless it is
    prefecture-qualified. Raises AmbiguousMunicipality when the name stands in several prefectures
    and the text names none of them.
    """
    norm = key_text(text)
    mentions, prefectures = _mentions(norm)
    qualified = [m for m in mentions if m.qualified]
    title_qualified = [m for m in qualified if m.prominent]
    if title_qualified:
        return title_qualified[0].candidates[0]
    prominent = [m for m in mentions if m.prominent and not m.qualified]
    if prominent:
        names = {m.name for m in prominent}
        if len(names) > 1:  # 松戸市 and 柏市 in the title: the one followed by its own plan's words, else the first
            own = [m for m in prominent if m.own_words]
            chosen = (own or prominent)[0]
        else:
            chosen = prominent[0]
        return _disambiguate(chosen, prefectures)
    if qualified:
        counts: dict[str, int] = defaultdict(int)
        for m in qualified:
            counts[m.candidates[0].code] += 1
        best = max(qualified, key=lambda m: (counts[m.candidates[0].code], -m.at))
        return best.candidates[0]
    return _prefecture_of_title(norm)


def key_text(text: str) -> str:
    """The text as names are compared (NFKC, ヶ as ケ), line breaks kept."""
    return unicodedata.normalize("NFKC", text).replace("ヶ", "ケ")


def _title_spans(norm: str) -> list[tuple[int, int]]:
    """(start, end) of the opening non-blank lines, each cut at TITLE_WIDTH."""
    spans: list[tuple[int, int]] = []
    for line in re.finditer(r"[^\n]+", norm):
        if line.group().strip():
            spans.append((line.start(), min(line.end(), line.start() + TITLE_WIDTH)))
            if len(spans) == TITLE_LINES:
                break
    return spans


def _mentions(norm: str) -> tuple[list[_Mention], set[str]]:
    """Every municipality's name printed in the text as a word, with whether its prefecture stands in
    front; and the prefectures the text prints."""
    table = _table()
    titles = _title_spans(norm)
    spans = _name_spans(norm, table)
    mentions: list[_Mention] = []
    prefectures: set[str] = set()
    for i, (start, stop, name) in enumerate(spans):
        rows = table.by_name[name]
        if rows[0].kind == "prefecture":
            prefectures.add(rows[0].name)
            continue
        before = spans[i - 1] if i else None
        pref = table.by_name[before[2]][0] if before else None
        if before and pref.kind == "prefecture" and _COUNTY_GAP.fullmatch(norm, before[1], start):
            here = [r for r in rows if r.prefecture == pref.name]
            if here and _is_word(norm, start, stop, qualified=True):
                line = _line_at(norm, before[0], titles)
                mentions.append(_Mention(before[0], name, (here[0],), True, line is not None, _own_words(norm, stop)))
                continue
        if _is_word(norm, start, stop):
            line = _line_at(norm, start, titles)
            prominent = line is not None and _title_like(norm, line, stop)
            mentions.append(_Mention(start, name, rows, False, prominent, _own_words(norm, stop)))
    return mentions, prefectures


def _name_spans(norm: str, table: _Table) -> list[tuple[int, int, str]]:
    """(start, stop, name) of the names in the text, read left to right: the longest ending at each
    市区町村都道府県, none inside or across another (東村 in 東村山市, 京都府 in 東京都府中市)."""
    found: list[tuple[int, int, str]] = []
    for suffix in _SUFFIX.finditer(norm):
        stop = suffix.end()
        for length in range(min(table.longest, stop), 1, -1):
            piece = norm[stop - length : stop]
            if piece in table.by_name:
                found.append((stop - length, stop, piece))
                break
    found.sort(key=lambda s: (s[0], -s[1]))
    spans: list[tuple[int, int, str]] = []
    reach = -1
    for span in found:
        if span[0] < reach:
            continue  # inside or across a name read before (京都府 in 東京都府中市)
        spans.append(span)
        reach = span[1]
    return spans


def _longest_name(norm: str, pos: int, table: _Table) -> tuple[str, int] | None:
    for length in range(min(table.longest, len(norm) - pos), 1, -1):
        piece = norm[pos : pos + length]
        if piece in table.by_name:
            return piece, pos + length
    return None


def _is_word(norm: str, start: int, stop: int, *, qualified: bool = False) -> bool:
    """Not the tail of another word (東北区, a designated city's ward 札幌市中央区) nor the head of one (中央区域)."""
    if not qualified and start > 0 and _ideograph(norm[start - 1]) and norm[start - 1] not in _TITLE_PREFIX_ENDS:
        return False
    suffix = norm[stop - 1]
    return not (stop < len(norm) and norm[stop] in _COMPOUND.get(suffix, ""))


def _ideograph(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or char in "々〆"


def _title_like(norm: str, line: tuple[int, int], stop: int) -> bool:
    """A title naming the city, not a sentence (本市は中央区と比較して) nor a table row (小平市 1.33)."""
    if _table_row(norm, stop, line[1]):
        return False
    if _own_words(norm, stop):  # 真狩村総合戦略, also inside a run-on line
        return True
    window = norm[line[0] : min(line[1], line[0] + TITLE_WIDTH)]
    return "。" not in window and not (stop < len(norm) and norm[stop] in _PARTICLES)


def _own_words(norm: str, stop: int) -> bool:
    return _OWN_WORDS.match(norm, stop) is not None


def _line_at(norm: str, pos: int, titles: list[tuple[int, int]]) -> tuple[int, int] | None:
    """The title line (start, end) holding `pos`, if any; the whole line, for the table-row test."""
    for start, end in titles:
        if start <= pos < end:
            line_end = norm.find("\n", start)
            return start, len(norm) if line_end < 0 else line_end
    return None


def _table_row(norm: str, stop: int, line_end: int) -> bool:
    """A row of a table (小平市 1.33 1.35, 清瀬市\t1.40): the cell after the name is a plain number."""
    if stop < line_end and not _CELL_SPLIT.match(norm, stop):
        return False  # the name runs on into more words: not a cell of its own
    cells = _CELL_SPLIT.split(norm[stop:line_end].strip(" \t|,"), maxsplit=1)
    return bool(cells[0]) and _NUMBER_CELL.fullmatch(cells[0]) is not None


def _disambiguate(mention: _Mention, prefectures: set[str]) -> LocalGovernment:
    """One of several of the same name: the one whose prefecture the text prints (府中市 with 広島県)."""
    if len(mention.candidates) == 1:
        return mention.candidates[0]
    there = [c for c in mention.candidates if c.prefecture in prefectures]
    if len(there) == 1:
        return there[0]
    raise AmbiguousMunicipality(mention.candidates[0].name, list(mention.candidates))


def _prefecture_of_title(norm: str) -> LocalGovernment | None:
    """A prefecture opening a title line, alone or followed by its plan's words (第2期 茨城県総合計画); not
    one opening a phrase about it (千葉県内の市町村)."""
    table = _table()
    for start, end in _title_spans(norm):
        line = norm[start:end].rstrip()
        head = _LINE_PREFIX.match(line)
        found = _longest_name(line, head.end() if head else 0, table)
        if found is None or table.by_name[found[0]][0].kind != "prefecture":
            continue
        stop = found[1]
        if stop == len(line) or line[stop].isspace() or _own_words(line, stop):
            return table.by_name[found[0]][0]
    return None
