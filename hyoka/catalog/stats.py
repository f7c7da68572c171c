"""The arithmetic of a cross-city comparison (他団体比較), pure Python (no Django).

Medians, ranks with ties, a distribution in round-edged bins, the national and prefectural medians of a year
and their trend, and the 類似団体 group a municipality is compared with.

類似団体 (a group of municipalities of like size): 総務省's own groups (類似団体区分) need population and the
shares of industries, which the national list Hyoka ships (``hyoka/jp/data/municipalities.csv``: code, name,
prefecture, kana, kind) does not hold. The groups here are therefore by kind only — 政令指定都市, 特別区,
other 市, 町, 村 — the 20 designated cities found in the list by name. 中核市 and population bands are not
distinguished; nothing is estimated.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Direction = Literal["increase", "decrease", "neutral"]

# 政令指定都市 (地方自治法第252条の19), the 20 designated as of 2012 (熊本市, the latest): (prefecture, name).
DESIGNATED_CITIES = frozenset(
    {
        ("北海道", "札幌市"),
        ("宮城県", "仙台市"),
        ("埼玉県", "さいたま市"),
        ("千葉県", "千葉市"),
        ("神奈川県", "横浜市"),
        ("神奈川県", "川崎市"),
        ("神奈川県", "相模原市"),
        ("新潟県", "新潟市"),
        ("静岡県", "静岡市"),
        ("静岡県", "浜松市"),
        ("愛知県", "名古屋市"),
        ("京都府", "京都市"),
        ("大阪府", "大阪市"),
        ("大阪府", "堺市"),
        ("兵庫県", "神戸市"),
        ("岡山県", "岡山市"),
        ("広島県", "広島市"),
        ("福岡県", "北九州市"),
        ("福岡県", "福岡市"),
        ("熊本県", "熊本市"),
    }
)


def gettext_noop(message: str) -> str:
    """Marks a label for the English catalogue without translating it here (no Django in this module)."""
    return message


SIZE_GROUPS: dict[str, str] = {  # code → Japanese label (the pages translate it)
    "designated_city": gettext_noop("政令指定都市"),
    "special_ward": gettext_noop("特別区"),
    "city": gettext_noop("市"),
    "town": gettext_noop("町"),
    "village": gettext_noop("村"),
}


def size_group(kind: str, prefecture: str, name: str) -> str:
    """The 類似団体 group of a municipality of the national list (see the module's note)."""
    if kind == "city" and (prefecture, name) in DESIGNATED_CITIES:
        return "designated_city"
    if kind not in SIZE_GROUPS:
        raise ValueError(f"not a municipality's kind: {kind}")
    return kind


def median(values: Sequence[Decimal]) -> Decimal | None:
    """The middle value (the mean of the two middle ones for an even count); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def ranks(values: Mapping[str, Decimal], direction: Direction) -> dict[str, int]:
    """Each key's rank, 1 the best (the largest unless smaller is better; largest first when neither is);
    equal values share a rank and the next rank is skipped (1, 2, 2, 4)."""
    descending = direction != "decrease"
    ordered = sorted(values.values(), reverse=descending)
    first: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, start=1):
        first.setdefault(value, position)
    return {key: first[value] for key, value in values.items()}


@dataclass(frozen=True)
class Spread:
    """Values of one year, sorted once with their median, so that any one of them is ranked by bisection:
    the municipality page ranks a city among its prefecture, its group and the country on 37 indicators."""

    ordered: tuple[Decimal, ...]
    median: Decimal | None

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> Spread:
        ordered = tuple(sorted(values))
        return cls(ordered, median(ordered))

    def rank(self, value: Decimal, direction: Direction) -> int:
        """The rank ``ranks`` gives ``value`` among these values (of which it is one): 1 + those better."""
        if direction == "decrease":
            return bisect_left(self.ordered, value) + 1
        return len(self.ordered) - bisect_right(self.ordered, value) + 1


@dataclass(frozen=True)
class Bin:
    low: Decimal
    high: Decimal  # the last bin holds its high edge too
    count: int


def _nice_step(span: Decimal, bins: int) -> Decimal:
    """A step of 1, 2 or 5 times a power of ten, at least span / bins."""
    raw = span / bins
    exponent = raw.adjusted()
    for mantissa in (1, 2, 5, 10):
        step = Decimal(mantissa).scaleb(exponent)
        if step >= raw:
            return step
    raise AssertionError("unreachable")  # pragma: no cover


def histogram(values: Sequence[Decimal], bins: int = 10) -> list[Bin]:
    """The distribution in at most ``bins`` bins of a round width; every value counted once."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [Bin(low, high, len(values))]
    step = _nice_step(high - low, bins)
    start = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    count = int(((high - start) / step).to_integral_value(rounding="ROUND_FLOOR")) + 1
    edges = [start + step * i for i in range(count + 1)]
    if edges[-2] == high:  # the maximum on an edge: it belongs to the bin below, not to a bin of its own
        edges.pop()
    counts = [0] * (len(edges) - 1)
    for value in values:
        index = min(int(((value - start) / step).to_integral_value(rounding="ROUND_FLOOR")), len(counts) - 1)
        counts[index] += 1
    return [Bin(edges[i], edges[i + 1], counts[i]) for i in range(len(counts))]


@dataclass(frozen=True)
class Point:
    """One municipality's value of a year: final (確定) or not (速報・暫定)."""

    value: Decimal
    final: bool = True


Series = Mapping[int, Point]  # year → value


def latest_year(series_by_key: Mapping[str, Series]) -> int | None:
    """The most recent year any municipality reports."""
    years = [year for series in series_by_key.values() for year in series]
    return max(years) if years else None


def medians_by_year(series_by_key: Mapping[str, Series], keys: Iterable[str] | None = None) -> dict[int, Decimal]:
    """The median of each year over the given keys (all when None): the trend of the country or a prefecture."""
    chosen = series_by_key if keys is None else {k: series_by_key[k] for k in keys if k in series_by_key}
    by_year: dict[int, list[Decimal]] = defaultdict(list)
    for series in chosen.values():
        for year, point in series.items():
            by_year[year].append(point.value)
    return {year: median(values) for year, values in sorted(by_year.items())}
