"""hyoka.precision's readers of stored numbers: exact, and never raising for any Decimal a column can hand back."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from hypothesis import given
from hypothesis import strategies as st

from hyoka.precision import SHOWN_DIGITS, finite, rounded, trim

any_decimal = st.decimals(allow_nan=True, allow_infinity=True)
finite_decimal = st.decimals(allow_nan=False, allow_infinity=False)


@given(finite_decimal)
def test_trim_keeps_the_value_and_writes_whole_numbers_without_exponent_up_to_30_digits(value):
    result = trim(value)
    assert result == value
    if value == value.to_integral_value() and value.adjusted() <= SHOWN_DIGITS:  # 1E+5 → 100000
        assert "E" not in str(result)


@given(any_decimal)
def test_trim_never_raises(value):
    trim(value)


@given(finite_decimal, st.integers(-3, 10))
def test_rounded_is_quantize_in_a_context_wide_enough(value, places):
    result = rounded(value, places)
    if value.adjusted() > SHOWN_DIGITS:
        assert result == value
    else:
        wide = Context(prec=value.adjusted() + places + 40, rounding=ROUND_HALF_UP)
        assert result == value.quantize(Decimal(1).scaleb(-places), context=wide)


def test_rounded_past_the_default_context():
    assert rounded(Decimal("1E+30"), 0) == Decimal(10**30)  # Decimal.quantize raises here in the default context
    assert str(rounded(Decimal("123.456"), 1)) == "123.5"


@given(any_decimal)
def test_finite_is_a_float_or_none(value):
    result = finite(value)
    assert result is None or math.isfinite(result)
    assert (result is None) == (not value.is_finite() or not math.isfinite(float(value)))
