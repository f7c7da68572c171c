"""Period labels as printed (令和4年度末, H28 末現在, 平成31年1月1日時点) → a normalised Period.

The label is kept exactly as given; parsing works on an NFKC copy with spaces removed
(PDF text prints 平成 27 年 1 月 1 日時点).  Rules, most specific first:

- a date (年月日, R4.3.31, 2022-03-31) sets date, year = date.year, fiscal_year of the date;
- 年M月末 sets the month's last day; 年M月 without a day sets year and fiscal_year only;
- 年度 is a fiscal year; 年度末 (or a bare era year + 末, H28末) adds the last day, 3月31日;
- 年 (not 年度) is a calendar year: 平成29年調査 → year 2017, fiscal_year None;
- a bare era year (H26, R4, 令和4) is a fiscal year: that is how KPI table headers use it;
- a bare 4-digit year (2022) is a calendar year;
- a span (令和2年度からの累計, R2~R6, 以降) is not one period: everything None;
- no time at all (前回, 人口ビジョン) or an impossible date: everything None.  Never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .eras import ERAS, fiscal_year_bounds, fiscal_year_of, last_day_of_month, to_gregorian_year
from .numbers import nfkc

_ERA_NAMES = "|".join(e.name for e in ERAS)
_ERA_ABBREVS = "".join(e.abbrev for e in ERAS)
# An era and its year: 令和4, 令和元, H28, h28 (abbreviations not inside a Latin word).
ERA = rf"(?:(?P<era>{_ERA_NAMES})|(?<![A-Za-z\d])(?P<abbr>[{_ERA_ABBREVS}{_ERA_ABBREVS.lower()}]))(?P<ey>\d{{1,2}}|元)"
ERA_START = rf"(?:{_ERA_NAMES}|[{_ERA_ABBREVS}])"
# 令和2(2020)年度: the western year in brackets only repeats the era year.
_WESTERN_ECHO = re.compile(rf"({ERA})\(\d{{4}}\)")
# 2022-03-31 is a date, but 年度-, H27-H31 and 平成27-31年度 are spans.
_SPAN = re.compile(rf"から|以降|累計|[~〜]|年度?[-‐](?:\d|{ERA_START})|\d[-‐]{ERA_START}|{ERA_START}\d{{1,2}}[-‐]\d")
_WY = r"(?<!\d)(?P<wy>[12]\d{3})"

_DATE = [
    re.compile(rf"{ERA}年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"),
    re.compile(rf"{ERA}\.(?P<m>\d{{1,2}})\.(?P<d>\d{{1,2}})(?!\d)"),
    re.compile(rf"{_WY}年(?P<m>\d{{1,2}})月(?P<d>\d{{1,2}})日"),
    re.compile(rf"{_WY}[./-](?P<m>\d{{1,2}})[./-](?P<d>\d{{1,2}})(?!\d)"),
]
_MONTH = [
    re.compile(rf"{ERA}年(?P<m>\d{{1,2}})月(?P<end>末)?"),
    re.compile(rf"{_WY}年(?P<m>\d{{1,2}})月(?P<end>末)?"),
]
_FISCAL = [
    re.compile(rf"{ERA}年度(?P<end>末)?"),
    re.compile(rf"{_WY}年度(?P<end>末)?"),
]
_CALENDAR = [re.compile(rf"{ERA}年"), re.compile(rf"{_WY}年")]
_BARE_ERA = re.compile(rf"{ERA}(?![\d.年])(?P<end>末)?")
_BARE_WESTERN = re.compile(r"^[(]?(?P<wy>[12]\d{3})[)]?$")


@dataclass(frozen=True)
class Period:
    label: str  # exactly as printed
    fiscal_year: int | None  # 年度 (April–March), named by its starting year
    year: int | None  # calendar year, when the label pins one (年, or a date)
    date: date | None  # a day, when the label names one (日, 月末, 年度末)


def _year(m: re.Match[str]) -> int:
    if "wy" in m.groupdict() and m["wy"]:
        return int(m["wy"])
    era = m["era"] or m["abbr"]
    return to_gregorian_year(era, 1 if m["ey"] == "元" else int(m["ey"]))


def _from_date(label: str, d: date) -> Period:
    return Period(label, fiscal_year_of(d), d.year, d)


def _parse(label: str, s: str) -> Period:
    for rx in _DATE:
        if m := rx.search(s):
            return _from_date(label, date(_year(m), int(m["m"]), int(m["d"])))
    for rx in _MONTH:
        if m := rx.search(s):
            y, month = _year(m), int(m["m"])
            if m["end"]:
                return _from_date(label, last_day_of_month(y, month))
            date(y, month, 1)  # validates the month
            return Period(label, fiscal_year_of(date(y, month, 1)), y, None)
    for rx in [*_FISCAL, _BARE_ERA]:
        if m := rx.search(s):
            fy = _year(m)
            if m["end"]:
                return _from_date(label, fiscal_year_bounds(fy)[1])
            return Period(label, fy, None, None)
    for rx in [*_CALENDAR, _BARE_WESTERN]:
        if m := rx.search(s):
            return Period(label, None, _year(m), None)
    return Period(label, None, None, None)


def parse_period(label: str) -> Period:
    """Normalise a printed period label; unknown labels give a Period of Nones."""
    s = re.sub(r"\s+", "", nfkc(label))
    s = _WESTERN_ECHO.sub(r"\1", s)
    if _SPAN.search(s):
        return Period(label, None, None, None)
    try:
        return _parse(label, s)
    except (ValueError, OverflowError):  # 平成99年, 2月30日, year 0
        return Period(label, None, None, None)


def period_anchor(p: Period) -> date | None:
    """The day a period is compared at: its date, else the end of its 年度, else 31 December."""
    if p.date is not None:
        return p.date
    if p.fiscal_year is not None:
        return fiscal_year_bounds(p.fiscal_year)[1]
    if p.year is not None:
        return date(p.year, 12, 31)
    return None


def period_sort_key(p: Period) -> tuple[bool, date, str]:
    """Chronological by anchor day; labels with no time (前回) last, by label."""
    anchor = period_anchor(p)
    return (anchor is None, anchor or date.max, p.label)
