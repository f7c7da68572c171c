"""One printed cell → a value, its unit and the period printed with it, never losing the text.

Cells of real KPI tables hold more than a number: `12,000人`, `1,350 (H28年)`, `H26年▲1,250`,
`38.2万人`, `2.5人/年`, `目標年月 H29.3`, `—`, `集計中`, `増加`. `read_cell` splits off the
period (a bracket, or an era year glued in front), reads the rest with `hyoka.jp.parse_quantity`
and keeps what cannot be a number as text with value None (the cell is kept, not dropped).

Numbers rule (see the ingest README): 万/億/兆 attached to a number are multipliers and are
expanded (38.2万人 → 382000 人); a scale printed as the unit (千人, 百万円, 単位：千円) stays the
unit and the value stays as printed; the printed token is always kept in `text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from hyoka import interchange as ix
from hyoka.ingest.text.legend import nfkc_aligned as nfkc_aligned  # the one length-keeping NFKC, re-exported
from hyoka.jp import QuantityError, parse_period, parse_quantity
from hyoka.jp.numbers import nfkc

# 令和 / 平成 / 昭和 and their letters, with a year: H26, 平成20, R元.
MEASURE = r"(?:割合|率|数|量|額)"  # what a KPI's name ends with: …の割合, …率, …者数, …量, …額
ERA = r"(?:令和|平成|昭和|[RHS])\s*(?:\d{1,2}|元)"
# A period as a header or a cell prints it: H26, 平成20年, 27年度, 令和2年度末, 2020年度, H28末現在, R5.3.
PERIOD = (
    rf"(?:{ERA}|(?<![\d.,])\d{{4}}|(?<![\d.,])\d{{1,2}}(?=\s*年))"
    r"(?:\s*\(\d{4}\))?(?:\s*\.\s*\d{1,2}(?:\s*\.\s*\d{1,2})?)?"
    r"(?:\s*年度?)?(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?(?:\s*(?:末現在|末|現在|時点))?"
)
_PERIOD_RE = re.compile(PERIOD)
_ONLY_PERIOD_RE = re.compile(rf"^\s*(?:[^\d\s()（）]{{1,8}}?\s*)??({PERIOD})\s*$")
_BRACKET_PERIOD_RE = re.compile(rf"[(（\[［]\s*({PERIOD})\s*(?:実績|現在|値)?\s*[)）\]］]")
_LEADING_PERIOD_RE = re.compile(rf"^\s*({PERIOD})\s*[:：]?\s*(?=[+△▲−\-\d])")
_TRAILING_PERIOD_RE = re.compile(rf"(?<=[\d%％人件円回個所])\s*({PERIOD})\s*$")
_UNIT_IN_HEADER_RE = re.compile(r"[(（\[［]?\s*単位\s*[:：]?\s*([^)）\]］\s,、]+)\s*[)）\]］]?")
_BARE_UNIT_HEADER_RE = re.compile(r"[(（]([^\d()（）]{1,6})[)）]\s*$")
_PER_UNIT_RE = re.compile(r"^(?P<body>.*?\d[^/／]*?)\s*[/／]\s*(?P<per>年|月|週|日|人|回|件)$")
_COMPOUND_RE = re.compile(
    r"^(?P<sign>[+△▲−\-])?(?:(?P<oku>\d[\d,]*(?:\.\d+)?)億)?(?:(?P<man>\d[\d,]*(?:\.\d+)?)万)?"
    r"(?:(?P<sen>\d)千(?=\d|[^\d\s]))?(?P<rest>\d[\d,]*)?(?P<unit>[^\d\s]*)$"
)
_MINUS = "△▲−-"
_PLAIN_RE = re.compile(
    r"^\s*(?P<sign>[△▲−-])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<unit>%|人|件|回)?\s*$"
)


def is_plain(text: str) -> bool:
    """A cell that is only a figure, maybe with %, 人, 件 or 回 (12,345, △24, 87.5%): read without the general grammar."""
    return _PLAIN_RE.match(text) is not None


@dataclass(frozen=True)
class CellValue:
    """What one cell says: a number (or None), its unit, a period printed in the cell, the text."""

    value: Decimal | None
    unit: str | None
    text: str  # the cell as printed
    status: str  # value · none (—, blank) · pending (集計中) · text (words: 増加, 全園実施) · date (目標年月 H29.3)
    period: ix.Period | None = None  # a period printed inside the cell: 1,350 (H28年), H26年▲1,250

    @property
    def is_value(self) -> bool:
        return self.value is not None


def to_period(label: str | None, era_hint: str | None = None) -> ix.Period | None:
    """A printed period label → the contract's Period, keeping the label.

    Beyond `hyoka.jp.parse_period`: an era-less `27年度` takes the document's era (`era_hint`,
    平成 when unknown and the year is past 令和's), and `H29.3` / `R5.3末` read as a month.
    """
    if not label or not label.strip():
        return None
    label = label.strip()
    fiscal_year, year, date = _period_parts(label, era_hint)
    return ix.Period(label=label, fiscal_year=fiscal_year, year=year, date=date)


@lru_cache(maxsize=16384)
def _period_parts(label: str, era_hint: str | None) -> tuple[int | None, int | None, object]:
    s = re.sub(r"\s+", "", nfkc(label)).strip("()[]")
    p = parse_period(s)
    if p.fiscal_year is None and p.year is None and p.date is None:
        if m := re.fullmatch(r"(\d{1,2})年(度?)(末|末現在|現在)?", s):
            era = era_hint or ("令和" if int(m[1]) <= 9 else "平成")
            p = parse_period(f"{era}{s}")
        elif m := re.fullmatch(rf"({ERA})\.(\d{{1,2}})(末|末現在|現在|時点)?", s):
            p = parse_period(f"{m[1]}年{m[2]}月{m[3] or ''}")
    return p.fiscal_year, p.year, p.date


def has_time(period: ix.Period | None) -> bool:
    return period is not None and (period.fiscal_year is not None or period.year is not None or period.date is not None)


def find_period(text: str, era_hint: str | None = None) -> ix.Period | None:
    """The first period printed in a header or a line (基準値（H26）, 目標値31年度, 令和2年度末)."""
    for m in _PERIOD_RE.finditer(nfkc(text)):
        p = to_period(m.group(0), era_hint)
        if has_time(p):
            return p
    return None


def dominant_era(text: str) -> str | None:
    """The era a document writes its years in (平成 or 令和), for era-less labels such as 27年度."""
    s = nfkc(text)
    heisei = len(re.findall(r"平成|(?<![A-Za-z])H\s*\d", s))
    reiwa = len(re.findall(r"令和|(?<![A-Za-z])R\s*\d", s))
    if not heisei and not reiwa:
        return None
    return "平成" if heisei >= reiwa else "令和"


@lru_cache(maxsize=4096)  # asked for every row of a table, of the same few headers
def header_unit(text: str | None) -> str | None:
    """（単位：人）, 単位:千円, or a bracketed unit closing a header (利用者数（人）) → the unit as printed."""
    if not text:
        return None
    s = nfkc(text)
    if m := _UNIT_IN_HEADER_RE.search(s):
        return m[1].strip() or None
    if (m := _BARE_UNIT_HEADER_RE.search(s)) and not _PERIOD_RE.search(m[1]):
        return m[1].strip()
    return None


def read_cell(text: str, era_hint: str | None = None) -> CellValue:
    """Read one cell; never raises. See the module docstring for what a cell may hold."""
    cell = _read_cell(text, era_hint)
    if cell.period is None:
        return cell
    return CellValue(cell.value, cell.unit, cell.text, cell.status, cell.period.model_copy())


@lru_cache(maxsize=65536)
def _read_cell(text: str, era_hint: str | None) -> CellValue:
    raw = text
    if m := _PLAIN_RE.match(text):  # most cells: 12,345 or 87.5% — read without the general grammar
        value = Decimal(m["num"].replace(",", ""))
        return CellValue(-value if m["sign"] else value, m["unit"] or None, raw, "value")
    s = nfkc(text).strip()
    if not s or all(c in "-—―‐−–ー_/／" for c in s.replace(" ", "")):
        return CellValue(None, None, raw, "none")
    if _ONLY_PERIOD_RE.match(s) and not re.fullmatch(r"[+△▲−\-]?\d[\d,]*(?:\.\d+)?", s):
        m = _ONLY_PERIOD_RE.match(s)
        assert m is not None
        period = to_period(m[1], era_hint)
        if has_time(period) and not re.fullmatch(r"\d{4}", m[1].strip()):
            return CellValue(None, None, raw, "date", period)
    period: ix.Period | None = None
    if m := _BRACKET_PERIOD_RE.search(s):
        period = to_period(m[1], era_hint)
        s = (s[: m.start()] + s[m.end() :]).strip()
    elif m := _LEADING_PERIOD_RE.match(s):
        candidate = to_period(m[1], era_hint)
        if has_time(candidate):
            period, s = candidate, s[m.end() :].strip()
    elif (m := _TRAILING_PERIOD_RE.search(s)) and re.search(r"年|度|末|[RHS]\d", m[1]):
        candidate = to_period(m[1], era_hint)
        if has_time(candidate):
            period, s = candidate, s[: m.start()].strip()
    value, unit, status = _quantity(s)
    return CellValue(value, unit, raw, status, period if has_time(period) else None)


def _quantity(s: str) -> tuple[Decimal | None, str | None, str]:
    s = s.strip()
    if not s or all(c in "-—―‐−–ー" for c in s):
        return None, None, "none"
    try:
        q = parse_quantity(s)
        if q.unit and q.unit.startswith("兆"):
            return _multiply(q.value, 12), (q.unit[1:] or None), "value"
        return q.value, q.unit, q.status if q.status != "none" else "none"
    except QuantityError:
        pass
    if m := _PER_UNIT_RE.match(s):  # 2.5人/年, 41%/年: the unit is per period
        value, unit, status = _quantity(m["body"])
        if status == "value":
            return value, f"{unit or ''}/{m['per']}", status
    if (m := _COMPOUND_RE.match(s.replace(" ", ""))) and (m["oku"] or m["man"]):  # 3億120万円
        try:
            total = Decimal(0)
            for part, exp in ((m["oku"], 8), (m["man"], 4), (m["sen"], 3), (m["rest"], 0)):
                if part:
                    total += Decimal(part.replace(",", "")).scaleb(exp)
            total = total.quantize(Decimal(1)) if total == total.to_integral_value() else total
            if m["sign"] and m["sign"] in _MINUS:
                total = -total
            return total, (m["unit"] or None), "value"
        except InvalidOperation:
            pass
    stripped = re.sub(r"\s*(?:以上|以下|以内|未満|超|程度|[※*]\d*)$", "", s)
    if stripped != s:
        value, unit, status = _quantity(stripped)
        if status == "value":
            return value, unit, status
    return None, None, "text"


def _multiply(value: Decimal | None, exp: int) -> Decimal | None:
    if value is None:
        return None
    scaled = value.scaleb(exp)
    return scaled.quantize(Decimal(1)) if scaled == scaled.to_integral_value() else scaled
