"""元号 (Japanese eras) and 年度 (April–March fiscal years).

Era change dates are the first day of the new era (1989-01-07 is 昭和64年,
1989-01-08 is 平成元年).  明治 starts on 1868-10-23, the day the era name was
proclaimed; it was applied retroactively to the lunar new year (1868-01-25),
so 明治元年 is still the Gregorian year 1868 for year arithmetic, but dates
before 1868-10-23 have no era here and raise ValueError.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from datetime import MAXYEAR, date, timedelta
from typing import Literal

FiscalStyle = Literal["kanji", "abbrev", "western"]

# Plans written late in an era print target years past its end (平成32年度 for
# FY2020, even 平成40年 for 2028).  A closed era accepts this many extra years.
ERA_OVERRUN_YEARS = 10


@dataclass(frozen=True)
class Era:
    name: str  # 令和
    abbrev: str  # R
    start: date  # first day of 元年
    last_year: int | None  # last era year actually used (平成31); None for the current era

    @property
    def first_gregorian_year(self) -> int:
        return self.start.year


ERAS: tuple[Era, ...] = (
    Era("明治", "M", date(1868, 10, 23), 45),
    Era("大正", "T", date(1912, 7, 30), 15),
    Era("昭和", "S", date(1926, 12, 25), 64),
    Era("平成", "H", date(1989, 1, 8), 31),
    Era("令和", "R", date(2019, 5, 1), None),
)

_BY_KEY = {e.name: e for e in ERAS} | {e.abbrev: e for e in ERAS}


def get_era(era: str) -> Era:
    """Look up an era by name (令和) or abbreviation (R, r, Ｒ)."""
    key = unicodedata.normalize("NFKC", era).strip().upper()
    if key not in _BY_KEY:
        raise ValueError(f"unknown era {era!r}")
    return _BY_KEY[key]


def to_gregorian_year(era: str, year: int) -> int:
    """令和4 → 2022.  元年 is year 1 (callers pass 1).

    Years past a closed era's last year are accepted up to ERA_OVERRUN_YEARS
    (平成32 → 2020), because plans print targets in the old era.
    """
    e = get_era(era)
    if year < 1:
        raise ValueError(f"era year must be at least 1, got {era}{year}")
    if e.last_year is not None and year > e.last_year + ERA_OVERRUN_YEARS:
        raise ValueError(f"{e.name}{year} is past the end of {e.name} ({e.last_year}年)")
    return e.first_gregorian_year + year - 1


def era_of(d: date) -> tuple[str, int]:
    """Era name and era year of a date: 2019-04-30 → (平成, 31), 2019-05-01 → (令和, 1)."""
    for e in reversed(ERAS):
        if d >= e.start:
            return e.name, d.year - e.first_gregorian_year + 1
    raise ValueError(f"{d} is before 明治 ({ERAS[0].start})")


def fiscal_year_of(d: date) -> int:
    """年度: April–March, named after the calendar year it starts in (2023-03-31 → 2022)."""
    return d.year if d.month >= 4 else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[date, date]:
    """First and last day of 年度 fy: 2022 → (2022-04-01, 2023-03-31)."""
    return date(fy, 4, 1), date(fy + 1, 3, 31)


def last_day_of_month(year: int, month: int) -> date:
    """月末: the last day of a month (3月末 → 31日)."""
    first_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return first_next - timedelta(days=1)


def _era_year_text(name: str, year: int, style: FiscalStyle, gregorian: int) -> str:
    if style == "western":
        return str(gregorian)
    if style == "abbrev":
        return f"{get_era(name).abbrev}{year}"
    if style == "kanji":
        return f"{name}{'元' if year == 1 else year}"
    raise ValueError(f"unknown style {style!r}")


def fiscal_year_era(fy: int) -> tuple[str, int]:
    """The era a 年度 is named in: the era in force on 30 June of its first year.

    This names FY2019 令和元年度 (令和 began 1 May, a month into the year),
    FY1988 昭和63年度 and FY1926 大正15年度 (the change came late in the year).
    平成31年度 is also printed for FY2019; parse_period reads both.
    """
    if fy < ERAS[0].first_gregorian_year:
        raise ValueError(f"fiscal year {fy} is before 明治")
    return era_of(max(date(fy, 6, 30), ERAS[0].start))


def format_fiscal_year(fy: int, *, style: FiscalStyle = "kanji") -> str:
    """2022 → 令和4年度 (kanji) / R4年度 (abbrev) / 2022年度 (western).

    A year no era names (1867, or 10000, which no date can hold) is written as its number, 1867年度: pages
    print what is stored, and a wrong year is easier to fix when it is shown as it is. Remembered: a plan
    page names some 600 years, most of them the same ten."""
    return _fiscal_year_text(fy, style)


@functools.lru_cache(maxsize=1024)
def _fiscal_year_text(fy: int, style: FiscalStyle) -> str:
    if style not in ("kanji", "abbrev", "western"):
        raise ValueError(f"unknown style {style!r}")
    if not ERAS[0].first_gregorian_year <= fy < MAXYEAR:
        return f"{fy}年度"
    name, year = fiscal_year_era(fy)
    return _era_year_text(name, year, style, fy) + "年度"


def format_era_year(year: int, *, style: FiscalStyle = "kanji") -> str:
    """Calendar year in the era in force on 31 December: 2017 → 平成29年, 2019 → 令和元年."""
    name, era_year = era_of(date(year, 12, 31))
    return _era_year_text(name, era_year, style, year) + "年"
