from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp import Period, format_era_year, format_fiscal_year, parse_period, period_sort_key

# (label as printed in the seeds, fiscal_year, year, date)
SEED_LABELS = [
    ("令和4年度末", 2022, 2023, date(2023, 3, 31)),
    ("令和3年度末", 2021, 2022, date(2022, 3, 31)),
    ("令和4年度", 2022, None, None),
    ("令和3年度", 2021, None, None),
    ("H28 末現在", 2016, 2017, date(2017, 3, 31)),
    ("H28末現在", 2016, 2017, date(2017, 3, 31)),
    ("平成31年1月1日時点", 2018, 2019, date(2019, 1, 1)),
    ("平成 31 年 1 月 1 日時点", 2018, 2019, date(2019, 1, 1)),
    ("平成 27 年 1 月 1 日時点", 2014, 2015, date(2015, 1, 1)),
    ("令和7年3月末時点", 2024, 2025, date(2025, 3, 31)),
    ("令和３年３月31日現在", 2020, 2021, date(2021, 3, 31)),
    ("令和２年５月１日現在", 2020, 2020, date(2020, 5, 1)),
    ("(H26)", 2014, None, None),
    ("（H26）", 2014, None, None),
    ("基準値 (H26)", 2014, None, None),
    ("基準値（H26）", 2014, None, None),
    ("目標値 (H31)", 2019, None, None),
    ("目標値（H31）", 2019, None, None),
    ("令和2年度", 2020, None, None),
    ("令和２年度", 2020, None, None),
    ("令和２年度時点", 2020, None, None),
    ("令和２年度実施", 2020, None, None),
    ("令和6年度目標値", 2024, None, None),
    ("平成29年", None, 2017, None),
    ("平成 29 年調査", None, 2017, None),
    ("2022", None, 2022, None),
    ("令和 2（2020）年度", 2020, None, None),
]

OTHER_LABELS = [
    ("2022年度", 2022, None, None),
    ("2022年度末", 2022, 2023, date(2023, 3, 31)),
    ("2022年", None, 2022, None),
    ("2022年3月31日", 2021, 2022, date(2022, 3, 31)),
    ("2022-03-31", 2021, 2022, date(2022, 3, 31)),
    ("2022/4/1", 2022, 2022, date(2022, 4, 1)),
    ("2025年3月末", 2024, 2025, date(2025, 3, 31)),
    ("2020年2月", 2019, 2020, None),
    ("R4", 2022, None, None),
    ("r4", 2022, None, None),
    ("Ｒ４", 2022, None, None),
    ("R4年度", 2022, None, None),
    ("R4年度末", 2022, 2023, date(2023, 3, 31)),
    ("R4.3.31", 2021, 2022, date(2022, 3, 31)),
    ("令和4", 2022, None, None),
    ("令和元年度", 2019, None, None),
    ("平成31年度", 2019, None, None),  # the same year as 令和元年度
    ("H32", 2020, None, None),  # a 平成 plan's FY2020 target
    ("平成元年", None, 1989, None),
    ("令和２年３月策定", 2019, 2020, None),  # a month without a day: year and 年度 only
    ("令和３年３月時点", 2020, 2021, None),
    ("令和7年2月末", 2024, 2025, date(2025, 2, 28)),
    ("昭和64年1月7日", 1988, 1989, date(1989, 1, 7)),
]

NO_TIME = [
    "前回",
    "前々回",
    "人口ビジョン",
    "",
    "令和2年度からの累計",  # a span, not one year
    "H27-H31",
    "平成27-31年度",
    "令和2年度～令和6年度",
    "令和2年度以降",
    "2020~2024",
    "平成99年",  # past the era's end and its tolerance
    "令和0年度",
    "令和3年2月30日",
    "令和3年13月",
    "T-1 グランプリ",
    "KPI",
    "0999年",
]


@pytest.mark.parametrize(("label", "fy", "year", "day"), SEED_LABELS + OTHER_LABELS)
def test_parse_period(label, fy, year, day):
    assert parse_period(label) == Period(label, fy, year, day)


@pytest.mark.parametrize("label", NO_TIME)
def test_parse_period_without_time(label):
    assert parse_period(label) == Period(label, None, None, None)


def test_label_kept_exactly():
    assert parse_period("H28 末現在").label == "H28 末現在"
    assert parse_period(" 令和３年３月31日現在 ").label == " 令和３年３月31日現在 "


def test_period_sort_key_orders_observations():
    labels = ["前回", "令和4年度末", "2022", "令和3年度末", "令和4年度", "平成31年1月1日時点", "H28末現在", "前々回"]
    ordered = [p.label for p in sorted(map(parse_period, labels), key=period_sort_key)]
    assert ordered == [
        "H28末現在",
        "平成31年1月1日時点",
        "令和3年度末",
        "2022",
        "令和4年度",
        "令和4年度末",
        "前々回",
        "前回",
    ]


@given(st.integers(min_value=1868, max_value=2100), st.sampled_from(["kanji", "abbrev", "western"]))
def test_fiscal_year_label_round_trip(fy, style):
    label = format_fiscal_year(fy, style=style)
    assert parse_period(label) == Period(label, fy, None, None)


@given(st.integers(min_value=1868, max_value=2100), st.sampled_from(["kanji", "abbrev", "western"]))
def test_fiscal_year_end_label_round_trip(fy, style):
    label = format_fiscal_year(fy, style=style) + "末"
    assert parse_period(label) == Period(label, fy, fy + 1, date(fy + 1, 3, 31))


@given(st.integers(min_value=1868, max_value=2100), st.sampled_from(["kanji", "abbrev", "western"]))
def test_calendar_year_label_round_trip(year, style):
    label = format_era_year(year, style=style)
    assert parse_period(label) == Period(label, None, year, None)


@given(st.text())
def test_parse_period_never_raises(text):
    p = parse_period(text)
    assert p.label == text
    if p.date is not None:
        assert p.year == p.date.year
    period_sort_key(p)


@given(st.text(alphabet="令和平成HR元年度月日末現在時点0123456789０１２３（）() .-~からの累計", max_size=20))
def test_parse_period_never_raises_on_near_labels(text):
    p = parse_period(text)
    assert p.label == text
    if p.date is not None:
        assert p.year == p.date.year
        assert p.fiscal_year == (p.date.year if p.date.month >= 4 else p.date.year - 1)
