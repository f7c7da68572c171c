"""Printed quantities (４２１人, 7,237,276 人, △24 事業所, 10万円, 95.7％) → Decimal + unit.

Grammar, read after NFKC (full-width digits and ％ become ASCII)::

    [label words] [per: 年間|年|月|週|毎…] [sign: △ ▲ − - +] amount [unit[/period]] [※] [（bracketed note…）]
    amount = number [兆|億|万]  |  number兆 number億 number万 number  (compound, largest first)

- label words before the number are allowed and ignored: 受診者421人 → 421 人, 全国12位 → 12 位;
- one leading sign at most; △ ▲ − (U+2212) and '-' are minus (三角 is the printed minus);
- thousands separators must group by three (1,23,4 and 4,98６6 are typos and raise);
- the unit is the run of letters after the number (件 人 事業所 か所 …) or % / ％ / ‰;
- 万/億/兆 attached to a number are multipliers and are expanded (38.2万人 → 382000 人,
  3億120万円 → 301200000 円); a printed scale unit (千人, 百万円, 千円) is the unit and the
  value is never rescaled (500千円 → 500 千円): a table headed 単位：百万円 keeps its figures;
- a per-period suffix is part of the unit as printed (2.5人/年 → 2.5 人/年, 41%/年, 6組/年);
  a per-period prefix (年間15件) is kept apart in `per`;
- a unit ending in 以上/以内/増/減… is refused (that is a target or a delta phrase);
- a trailing phrase is allowed only inside brackets (450人（100％）): anything else after
  the unit raises, so cells holding two figures are not silently read as one.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Literal

Status = Literal["value", "none", "pending"]

# "—" or "-" alone: no figure (空欄).  ー (長音) is used as a dash in some tables.
DASHES = "-—―‐−–ー"
MINUS_SIGNS = "△▲−-"
# 確報値待ち (waiting for final figures), 未確定, 集計中: a value will come later.
PENDING_MARKERS = ("待ち", "未確定", "集計中", "調査中", "未公表", "未集計")
# 10万円 → 100000 円; 千円 / 百万円 stay units (予算書 単位), never rescaled.
MULTIPLIERS = {"万": 4, "億": 8, "兆": 12}
PER_WORDS = {"年間": "年間", "毎年": "年", "年": "年", "毎月": "月", "月": "月", "毎週": "週", "週": "週"}
FOOTNOTE_MARKS = "※*†‡"
# A "unit" ending in a comparator (6社以上) or a change verb (3人増) is a target or a
# delta phrase: parse_target / parse_delta_phrase read those, parse_quantity refuses.
NOT_UNIT_ENDINGS = ("以上", "以下", "以内", "未満", "超", "増", "減", "増加", "減少", "上昇", "低下", "下降")
# Characters NFKC would break: ㎡ → m2 puts a digit inside the unit.
_KEEP = "㎡㎥㎢"
_KEEP_RE = re.compile(f"([{_KEEP}])")
_LETTERS = rf"(?:[^\W\d_]|[{_KEEP}])+"

NUMBER = r"\d[\d,]*(?:\.\d+)?"
_NUMBER_RE = re.compile(NUMBER)  # compiled once: re's own cache is shared with every caller
_QUANTITY_RE = re.compile(
    rf"""^
    (?P<prefix>{_LETTERS}(?:[\s・]+{_LETTERS})*?)??\s*
    (?:(?<![^\s])(?P<per>年間|毎年|毎月|毎週|年|月|週)\s*)?
    (?P<sign>[+{MINUS_SIGNS}])?\s*
    (?P<amount>(?:{NUMBER}\s*[兆億万]\s*)*(?:{NUMBER})?)\s*
    (?P<unit>(?:%|‰|{_LETTERS})(?:/{_LETTERS})?)?\s*
    (?P<foot>[{FOOTNOTE_MARKS}]+\d*)?\s*
    (?P<rest>[(\[【].*)?
    $""",
    re.VERBOSE | re.DOTALL,
)
_GROUPED_RE = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_PART_RE = re.compile(rf"({NUMBER})\s*([兆億万]?)")


class QuantityError(ValueError):
    """A printed quantity that cannot be read; the message quotes the text."""


@dataclass(frozen=True)
class Quantity:
    value: Decimal | None
    unit: str | None
    status: Status
    text: str  # as printed, never normalised
    per: str | None = None  # 年間 (per year), 月 (per month)


def nfkc(text: str) -> str:
    """NFKC (全角 → 半角), except for the few characters listed in _KEEP."""
    if not _KEEP_RE.search(text):  # the usual case, and a hot path of every reader: one call
        return unicodedata.normalize("NFKC", text)
    parts = _KEEP_RE.split(text)
    return "".join(p if p and p in _KEEP else unicodedata.normalize("NFKC", p) for p in parts)


def parse_number(num: str, *, text: str | None = None) -> Decimal:
    """'7,237,276' → Decimal; separators must group by three."""
    shown = text if text is not None else num
    if not _NUMBER_RE.fullmatch(num):
        raise QuantityError(f"not a number: {shown!r}")
    integer = num.split(".")[0]
    if "," in integer and not _GROUPED_RE.match(integer):
        raise QuantityError(f"misplaced thousands separator in {shown!r}")
    return Decimal(num.replace(",", ""))


def _scale(value: Decimal, mult: str | None) -> Decimal:
    if not mult:
        return value
    scaled = value.scaleb(MULTIPLIERS[mult])
    return scaled.quantize(Decimal(1)) if scaled == scaled.to_integral_value() else scaled


def parse_amount(amount: str, *, text: str | None = None) -> Decimal:
    """'3億120万' → 301200000; '38.2万' → 382000; '1,250' → 1250.

    Parts must come largest first, each multiplier once (3億120万, 1兆2,000億5万); a bare number
    may only close the amount (1万2345).  Only the first part may have decimals (1.5億, not 1億0.5万).
    """
    shown = text if text is not None else amount
    parts = _PART_RE.findall(amount.replace(" ", ""))
    if not parts or "".join(n + m for n, m in parts) != amount.replace(" ", ""):
        raise QuantityError(f"not an amount: {shown!r}")
    total = Decimal(0)
    last = 99
    with localcontext() as exact:  # sums keep every digit (the default context rounds at 28)
        exact.prec = len(amount) + 20
        for i, (num, mult) in enumerate(parts):
            power = MULTIPLIERS.get(mult, 0)
            if power >= last or (not mult and i != len(parts) - 1) or (i and "." in num):
                raise QuantityError(f"amount parts out of order in {shown!r}")
            value = parse_number(num, text=shown)
            if i and value >= Decimal(1).scaleb(last - power):
                raise QuantityError(f"amount part too large in {shown!r}")  # 3億12000万 is not how 億 is written
            last = power
            total = _scale(value, mult or None) if i == 0 else total + _scale(value, mult or None)
    return total


def format_amount(value: Decimal | int) -> str:
    """301200000 → '3億120万'; 382000 → '38万2,000'; 950 → '950'.  Inverse of parse_amount for integers."""
    value = Decimal(value)
    if value != value.to_integral_value() or value < 0:
        raise ValueError(f"format_amount needs a non-negative integer, not {value}")
    rest = int(value)
    out = []
    for mult, power in sorted(MULTIPLIERS.items(), key=lambda kv: -kv[1]):
        part, rest = divmod(rest, 10**power)
        if part:
            out.append(f"{part:,}{mult}")
    if rest or not out:
        out.append(f"{rest:,}")
    return "".join(out)


def parse_quantity(text: str) -> Quantity:
    """Read one printed quantity; see the module docstring for the grammar."""
    s = nfkc(text).strip()
    if not s or all(c in DASHES for c in s):
        return Quantity(None, None, "none", text)
    if any(m in s for m in PENDING_MARKERS):
        return Quantity(None, None, "pending", text)
    m = _QUANTITY_RE.match(s)
    if not m:
        raise QuantityError(f"cannot read a quantity from {text!r}")
    if (m["unit"] or "").endswith(NOT_UNIT_ENDINGS):
        raise QuantityError(f"{text!r} is a target or a change, not a quantity")
    if not m["amount"]:
        raise QuantityError(f"cannot read a quantity from {text!r}")
    if re.search("[兆億万]", m["amount"]) and (m["unit"] or "")[:1] in tuple("兆億万千百十"):
        raise QuantityError(f"mixed multipliers in {text!r}")  # 5万2千人, 5万千円: neither scale nor amount
    value = parse_amount(m["amount"].strip(), text=text)
    if m["sign"] and m["sign"] in MINUS_SIGNS:
        value = -value
    per = PER_WORDS[m["per"]] if m["per"] else None
    return Quantity(value, m["unit"] or None, "value", text, per)


def format_number(value: Decimal, *, minus: str = "△") -> str:
    """4962 → 4,962; -0.26 → △0.26.  Keeps the value's own decimal places."""
    magnitude = value.copy_abs()  # abs() would round, and overflow, in the default context
    if not magnitude.is_finite():
        body = str(magnitude)  # NaN, Infinity: shown as the text they are, never raised on a page
    elif magnitude.adjusted() > 30 or magnitude.as_tuple().exponent < -30:
        body = str(magnitude)  # an absurd magnitude (1E+1000000): do not expand a million digits
    else:
        body = format(magnitude, ",f")
    return f"{minus}{body}" if value.is_signed() and value else body


def format_cell(value: Decimal | None, unit: str | None, text: str | None = None) -> str:
    """A table cell as a city prints it: the value with its unit, else the printed text (確報値待ち), else —."""
    if value is None:
        return text or "—"
    return format_quantity(value, unit or None)


def format_quantity(value: Decimal, unit: str | None, *, minus: str = "△", per: str | None = None) -> str:
    """4962 事業所 → 4,962事業所; -24 → △24事業所; 95.7 % → 95.7%; per 年間 → 年間15件."""
    return f"{per or ''}{format_number(value, minus=minus)}{unit or ''}"


_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_KANJI_SMALL = {"十": 10, "百": 100, "千": 1000}
_KANJI_LARGE = {"万": 10**4, "億": 10**8, "兆": 10**12}
KANJI_NUMBER_RE = re.compile(r"[〇零一二三四五六七八九十百千万億兆]+")


def parse_kanji_number(text: str) -> int:
    """三百四十六 → 346, 千三百八十三 → 1383, 二〇二三 → 2023, 三億百二十万 → 301200000.

    Accessibility text versions of plans print every number in kanji numerals; a reader turns the
    figure into a number with this and keeps the printed text beside it, as for any other figure.
    Positional digits (二〇二三) and counted digits (二千二十三) are both read; anything else raises.
    """
    if not text or not KANJI_NUMBER_RE.fullmatch(text):
        raise QuantityError(f"not a kanji number: {text!r}")
    if all(c in _KANJI_DIGITS for c in text):  # 二〇二三: one digit per character
        return int("".join(str(_KANJI_DIGITS[c]) for c in text))
    total = section = digit = 0
    seen_digit = False
    for c in text:
        if c in _KANJI_DIGITS:
            if seen_digit:
                raise QuantityError(f"two digits in a row in {text!r}")
            digit, seen_digit = _KANJI_DIGITS[c], True
        elif c in _KANJI_SMALL:
            section += (digit if seen_digit else 1) * _KANJI_SMALL[c]
            digit, seen_digit = 0, False
        else:
            section += digit
            if not section:
                raise QuantityError(f"{c} with no number before it in {text!r}")
            total += section * _KANJI_LARGE[c]
            section = digit = 0
            seen_digit = False
    return total + section + digit


# What a kanji figure is followed by (a counter) or preceded by (an era, 第): 三百四十六人, 平成二十三年度,
# 七月, 第一期. A kanji numeral elsewhere is part of a word (一般, 千葉, 十分) and is left alone.
_KANJI_COUNTERS = (
    "人", "件", "年", "月", "日", "か所", "箇所", "ヶ所", "カ所", "回", "世帯", "戸", "校", "%", "％", "パーセント",
    "ページ", "期", "歳", "時間", "施設", "団体", "事業所", "円", "社", "園", "台", "ポイント", "点", "割",
)  # fmt: skip
_KANJI_FIGURE_RE = re.compile(
    rf"(?P<before>平成|令和|昭和|第)?(?P<num>{KANJI_NUMBER_RE.pattern})(?=(?P<after>{'|'.join(_KANJI_COUNTERS)})?)"
)


def kanji_figures(text: str) -> tuple[str, list[int]]:
    """`text` with its kanji figures in digits (千三百八十三人 → 1383人, 平成二十三年度 → 平成23年度), and
    for each character of the result the index in `text` of the character it was made from, plus
    `len(text)` at the end: a reader matches the digits and cuts the printed token of
    `result[a:b]` as `text[origin[a]:origin[b]]`.

    A numeral run is a figure when a counter follows it or an era or 第 precedes it; one that
    cannot be read (万一) is left as printed.
    """
    out: list[str] = []
    origin: list[int] = []
    at = 0
    for m in _KANJI_FIGURE_RE.finditer(text):
        if not (m["before"] or m["after"]):
            continue
        try:
            digits = str(parse_kanji_number(m["num"]))
        except QuantityError:
            continue
        start, end = m.start("num"), m.end("num")
        out.append(text[at:start])
        origin += range(at, start)
        out.append(digits)
        origin += [start] * len(digits)
        at = end
    out.append(text[at:])
    origin += range(at, len(text) + 1)
    return "".join(out), origin
