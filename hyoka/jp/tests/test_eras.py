from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp import (
    era_of,
    fiscal_year_bounds,
    fiscal_year_of,
    format_era_year,
    format_fiscal_year,
    get_era,
    to_gregorian_year,
)
from hyoka.jp.eras import last_day_of_month

MEIJI_START = date(1868, 10, 23)


@pytest.mark.parametrize(
    ("era", "year", "expected"),
    [
        ("令和", 4, 2022),
        ("R", 4, 2022),
        ("r", 1, 2019),
        ("Ｒ", 2, 2020),
        ("Ｈ", 28, 2016),
        ("平成", 1, 1989),
        ("平成", 31, 2019),
        ("H", 32, 2020),  # printed for FY2020 targets in 平成 plans
        ("H", 41, 2029),  # last year inside the overrun tolerance
        ("昭和", 64, 1989),
        ("S", 1, 1926),
        ("大正", 15, 1926),
        ("T", 1, 1912),
        ("明治", 1, 1868),
        ("m", 45, 1912),
        ("令和", 200, 2218),  # the current era has no end
    ],
)
def test_to_gregorian_year(era, year, expected):
    assert to_gregorian_year(era, year) == expected


@pytest.mark.parametrize(("era", "year"), [("令和", 0), ("H", -1), ("平成", 42), ("昭和", 75), ("X", 3), ("", 1)])
def test_to_gregorian_year_rejects(era, year):
    with pytest.raises(ValueError):
        to_gregorian_year(era, year)


def test_get_era():
    assert get_era(" 令和 ").abbrev == "R"
    assert get_era("h").name == "平成"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(1868, 10, 23), ("明治", 1)),
        (date(1912, 7, 29), ("明治", 45)),
        (date(1912, 7, 30), ("大正", 1)),
        (date(1926, 12, 24), ("大正", 15)),
        (date(1926, 12, 25), ("昭和", 1)),
        (date(1989, 1, 7), ("昭和", 64)),
        (date(1989, 1, 8), ("平成", 1)),
        (date(2019, 4, 30), ("平成", 31)),
        (date(2019, 5, 1), ("令和", 1)),
        (date(2023, 3, 31), ("令和", 5)),
    ],
)
def test_era_of(d, expected):
    assert era_of(d) == expected


def test_era_of_before_meiji():
    with pytest.raises(ValueError):
        era_of(date(1868, 10, 22))


@pytest.mark.parametrize(
    ("d", "fy"),
    [(date(2023, 3, 31), 2022), (date(2023, 4, 1), 2023), (date(2022, 12, 31), 2022), (date(2022, 1, 1), 2021)],
)
def test_fiscal_year_of(d, fy):
    assert fiscal_year_of(d) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2022) == (date(2022, 4, 1), date(2023, 3, 31))


@pytest.mark.parametrize(
    ("fy", "style", "expected"),
    [
        (2022, "kanji", "令和4年度"),
        (2022, "abbrev", "R4年度"),
        (2022, "western", "2022年度"),
        (2019, "kanji", "令和元年度"),
        (2019, "abbrev", "R1年度"),
        (2018, "kanji", "平成30年度"),
        (2016, "abbrev", "H28年度"),
        (1989, "kanji", "平成元年度"),
        (1988, "kanji", "昭和63年度"),  # 平成 began in January, late in the year
        (1926, "kanji", "大正15年度"),
        (1912, "kanji", "明治45年度"),
        (1868, "kanji", "明治元年度"),
    ],
)
def test_format_fiscal_year(fy, style, expected):
    assert format_fiscal_year(fy, style=style) == expected


def test_format_fiscal_year_rejects_an_unknown_style():
    with pytest.raises(ValueError):
        format_fiscal_year(2022, style="roman")


@pytest.mark.parametrize("fy", [-5, 0, 1, 1867, 9999, 10000, 99999])
def test_a_year_no_era_names_is_written_as_its_number(fy):
    """A stored typing error (20240 for 2024) is shown as it is on the page where it can be fixed."""
    assert format_fiscal_year(fy) == f"{fy}年度"


@pytest.mark.parametrize(
    ("year", "style", "expected"),
    [
        (2017, "kanji", "平成29年"),
        (2019, "kanji", "令和元年"),
        (2019, "abbrev", "R1年"),
        (1989, "kanji", "平成元年"),
        (2022, "western", "2022年"),
        (1926, "kanji", "昭和元年"),
    ],
)
def test_format_era_year(year, style, expected):
    assert format_era_year(year, style=style) == expected


@pytest.mark.parametrize(("y", "m", "d"), [(2025, 3, 31), (2024, 2, 29), (2023, 2, 28), (2022, 12, 31), (2022, 4, 30)])
def test_last_day_of_month(y, m, d):
    assert last_day_of_month(y, m) == date(y, m, d)


def test_every_day_round_trips_through_its_era():
    """Every date 1868-10-23..2100-12-31: era_of then to_gregorian_year gives its year."""
    d, end, one = MEIJI_START, date(2100, 12, 31), timedelta(days=1)
    count = 0
    while d <= end:
        name, year = era_of(d)
        assert to_gregorian_year(name, year) == d.year
        d += one
        count += 1
    assert count == (end - MEIJI_START).days + 1


@given(st.dates(min_value=MEIJI_START, max_value=date(2100, 12, 31)))
def test_era_round_trip(d):
    name, year = era_of(d)
    assert year >= 1
    assert to_gregorian_year(name, year) == d.year
    assert to_gregorian_year(get_era(name).abbrev, year) == d.year


@given(st.dates(min_value=date(1869, 1, 1), max_value=date(2100, 12, 31)))
def test_fiscal_year_bounds_contain_the_date(d):
    first, last = fiscal_year_bounds(fiscal_year_of(d))
    assert first <= d <= last
    assert (first.month, first.day, last.month, last.day) == (4, 1, 3, 31)
    assert last.year == first.year + 1
