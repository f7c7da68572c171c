"""The numbers Hyoka can store: one rule for every door (hyoka.plan/1, the loader, the cycle forms, the admin).

Every number column is DECIMAL(20, 6) (`hyoka.plans.fields.NumberField`): at most 14 digits before the
decimal point and 6 after. A value past either is refused with a message, never rounded: Hyoka stores a
value as the document printed it, so 0.1234567 is an error to fix, not a silent 0.123457. Pure Python, no
Django, so readers and `hyoka.interchange` use it too.
"""

from __future__ import annotations

import functools
import math
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

MAX_DIGITS = 20
DECIMAL_PLACES = 6
INTEGER_DIGITS = MAX_DIGITS - DECIMAL_PLACES  # 14: up to 99,999,999,999,999 (about 100 兆)
SHOWN_DIGITS = 30  # past 10**30 (or below 10**-30) a value is written with its exponent (1E+300), not expanded

# Years (年度 and calendar years): from 明治元年, the first year with an era name, to far past any plan.
# A year outside is a typing error (20240 for 2024), and could not be printed as 令和… or dated.
FIRST_YEAR = 1868
LAST_YEAR = 2200


def number_problem(value: Decimal | int | float) -> str | None:
    """Why `value` cannot be stored (English, for documents and the command line), or None if it can."""
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        return f"{number} is not a number Hyoka can store"
    _, digits, exponent = number.normalize().as_tuple()
    assert isinstance(exponent, int)  # finite
    if len(digits) + exponent > INTEGER_DIGITS:
        return f"{number} has more than {INTEGER_DIGITS} digits before the decimal point"
    if -exponent > DECIMAL_PLACES:
        return f"{number} has more than {DECIMAL_PLACES} decimal places"
    return None


# -- reading back what a column holds ------------------------------------------------------------------
#
# A value already stored can lie outside the rule: a row written before the doors checked it (SQLite keeps
# 1E+30), or a NaN written into PostgreSQL by hand. Whatever shows, rounds or charts a stored number goes
# through these, which work for any Decimal in Python's default context (whose 28 digits make quantize()
# raise past 1E+28), so no stored value can make a page, report or export fail.


def trim(value: Decimal) -> Decimal:
    """4986.000000 → 4986, 0.424000 → 0.424, 1E+5 → 100000: the value without padding zeros or exponent.

    Exact for any finite value up to SHOWN_DIGITS digits either side of the point (also one stored before
    the range was checked); past that, the shortest form with its exponent (1E+300), which nobody reads
    as 301 digits either. NaN and infinities are returned as they are."""
    if not value.is_finite():
        return value
    adjusted = value.adjusted()
    if value and not -SHOWN_DIGITS <= adjusted <= SHOWN_DIGITS:
        return value.normalize(context=Context(prec=len(value.as_tuple().digits)))
    if value == value.to_integral_value():
        return value.quantize(_ONE, context=_precision(max(28, adjusted + 2)))
    return value.normalize(context=_precision(max(28, len(value.as_tuple().digits))))


_ONE = Decimal(1)


@functools.lru_cache(maxsize=64)
def _precision(digits: int) -> Context:
    """One context for each precision: every value a page reads goes through trim, and making a Context took a
    third of its time. Only their precision is read; the flags operations set on them are not."""
    return Context(prec=digits)


def rounded(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    """`value` rounded to `places` decimal places (negative: to tens, hundreds …), for any finite value.

    Decimal.quantize raises past the context's 28 digits (a 1E+30 cost, a rate of 1E+25 %); here the
    context is as wide as the result needs. Past SHOWN_DIGITS digits rounding changes nothing anyone
    reads, and the value is returned as it is; so are NaN and infinities."""
    if not value.is_finite() or value.adjusted() > SHOWN_DIGITS:
        return value
    wide = Context(prec=max(28, value.adjusted() + places + 2), rounding=rounding)
    try:
        return value.quantize(Decimal(1).scaleb(-places), context=wide)
    except InvalidOperation:  # places beyond what the context holds: a value too small to round is 0
        return Decimal(0).scaleb(-places)


def finite(value: Decimal | float | int | None) -> float | None:
    """A stored number as a float to draw or compute with, or None for what cannot be drawn (NaN, ±Infinity,
    past a float's range)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError, InvalidOperation):
        return None
    return number if math.isfinite(number) else None
