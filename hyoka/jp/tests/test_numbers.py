from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hyoka.jp import Quantity, QuantityError, format_quantity, parse_quantity

D = Decimal

# (text as printed, value, unit, per)
VALUES = [
    ("4,986 事業所", D(4986), "事業所", None),
    ("4,962 事業所※", D(4962), "事業所", None),  # footnote mark ignored
    ("△24 事業所", D(-24), "事業所", None),
    ("△321人", D(-321), "人", None),
    ("△ 37 人", D(-37), "人", None),
    ("▲5件", D(-5), "件", None),
    ("−5", D(-5), None, None),  # U+2212
    ("-1.5", D("-1.5"), None, None),
    ("－3人", D(-3), "人", None),  # full-width hyphen
    ("+15件", D(15), "件", None),
    ("7,237,276 人", D(7237276), "人", None),
    ("2.28%", D("2.28"), "%", None),
    ("95.7％", D("95.7"), "%", None),
    ("△0.26", D("-0.26"), None, None),
    ("0.424", D("0.424"), None, None),
    ("1.18", D("1.18"), None, None),
    ("0", D(0), None, None),
    ("10万円", D(100000), "円", None),
    ("1.5億円", D(150000000), "円", None),
    ("3万人", D(30000), "人", None),
    ("2,684人", D(2684), "人", None),
    ("55.8%", D("55.8"), "%", None),
    ("７園", D(7), "園", None),
    ("４２１人", D(421), "人", None),
    ("１，２３４件", D(1234), "件", None),
    ("受診者421人（受診率95.7％）", D(421), "人", None),  # first number; bracket stays in text
    ("450人（100％）", D(450), "人", None),
    ("3件（延べ200日）", D(3), "件", None),
    ("全国12位", D(12), "位", None),
    ("前回8位", D(8), "位", None),
    ("7.8ポイント", D("7.8"), "ポイント", None),
    ("年間 15 件", D(15), "件", "年間"),
    ("年間15件", D(15), "件", "年間"),
    ("年間60件", D(60), "件", "年間"),
    ("月1回", D(1), "回", "月"),
    ("毎月2回", D(2), "回", "月"),
    ("年３回", D(3), "回", "年"),
    ("15 件", D(15), "件", None),
    ("16 店舗", D(16), "店舗", None),
    ("6社", D(6), "社", None),
    ("3団体", D(3), "団体", None),
    ("9か所", D(9), "か所", None),
    ("10箇所", D(10), "箇所", None),
    ("5名", D(5), "名", None),
    ("19組", D(19), "組", None),
    ("延べ57回", D(57), "回", None),
    ("100㎡", D(100), "㎡", None),  # not NFKC'd into m2
    ("500千円", D(500), "千円", None),  # 千 is not a multiplier
]


@pytest.mark.parametrize(("text", "value", "unit", "per"), VALUES)
def test_parse_quantity_value(text, value, unit, per):
    q = parse_quantity(text)
    assert q == Quantity(value, unit, "value", text, per)
    assert q.value.as_tuple() == value.as_tuple() or q.value == value


def test_precision_is_kept():
    assert str(parse_quantity("2.0%").value) == "2.0"
    assert str(parse_quantity("1.5億円").value) == "150000000"


@pytest.mark.parametrize("text", ["—", "-", "－", "―", "‐", "−", "ー", "", "  ", "――"])
def test_parse_quantity_none(text):
    assert parse_quantity(text) == Quantity(None, None, "none", text)


@pytest.mark.parametrize("text", ["経済センサス確報値待ち", "未確定", "集計中", "令和5年度確報値待ち"])
def test_parse_quantity_pending(text):
    assert parse_quantity(text) == Quantity(None, None, "pending", text)


@pytest.mark.parametrize(
    "text",
    [
        "1,2,3",
        "12..5",
        "abc",
        "1,23,4",
        "4,98６6",  # width mixing is fine, but this is a 4-digit group
        "1,0000人",
        ".5",
        "１：計画以上(105％以上)",  # an achievement level legend, not a quantity
        "27回実施　相談者260人",  # two figures in one cell
        "△-5",  # two signs
        "5-",
        "令和4年度補助 1件 10万円",
        "全園実施",
        "6社以上",  # comparator words belong to parse_target
        "2.0%以内",
    ],
)
def test_parse_quantity_malformed(text):
    with pytest.raises(QuantityError) as info:
        parse_quantity(text)
    assert repr(text) in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    ("value", "unit", "kwargs", "expected"),
    [
        (D(4962), "事業所", {}, "4,962事業所"),
        (D(-24), "事業所", {}, "△24事業所"),
        (D(-24), "事業所", {"minus": "▲"}, "▲24事業所"),
        (D("95.7"), "%", {}, "95.7%"),
        (D("95.70"), "%", {}, "95.70%"),
        (D("-0.26"), None, {}, "△0.26"),
        (D(7237276), "人", {}, "7,237,276人"),
        (D("1E+3"), "円", {}, "1,000円"),
        (D("-0.000"), None, {}, "0.000"),
        (D(15), "件", {"per": "年間"}, "年間15件"),
        (D(0), "人", {}, "0人"),
    ],
)
def test_format_quantity(value, unit, kwargs, expected):
    assert format_quantity(value, unit, **kwargs) == expected


UNITS = [None, "人", "事業所", "%", "件", "園", "位", "ポイント", "円", "か所", "店舗", "団体", "回", "㎡"]


@given(
    st.decimals(min_value=-(10**9), max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(UNITS),
    st.sampled_from(["△", "▲", "-", "−"]),
)
def test_quantity_round_trip(value, unit, minus):
    q = parse_quantity(format_quantity(value, unit, minus=minus))
    assert (q.value, q.unit, q.status) == (value, unit, "value")


@given(st.integers(min_value=0, max_value=10**6), st.sampled_from(["件", "回"]), st.sampled_from(["年間", "月"]))
def test_quantity_round_trip_per(value, unit, per):
    q = parse_quantity(format_quantity(D(value), unit, per=per))
    assert (q.value, q.unit, q.per) == (value, unit, per)


@given(st.text(alphabet="0123456789０１２,，.．△▲−-+ 人件%％万億年間月※（）()待ち—", max_size=15) | st.text())
def test_parse_quantity_fails_only_with_quantity_error(text):
    try:
        q = parse_quantity(text)
    except QuantityError as e:
        assert repr(text) in str(e)
    else:
        assert q.text == text
        assert (q.value is None) == (q.status != "value")


def test_format_number_does_not_expand_absurd_exponents():
    from hyoka.jp import format_number

    assert format_number(Decimal("-1E+1000000")) == "△1E+1000000"
    assert format_number(Decimal("1234567.5")) == "1,234,567.5"


@given(st.decimals(allow_nan=True, allow_infinity=True))
def test_any_decimal_formats_as_text(value):
    """A page may meet any stored Decimal (NaN written into PostgreSQL, Infinity): it prints, never raises."""
    from hyoka.jp import format_number

    text = format_number(value)
    assert text and (value.is_finite() or text.lstrip("△") in ("NaN", "sNaN", "Infinity"))


@pytest.mark.parametrize(
    ("value", "unit", "text", "cell"),
    [
        (Decimal("4962"), "事業所", "4,962 事業所※", "4,962事業所"),
        (Decimal("-321"), "人", None, "△321人"),
        (None, "人", "経済センサス確報値待ち", "経済センサス確報値待ち"),
        (None, "%", None, "—"),
        (Decimal("0.424"), None, None, "0.424"),
    ],
)
def test_format_cell(value, unit, text, cell):
    from hyoka.jp import format_cell

    assert format_cell(value, unit, text) == cell


# Units (issue 9, point 5): multipliers expand, printed scale units stay, per-period suffixes are units.
UNIT_CASES = [
    ("3億120万円", D(301200000), "円"),
    ("1兆2,000億円", D(1200000000000), "円"),
    ("1万2,345人", D(12345), "人"),
    ("38.2万人", D(382000), "人"),  # expanded, like 10万円 in the seeds
    ("約3.5億円", D(350000000), "円"),
    ("△1億500万円", D(-105000000), "円"),
    ("1,250千人", D(1250), "千人"),  # a printed scale unit: kept, never rescaled
    ("4,321百万円", D(4321), "百万円"),
    ("12.3千円", D("12.3"), "千円"),
    ("2.5‰", D("2.5"), "‰"),
    ("８．１‰", D("8.1"), "‰"),
    ("2.5人/年", D("2.5"), "人/年"),
    ("41%/年", D(41), "%/年"),
    ("６組／年", D(6), "組/年"),
    ("12件/月", D(12), "件/月"),
]


@pytest.mark.parametrize(("text", "value", "unit"), UNIT_CASES)
def test_units(text, value, unit):
    q = parse_quantity(text)
    assert (q.value, q.unit, q.status, q.text) == (value, unit, "value", text)


@pytest.mark.parametrize(
    "text",
    [
        "120万3億円",  # parts out of order
        "3億3億円",  # a multiplier twice
        "3億12000万円",  # 12000万 inside 億 is not how amounts are written
        "1万0.5円",  # decimals only in the leading part
        "1万2345万円",
        "万円",
        "5万2千",  # kanji thousands inside an amount: refused, not read as 50002 千
        "5万千円",
    ],
)
def test_malformed_amounts(text):
    with pytest.raises(QuantityError):
        parse_quantity(text)


@pytest.mark.parametrize(
    ("value", "text"),
    [(301200000, "3億120万"), (382000, "38万2,000"), (950, "950"), (0, "0"), (10**12, "1兆"), (100000, "10万")],
)
def test_format_amount(value, text):
    from hyoka.jp.numbers import format_amount

    assert format_amount(value) == text


def test_format_amount_refuses_fractions_and_negatives():
    from hyoka.jp.numbers import format_amount

    with pytest.raises(ValueError):
        format_amount(D("1.5"))
    with pytest.raises(ValueError):
        format_amount(-3)


@given(st.integers(min_value=0, max_value=10**16 - 1), st.sampled_from(["円", "人", "件", "事業所", "世帯"]))
def test_compound_amount_round_trip(value, unit):
    from hyoka.jp.numbers import format_amount

    q = parse_quantity(format_amount(value) + unit)
    assert (q.value, q.unit) == (value, unit)


@given(st.integers(min_value=1, max_value=10**16 - 1), st.sampled_from(["△", "▲"]))
def test_compound_amount_round_trip_negative(value, minus):
    from hyoka.jp.numbers import format_amount

    assert parse_quantity(f"{minus}{format_amount(value)}円").value == -value


@given(st.decimals(min_value=0, max_value=10**6, places=2), st.sampled_from(["千人", "百万円", "千円"]))
def test_scale_units_never_rescale(value, unit):
    q = parse_quantity(format_quantity(value, unit))
    assert (q.value, q.unit) == (value, unit)


@given(
    st.decimals(min_value=0, max_value=10**6, places=1),
    st.sampled_from(["人", "%", "組", "件"]),
    st.sampled_from(["年", "月"]),
)
def test_per_period_suffix_round_trip(value, unit, period):
    q = parse_quantity(format_quantity(value, f"{unit}/{period}"))
    assert (q.value, q.unit, q.per) == (value, f"{unit}/{period}", None)


def test_kanji_numerals_as_accessibility_text_prints_them():
    from hyoka.jp.numbers import parse_kanji_number

    cases = {
        "三百四十六": 346,
        "九十一": 91,
        "千三百八十三": 1383,
        "千百五十八": 1158,
        "二十三": 23,
        "十": 10,
        "十六": 16,
        "二〇二三": 2023,
        "一万二千": 12000,
        "三億百二十万": 301200000,
    }
    for text, value in cases.items():
        assert parse_kanji_number(text) == value, text
    for bad in ["", "三四五百", "万", "12", "百x"]:
        with pytest.raises(QuantityError):
            parse_kanji_number(bad)


_DIGITS = "〇一二三四五六七八九"


def _counted(k: int) -> str:
    """0 < k < 10,000 written as counted kanji (千三百八十三), as a printed document writes it."""
    out = ""
    for value, mark in ((1000, "千"), (100, "百"), (10, "十")):
        q, k = divmod(k, value)
        if q:
            out += ("" if q == 1 else _DIGITS[q]) + mark
    return out + (_DIGITS[k] if k else "")


@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_kanji_numerals_read_back_what_counting_writes(n):
    from hyoka.jp.numbers import parse_kanji_number

    text, rest = "", n
    for value, mark in ((10**8, "億"), (10**4, "万"), (1, "")):
        q, rest = divmod(rest, value)
        if q:
            text += _counted(q) + mark
    assert parse_kanji_number(text) == n, text
